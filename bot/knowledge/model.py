"""The FAQ knowledge model: topics and entries, immutable so an index can be shared safely."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

ACTIONS: tuple[str, ...] = ("mentor", "become_mentor", "privacy", "directory", "topics")


@dataclass(frozen=True)
class Topic:
    """A group of entries shown together, named in both languages."""

    key: str
    names: dict[str, str]

    def name(self, language: str) -> str:
        """Return the topic name in ``language``, falling back to English."""
        return self.names.get(language) or self.names.get("en") or self.key


@dataclass(frozen=True)
class FaqEntry:
    """One curated question with its variants, answers and sources in both languages."""

    id: str
    topic: str
    questions: dict[str, tuple[str, ...]]
    answers: dict[str, str]
    keywords: dict[str, tuple[str, ...]]
    sources: tuple[str, ...]
    related: tuple[str, ...]
    action: str | None
    reviewed: datetime.date

    def question(self, language: str) -> str:
        """Return the canonical question shown to users in ``language`` (English fallback)."""
        variants = self.questions.get(language) or self.questions.get("en") or ("",)
        return variants[0]

    def answer(self, language: str) -> str:
        """Return the answer in ``language``, falling back to English."""
        return self.answers.get(language) or self.answers.get("en") or ""


@dataclass(frozen=True)
class KnowledgeBase:
    """All topics and entries, in display order, with lookups by id and topic."""

    topics: tuple[Topic, ...]
    entries: tuple[FaqEntry, ...]
    _by_id: dict[str, FaqEntry] = field(init=False, repr=False, compare=False)
    _topics: dict[str, Topic] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {entry.id: entry for entry in self.entries})
        object.__setattr__(self, "_topics", {topic.key: topic for topic in self.topics})

    def get(self, entry_id: str) -> FaqEntry | None:
        """Return the entry with ``entry_id``, or None if there is none."""
        return self._by_id.get(entry_id)

    def entries_in(self, topic: str) -> tuple[FaqEntry, ...]:
        """Return the entries of one topic in file order, for browsing."""
        return tuple(entry for entry in self.entries if entry.topic == topic)

    def topic(self, key: str) -> Topic | None:
        """Return the topic with ``key``, or None if there is none."""
        return self._topics.get(key)
