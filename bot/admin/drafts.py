"""Drafts of FAQ entries being written or edited by an admin: fields, parsing, checks, and
the bilingual consistency warnings shown before saving."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.admin.entries import FILE_LANGUAGE_ORDER, EntryData, validate_entry
from bot.knowledge.loader import KnowledgeError, Problem
from bot.knowledge.model import KnowledgeBase
from bot.languages import LANGUAGES

TEXT_FIELDS = ("q_th", "a_th", "q_en", "a_en", "kw_th", "kw_en", "sources", "related")
WIZARD = ("topic", "q_th", "a_th", "q_en", "a_en", "sources")
PLACEHOLDER_SOURCE = "https://example.org/draft"
STALE_AFTER = dt.timedelta(minutes=1)  # answers changed further apart were edited separately
_SPLIT_WORDS = re.compile(r"[\s,]+")
_SPLIT_ITEMS = re.compile(r"\s*(?:\n|,)\s*")

# What each field edits in the entry data, and which validation fields belong to it.
FIELD_TARGETS: dict[str, tuple[str, str | None]] = {
    "topic": ("topic", None),
    "q_th": ("questions", "th"),
    "q_en": ("questions", "en"),
    "a_th": ("answers", "th"),
    "a_en": ("answers", "en"),
    "kw_th": ("keywords", "th"),
    "kw_en": ("keywords", "en"),
    "sources": ("sources", None),
    "related": ("related", None),
    "action": ("action", None),
    "reviewed": ("reviewed", None),
}
_PROBLEM_FIELDS = {"answers": "answer"}  # the knowledge files say "answer"


def new_draft(topic: str, today: dt.date) -> EntryData:
    """An empty entry in ``topic``, reviewed today."""
    return {
        "id": "",
        "topic": topic,
        "questions": {},
        "answers": {},
        "keywords": {},
        "sources": [],
        "related": [],
        "action": None,
        "reviewed": today.isoformat(),
    }


def _ordered(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """A per-language mapping in file order, without empty languages."""
    ordered = {lang: mapping[lang] for lang in FILE_LANGUAGE_ORDER if mapping.get(lang)}
    ordered.update({k: v for k, v in mapping.items() if k not in ordered and v})
    return ordered


def parse_field(field: str, text: str) -> Any:
    """The value an admin's message gives a text field (lists one per line)."""
    text = text.strip()
    if field.startswith("a_"):
        return text
    if field.startswith("q_"):
        return [line.strip() for line in text.splitlines() if line.strip()]
    if field == "related":
        return [part for part in _SPLIT_WORDS.split(text) if part]
    return [part for part in _SPLIT_ITEMS.split(text) if part]


def get_field(draft: Mapping[str, Any], field: str) -> Any:
    """The current value of ``field`` in a draft."""
    key, language = FIELD_TARGETS[field]
    value = draft.get(key)
    if language is None:
        return value
    return (value or {}).get(language)


def set_field(draft: EntryData, field: str, value: Any) -> EntryData:
    """A copy of the draft with one field replaced."""
    key, language = FIELD_TARGETS[field]
    updated = dict(draft)
    if language is None:
        updated[key] = value
    else:
        updated[key] = _ordered({**(draft.get(key) or {}), language: value})
    return updated


def problem_prefix(field: str) -> str:
    """The validation field name a draft field is reported under (``answer.th``)."""
    key, language = FIELD_TARGETS[field]
    key = _PROBLEM_FIELDS.get(key, key)
    return f"{key}.{language}" if language else key


def _with_placeholders(draft: EntryData, checked: str) -> EntryData:
    """Fill what a half-written draft lacks (except the field being checked) so one field
    can be checked on its own."""
    checked_key, checked_language = FIELD_TARGETS[checked]
    filled = dict(draft)
    filled["id"] = draft.get("id") or "draft-entry"
    for key, placeholder in (
        ("questions", lambda lang: [f"\u2063draft {lang} {n}" for n in range(4)]),
        ("answers", lambda lang: "draft"),
    ):
        values = dict(draft.get(key) or {})
        for language in LANGUAGES:
            if not (key == checked_key and language == checked_language):
                values.setdefault(language, placeholder(language))
        filled[key] = values
    if checked_key != "sources":
        filled["sources"] = draft.get("sources") or [PLACEHOLDER_SOURCE]
    return filled


def check_field(draft: EntryData, field: str, kb: KnowledgeBase) -> list[Problem]:
    """Problems with one field of a draft, by the knowledge files' rules."""
    prefix = problem_prefix(field)
    try:
        validate_entry(_with_placeholders(draft, field), kb)
    except KnowledgeError as error:
        return [p for p in error.problems if p.field is not None and p.field.startswith(prefix)]
    return []


def check_draft(draft: EntryData, kb: KnowledgeBase) -> list[Problem]:
    """Every problem that would stop the draft from being saved."""
    try:
        validate_entry(draft, kb)
    except KnowledgeError as error:
        return list(error.problems)
    return []


@dataclass(frozen=True)
class LanguageWarning:
    """One language is missing, or its answer is older than the other's after this change."""

    kind: str  # "missing" or "older"
    language: str
    other: str
    since: dt.datetime | None = None


def language_warnings(
    draft: Mapping[str, Any],
    base: Mapping[str, Any] | None,
    answer_changed: Mapping[str, str],
) -> list[LanguageWarning]:
    """Flag a change that leaves one language missing, or one answer behind the other."""
    warnings: list[LanguageWarning] = []
    answers = draft.get("answers") or {}
    questions = draft.get("questions") or {}
    for language in LANGUAGES:
        other = next(lang for lang in LANGUAGES if lang != language)
        if not answers.get(language) or not questions.get(language):
            warnings.append(LanguageWarning("missing", language, other))
    if warnings or base is None:
        return warnings
    edited = {
        lang for lang in LANGUAGES if (base.get("answers") or {}).get(lang) != answers.get(lang)
    }
    stored = {
        lang: dt.datetime.fromisoformat(answer_changed[lang])
        for lang in LANGUAGES
        if lang in answer_changed
    }
    if len(edited) == 1:  # this change leaves the other language behind
        [newer] = edited
        older = next(lang for lang in LANGUAGES if lang != newer)
        warnings.append(LanguageWarning("older", older, newer, stored.get(older)))
    elif not edited and len(stored) == len(LANGUAGES):
        older = min(LANGUAGES, key=lambda lang: stored[lang])
        newer = max(LANGUAGES, key=lambda lang: stored[lang])
        if stored[newer] - stored[older] > STALE_AFTER:
            warnings.append(LanguageWarning("older", older, newer, stored[older]))
    return warnings


def changed_fields(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[str]:
    """The draft fields that differ between two versions of an entry."""
    if before is None or after is None:
        return []
    return [
        field
        for field in FIELD_TARGETS
        if get_field(before, field) != get_field(after, field)
        and (get_field(before, field) or get_field(after, field))
    ]
