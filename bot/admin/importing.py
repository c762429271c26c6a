"""Plan an import of FAQ files against the live FAQ: what would be added, changed, removed.

A file replaces the topics it contains: entries of those topics that the file leaves out are
removed (soft-deleted), entries of other topics stay. A whole knowledge directory replaces
everything. A file with any problem is refused whole.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.knowledge.loader import (
    KnowledgeError,
    Problem,
    UnreadableYamlError,
    load_knowledge,
    parse_entries_document,
    read_yaml_text,
)
from bot.knowledge.model import FaqEntry, KnowledgeBase, Topic

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # the whole FAQ is a tenth of this


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


class UploadRefusedError(Exception):
    """An uploaded file refused before its entries are read, with what the admin needs to
    fix it: ``kind`` is "too_large", "not_utf8", "syntax", "alias" or "too_deep"."""

    def __init__(
        self, kind: str, *, line: int | None = None, detail: str = "", size: int | None = None
    ) -> None:
        super().__init__(kind)
        self.kind = kind
        self.line = line
        self.detail = detail
        self.size = size


def decode_upload(content: bytes | None, size: int | None = None) -> str:
    """The uploaded bytes as text; ``content`` None means too large to be downloaded."""
    if content is None or len(content) > MAX_UPLOAD_BYTES:
        raise UploadRefusedError("too_large", size=len(content) if content else size)
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        raise UploadRefusedError("not_utf8", line=line) from None


def read_upload(text: str, filename: str) -> Any:
    """The parsed YAML of an uploaded file (slow for a big file: call it off the event
    loop), or ``UploadRefusedError``."""
    try:
        return read_yaml_text(text, filename)
    except UnreadableYamlError as error:
        fault = error.fault
        raise UploadRefusedError(fault.kind, line=fault.line, detail=fault.detail) from None


def plan_upload(text: str, filename: str, live: KnowledgeBase) -> ImportPlan:
    """Read and plan an uploaded file in one call, to run in a worker thread."""
    return plan_document(read_upload(text, filename), filename, live)


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


def _declared(data: Any) -> tuple[set[str], set[str]]:
    """The ids and topics a FAQ file names, read leniently (the loader judges the rest)."""
    raw = data.get("entries") if isinstance(data, dict) else None
    items = [item for item in raw if isinstance(item, dict)] if isinstance(raw, list) else []
    ids = {item["id"] for item in items if isinstance(item.get("id"), str)}
    topics = {item["topic"] for item in items if isinstance(item.get("topic"), str)}
    return ids, topics


def plan_file(text: str, filename: str, live: KnowledgeBase) -> ImportPlan:
    """Validate one FAQ file beside the entries it leaves in place, and compare."""
    try:
        data = read_yaml_text(text, filename)
    except KnowledgeError as error:
        return ImportPlan(source=filename, problems=tuple(error.problems))
    return plan_document(data, filename, live)


def plan_document(data: Any, filename: str, live: KnowledgeBase) -> ImportPlan:
    """Like ``plan_file``, for a document already parsed."""
    incoming, scope = _declared(data)
    kept = [e for e in live.entries if e.topic not in scope and e.id not in incoming]
    try:
        entries = parse_entries_document(data, filename, live.topics, kept)
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
