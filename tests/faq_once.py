"""Read and index each distinct FAQ once per test process instead of at every bot start.

The suite starts the bot about a thousand times, and each start read the FAQ files and built
the matcher (about half a second together). Both are pure: the same files give the same
``KnowledgeBase``, the same knowledge and configuration the same immutable ``Matcher``. The
files are compared by content and the knowledge by value, so whatever a test changes (a file,
an edit through the admin tools, other thresholds) is read and indexed for real.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

import pytest

from bot.knowledge.loader import DEFAULT_KNOWLEDGE_DIR, FAQ_DIR, TOPICS_FILE, load_knowledge
from bot.knowledge.matcher import Matcher, MatcherConfig
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.service import FaqIndex, FaqService

KEPT = 8  # distinct FAQs kept; admin tests make many versions, each used by one test
K = TypeVar("K")
V = TypeVar("V")


class _Kept(Generic[K, V]):
    """A small thread-safe LRU (the FAQ is read and indexed in worker threads)."""

    def __init__(self) -> None:
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K, make: Callable[[], V]) -> V:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()  # outside the lock: a failure is raised, never kept
        with self._lock:
            self._items[key] = value
            while len(self._items) > KEPT:
                self._items.popitem(last=False)
        return value


_knowledge: _Kept[tuple[Path, tuple[tuple[str, bytes], ...]], KnowledgeBase] = _Kept()
_matchers: _Kept[tuple[str, MatcherConfig], Matcher] = _Kept()


def _files(directory: Path) -> tuple[tuple[str, bytes], ...]:
    """Everything ``load_knowledge`` reads, by name and content."""
    paths = [directory / TOPICS_FILE, *sorted((directory / FAQ_DIR).glob("*.yaml"))]
    return tuple((path.name, path.read_bytes()) for path in paths if path.is_file())


def load_knowledge_once(directory: Path) -> KnowledgeBase:
    """``load_knowledge(directory)``, read again only when a file changed."""
    directory = directory.resolve()
    return _knowledge.get((directory, _files(directory)), lambda: load_knowledge(directory))


async def load_default_knowledge_once() -> KnowledgeBase:
    """The shipped knowledge/, the way the default source reads it (in a worker thread)."""
    return await asyncio.to_thread(load_knowledge_once, DEFAULT_KNOWLEDGE_DIR)


_build = FaqService._build


def _build_once(service: FaqService, knowledge: KnowledgeBase) -> FaqIndex:
    """``FaqService._build`` with the matcher reused for equal knowledge and configuration;
    the index (and its remembered results) is new each time, as in the real method."""
    key = (repr(knowledge), service.config)
    matcher = _matchers.get(key, lambda: _build(service, knowledge).matcher)
    return FaqIndex(knowledge, matcher)


def install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Serve every bot start in this process from the caches above."""
    monkeypatch.setattr(FaqService, "_build", _build_once)
