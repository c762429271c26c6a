"""The languages the bot speaks: one list for every layer (settings, catalogs, FAQ, mentors)."""

from __future__ import annotations

from typing import Literal, get_args

Language = Literal["th", "en"]
LANGUAGES: tuple[str, ...] = get_args(Language)  # str: callers key plain dicts with them


def supported_language(code: str | None) -> Language | None:
    """A client's language code (``th``, ``en-GB``) as one we speak, or None."""
    prefix = (code or "").split("-")[0].lower()
    for language in get_args(Language):
        if prefix == language:
            return language
    return None
