"""FAQ entries as plain JSON data (for revisions, drafts and rows) and their validation."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from bot.knowledge.loader import (
    MAX_ID_LENGTH,
    KnowledgeError,
    Problem,
    dump_entries,
    parse_entries_yaml,
)
from bot.knowledge.model import FaqEntry, KnowledgeBase
from bot.languages import LANGUAGES

EntryData = dict[str, Any]
FILE_LANGUAGE_ORDER = ("en", "th")  # the order the knowledge files use
DRAFT_FILE = "draft"


def entry_to_data(entry: FaqEntry) -> EntryData:
    """The entry as JSON-safe data, keeping language order as written."""
    return {
        "id": entry.id,
        "topic": entry.topic,
        "questions": {lang: list(values) for lang, values in entry.questions.items()},
        "answers": dict(entry.answers),
        "keywords": {lang: list(values) for lang, values in entry.keywords.items()},
        "sources": list(entry.sources),
        "related": list(entry.related),
        "action": entry.action,
        "reviewed": entry.reviewed.isoformat(),
    }


def entry_from_data(data: Mapping[str, Any]) -> FaqEntry:
    """Rebuild an entry from ``entry_to_data`` output (trusted data: no validation here)."""
    return FaqEntry(
        id=str(data["id"]),
        topic=str(data["topic"]),
        questions={lang: tuple(values) for lang, values in data["questions"].items()},
        answers=dict(data["answers"]),
        keywords={lang: tuple(values) for lang, values in (data.get("keywords") or {}).items()},
        sources=tuple(data.get("sources") or ()),
        related=tuple(data.get("related") or ()),
        action=data.get("action"),
        reviewed=dt.date.fromisoformat(str(data["reviewed"])),
    )


def validate_entry(data: Mapping[str, Any], kb: KnowledgeBase) -> FaqEntry:
    """Check a drafted entry with the same rules as the knowledge files, beside the live FAQ.

    Raises ``KnowledgeError`` naming each problem's field. The draft is written out in the
    knowledge format and read back by the loader, so the rules live in one place.
    """
    try:
        draft = entry_from_data(data)
    except (KeyError, TypeError, ValueError) as error:
        raise KnowledgeError([Problem(DRAFT_FILE, data.get("id"), None, str(error))]) from None
    others = [entry for entry in kb.entries if entry.id != draft.id]
    [entry] = parse_entries_yaml(dump_entries([draft]), DRAFT_FILE, kb.topics, others)
    return entry


def problems_in(error: KnowledgeError, *prefixes: str) -> list[Problem]:
    """The problems about the given fields (all of them when no prefix is given)."""
    if not prefixes:
        return list(error.problems)
    return [
        problem
        for problem in error.problems
        if problem.field is not None and problem.field.startswith(prefixes)
    ]


def slug_for(text: str, taken: Iterable[str]) -> str:
    """A new entry id from its English question: lowercase ascii words, unique."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    base = ""
    for word in words:
        candidate = f"{base}-{word}" if base else word
        if len(candidate) > MAX_ID_LENGTH - 3:
            break
        base = candidate
    base = base or "entry"
    used = set(taken)
    slug, number = base, 2
    while slug in used:
        slug, number = f"{base}-{number}", number + 1
    return slug


def answer_languages_changed(before: FaqEntry | None, after: FaqEntry) -> set[str]:
    """The languages whose answer text differs between two versions of an entry."""
    return {
        language
        for language in LANGUAGES
        if before is None or before.answers.get(language) != after.answers.get(language)
    }
