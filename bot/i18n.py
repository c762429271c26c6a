"""Translations: gettext catalogs compiled in memory from ``locales/*/LC_MESSAGES/messages.po``.

The current language lives in a ``ContextVar`` so concurrent updates never see each other's
language. English sentences are the msgids; ``N_`` marks module-level labels that are
translated when used.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from bot.languages import LANGUAGES

LOCALES_DIR = Path(__file__).resolve().parents[1] / "locales"
DOMAIN = "messages"

_current_language: ContextVar[str] = ContextVar("current_language", default="en")


class CatalogMissingError(RuntimeError):
    """A language has no catalog: better to stop than silently answer in English."""


@cache
def translations(language: str) -> gettext.NullTranslations:
    """Compile the language's .po file once; English falls back to the msgids themselves."""
    po_path = LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.is_file():
        if language == "en":
            return gettext.NullTranslations()
        raise CatalogMissingError(f"no catalog for {language!r} at {po_path}")
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def current_language() -> str:
    """The language of the update being handled."""
    return _current_language.get()


@contextmanager
def use_language(language: str) -> Iterator[None]:
    """Speak ``language`` inside the block: the engine runs each event's handler in the
    user's; a handler writing to someone else (a mentor) nests the recipient's."""
    token = _current_language.set(language if language in LANGUAGES else "en")
    try:
        yield
    finally:
        _current_language.reset(token)


def language_name(code: str) -> str:
    """A language's name (Thai, English) in the current language; an unknown code as it is."""
    return _(LANGUAGE_NAMES[code]) if code in LANGUAGE_NAMES else code


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message with a count (Thai has one form)."""
    return translations(current_language()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a module-level label for extraction; translate it with ``_`` when used."""
    return message


LANGUAGE_NAMES = {"th": N_("Thai"), "en": N_("English")}


def format_date(value: dt.date, language: str | None = None) -> str:
    """A date as readers of the language expect it: Thai uses the Buddhist era (พ.ศ.)."""
    language = language or current_language()
    if language == "th":
        month = babel_format_date(value, "MMM", locale="th")
        return f"{value.day} {month} {value.year + 543}"
    return babel_format_date(value, "d MMM y", locale="en")


def format_number(value: float, language: str | None = None) -> str:
    """A number with the locale's grouping."""
    return format_decimal(value, locale=language or current_language())
