"""``python -m bot i18n …``: keep the gettext catalogs in step with the code.

``update`` extracts every message from ``bot/`` and merges it into each catalog; ``fill`` takes
a YAML mapping of msgid → translation for one language; ``check`` lists what is missing.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.i18n import DOMAIN, LANGUAGES, LOCALES_DIR

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # bot/
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}")
TAG = re.compile(r"</?[a-z]+")


def extract_messages() -> Catalog:
    """Every translatable message in the package, as a template catalog."""
    template = Catalog(project="Coop Compass", domain=DOMAIN)
    method_map = [("**.py", "python")]
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PACKAGE_DIR), method_map=method_map, keywords=KEYWORDS
    ):
        template.add(message)
    return template


def catalog_path(language: str) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(language: str) -> Catalog:
    with catalog_path(language).open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def write_catalog(language: str, catalog: Catalog) -> None:
    path = catalog_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(
            handle,
            catalog,
            width=99,
            sort_output=True,
            omit_header=False,
            include_previous=False,
            ignore_obsolete=True,
        )


def update_catalogs() -> None:
    """Merge the extracted messages into every language's catalog (obsolete ones dropped)."""
    template = extract_messages()
    for language in LANGUAGES:
        path = catalog_path(language)
        catalog = (
            read_catalog(language) if path.exists() else Catalog(locale=language, domain=DOMAIN)
        )
        catalog.update(template, no_fuzzy_matching=True)
        write_catalog(language, catalog)


def problems(language: str) -> list[str]:
    """Messages missing, untranslated, or whose placeholders or tags differ from the msgid."""
    template = extract_messages()
    catalog = read_catalog(language)
    found: list[str] = []
    for message in template:
        if not message.id:
            continue
        entry = catalog.get(message.id)
        if entry is None:
            found.append(f"missing in {language}: {message.id!r}")
            continue
        if language == "en":
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(strings) or entry.fuzzy:
            found.append(f"untranslated in {language}: {ids[0]!r}")
            continue
        msgid = str(ids[0])
        for text in map(str, strings):
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(msgid)):
                found.append(f"placeholders differ in {language}: {ids[0]!r}")
            if sorted(TAG.findall(text)) != sorted(TAG.findall(msgid)):
                found.append(f"HTML tags differ in {language}: {ids[0]!r}")
    return found


def fill_catalog(language: str, translations: dict[str, Any]) -> int:
    """Set translations from a mapping; returns how many entries changed."""
    catalog = read_catalog(language)
    changed = 0
    for msgid, text in translations.items():
        entry = catalog.get(msgid)
        if entry is None:
            raise SystemExit(f"not in the catalog (run `python -m bot i18n update`): {msgid!r}")
        entry.string = tuple(text) if isinstance(text, list) else text
        entry.flags.discard("fuzzy")
        changed += 1
    write_catalog(language, catalog)
    return changed


def register(subparsers: Any) -> None:
    """Add the ``i18n`` command group."""
    i18n = subparsers.add_parser("i18n", help="translation catalogs")
    sub = i18n.add_subparsers(dest="i18n_command", metavar="ACTION", required=True)
    sub.add_parser(
        "update", help="extract messages and merge them into the catalogs"
    ).set_defaults(func=_update)
    sub.add_parser("check", help="list missing or mismatched translations").set_defaults(
        func=_check
    )
    fill = sub.add_parser("fill", help="apply a YAML file of msgid: translation")
    fill.add_argument("language", choices=LANGUAGES)
    fill.add_argument("file", type=Path)
    fill.set_defaults(func=_fill)


def _update(_args: argparse.Namespace) -> int:
    update_catalogs()
    print("Catalogs updated.")
    return 0


def _check(_args: argparse.Namespace) -> int:
    found = [p for language in LANGUAGES for p in problems(language)]
    print("\n".join(found) if found else "All catalogs complete.")
    return 1 if found else 0


def _fill(args: argparse.Namespace) -> int:
    import yaml

    mapping = yaml.safe_load(args.file.read_text(encoding="utf-8")) or {}
    print(f"{fill_catalog(args.language, mapping)} translations set.")
    return 0
