"""Plan an import of FAQ files against the live FAQ: what would be added, changed, removed.

A file replaces the topics it contains: entries of those topics that the file leaves out are
removed (soft-deleted), entries of other topics stay. A whole knowledge directory replaces
everything. A file with any problem is refused whole.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.knowledge.loader import (
    KnowledgeError,
    Problem,
    load_knowledge,
    parse_entries_yaml,
)
from bot.knowledge.model import FaqEntry, KnowledgeBase, Topic


@dataclass(frozen=True)
class ImportPlan:
    """What applying a file would do; ``problems`` non-empty means it is refused."""

    source: str
    entries: tuple[FaqEntry, ...] = ()
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: int = 0
    problems: tuple[Problem, ...] = ()
    topics: tuple[Topic, ...] = field(default=())  # set when a directory brings its topics

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.topics)

    def summary_key(self) -> tuple[tuple[str, ...], ...]:
        """What a confirmation refers to: applying must do exactly this."""
        return (self.added, self.changed, self.removed)


def decode_upload(content: bytes, filename: str) -> str:
    """The uploaded bytes as text, or a ``KnowledgeError`` saying why not."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise KnowledgeError([Problem(filename, None, None, "not UTF-8 text")]) from None


def _compare(
    source: str, entries: tuple[FaqEntry, ...], live: KnowledgeBase, scope: set[str]
) -> ImportPlan:
    """Sort the incoming entries into added / changed / unchanged and find what goes."""
    incoming = {entry.id for entry in entries}
    added, changed, unchanged = [], [], 0
    for entry in entries:
        current = live.get(entry.id)
        if current is None:
            added.append(entry.id)
        elif current != entry:
            changed.append(entry.id)
        else:
            unchanged += 1
    removed = [e.id for e in live.entries if e.topic in scope and e.id not in incoming]
    return ImportPlan(
        source=source,
        entries=entries,
        added=tuple(added),
        changed=tuple(changed),
        removed=tuple(removed),
        unchanged=unchanged,
    )


def _declared(text: str) -> tuple[set[str], set[str]]:
    """The ids and topics a FAQ file names, read leniently (the loader judges the rest)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return set(), set()
    raw = data.get("entries") if isinstance(data, dict) else None
    items = [item for item in raw if isinstance(item, dict)] if isinstance(raw, list) else []
    ids = {item["id"] for item in items if isinstance(item.get("id"), str)}
    topics = {item["topic"] for item in items if isinstance(item.get("topic"), str)}
    return ids, topics


def plan_file(text: str, filename: str, live: KnowledgeBase) -> ImportPlan:
    """Validate one FAQ file beside the entries it leaves in place, and compare."""
    incoming, scope = _declared(text)
    kept = [e for e in live.entries if e.topic not in scope and e.id not in incoming]
    try:
        entries = parse_entries_yaml(text, filename, live.topics, kept)
    except KnowledgeError as error:
        return ImportPlan(source=filename, problems=tuple(error.problems))
    return _compare(filename, entries, live, scope)


def plan_directory(directory: Path, live: KnowledgeBase) -> ImportPlan:
    """Validate a whole knowledge directory (topics and every FAQ file) and compare."""
    try:
        kb = load_knowledge(directory)
    except KnowledgeError as error:
        return ImportPlan(source=str(directory), problems=tuple(error.problems))
    scope = {topic.key for topic in live.topics} | {topic.key for topic in kb.topics}
    plan = _compare(str(directory), kb.entries, live, scope)
    topics = kb.topics if kb.topics != live.topics else ()
    return dataclasses.replace(plan, topics=topics)
