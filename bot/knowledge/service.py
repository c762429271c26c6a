"""The live FAQ: the current knowledge base and its matcher, swapped atomically when edited.

The knowledge comes from a pluggable async source (the files in ``knowledge/`` by default;
the admin tools may read it from the database instead). The matcher index is built in a
worker thread so the event loop keeps serving while the FAQ is (re)indexed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.knowledge.loader import DEFAULT_KNOWLEDGE_DIR, KnowledgeError, load_knowledge
from bot.knowledge.matcher import Matcher, MatcherConfig, MatchResult
from bot.knowledge.model import FaqEntry, KnowledgeBase
from bot.knowledge.throttle import QuestionThrottle
from bot.languages import supported_language
from bot.settings import Settings

log = logging.getLogger(__name__)

KnowledgeSource = Callable[[], Awaitable[KnowledgeBase]]
EMPTY_KNOWLEDGE = KnowledgeBase(topics=(), entries=())
_WORD = re.compile(r"[^\W\d_]+|\d+")
NEUTRAL_MAX_WORDS = 2  # "PDPA", "bylaws", "platform coop": no sentence, no language
_WARM_UP_QUERY = "l;ylfu"  # loads the Thai word list used for English-layout Thai
RECENT_RESULTS = 2048  # questions whose match is remembered (per index)
RECENT_MAX_CHARS = 300  # longer questions are rarely asked twice word for word


async def load_default_knowledge() -> KnowledgeBase:
    """Read ``knowledge/`` (topics.yaml and faq/*.yaml) without blocking the event loop."""
    return await asyncio.to_thread(load_knowledge, DEFAULT_KNOWLEDGE_DIR)


def matcher_config(settings: Settings) -> MatcherConfig:
    """The calibrated matcher configuration, with the thresholds the operator overrode."""
    overrides: dict[str, Any] = {
        name: value
        for name, value in (
            ("answer_score", settings.match_answer_score),
            ("answer_margin", settings.match_answer_margin),
            ("suggest_score", settings.match_suggest_score),
        )
        if value is not None
    }
    return dataclasses.replace(MatcherConfig(), **overrides)


def is_language_neutral(query: str) -> bool:
    """A bare Latin keyword or acronym ("PDPA", "bylaws") is used alike in Thai and English."""
    words = _WORD.findall(query)
    return all(word.isascii() for word in words) and len(words) <= NEUTRAL_MAX_WORDS


@dataclass(frozen=True)
class FaqIndex:
    """One consistent pair: a knowledge base and the matcher built over it, with the results
    of recently asked questions (a new index starts with none, so no stale answer survives an
    edit)."""

    knowledge: KnowledgeBase
    matcher: Matcher
    recent: RecentResults = field(
        default_factory=lambda: RecentResults(RECENT_RESULTS), compare=False, repr=False
    )


class RecentResults:
    """A small LRU of match results by question: at an event many founders ask the same
    question, and matching is a large share of a question's CPU time. Results are immutable,
    so sharing one between turns is safe."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._results: OrderedDict[str, MatchResult] = OrderedDict()

    def get(self, key: str) -> MatchResult | None:
        result = self._results.get(key)
        if result is not None:
            self._results.move_to_end(key)
        return result

    def put(self, key: str, result: MatchResult) -> None:
        self._results[key] = result
        if len(self._results) > self.size:
            self._results.popitem(last=False)

    def __len__(self) -> int:
        return len(self._results)


class FaqService:
    """Holds the current FAQ; ``search`` never sees a half-built index.

    ``throttle`` is the per-instance courtesy limit on questions per chat.
    """

    def __init__(
        self, config: MatcherConfig | None = None, source: KnowledgeSource = load_default_knowledge
    ) -> None:
        self.config = config or MatcherConfig()
        self.source = source
        self._index: FaqIndex | None = None
        self._swap = asyncio.Lock()
        self.throttle = QuestionThrottle()

    async def start(self) -> None:
        """Load the knowledge and build the first index; a broken FAQ leaves an empty one.

        An empty FAQ still serves: every question gets the honest fallback and the mentor
        offer, and the error log says exactly what to fix.
        """
        try:
            knowledge = await self.source()
        except KnowledgeError as error:
            log.error("the FAQ could not be loaded; answering from an empty FAQ:\n%s", error)
            knowledge = EMPTY_KNOWLEDGE
        await self.replace(knowledge)

    async def reload(self) -> None:
        """Read the source again and swap the new index in (raises ``KnowledgeError``)."""
        await self.replace(await self.source())

    async def replace(self, knowledge: KnowledgeBase) -> None:
        """Index ``knowledge`` in a worker thread, then swap it in at once."""
        async with self._swap:
            index = await asyncio.to_thread(self._build, knowledge)
            self._index = index
        log.info("FAQ index ready: %d entries", len(knowledge.entries))

    def _build(self, knowledge: KnowledgeBase) -> FaqIndex:
        matcher = Matcher.build(knowledge, self.config)
        matcher.match(_WARM_UP_QUERY)
        return FaqIndex(knowledge, matcher)

    @property
    def index(self) -> FaqIndex:
        """The current index; take it once per turn so ids and entries agree."""
        if self._index is None:
            raise RuntimeError("FaqService.start() has not run")
        return self._index

    @property
    def knowledge(self) -> KnowledgeBase:
        """The current knowledge base."""
        return self.index.knowledge

    def entry(self, entry_id: str) -> FaqEntry | None:
        """The entry with ``entry_id`` in the current FAQ, or None (deleted or never was)."""
        return self.index.knowledge.get(entry_id)

    def search(self, query: str, language: str) -> MatchResult:
        """Match a question; the result's language is the one to answer in.

        Thai script, Thai typed on the English layout and mixed Thai/English all answer in
        Thai; a bare keyword such as "PDPA" tells nothing, so ``language`` (the user's) wins.
        The matcher is asked without ``language`` (which would only fill in a language the
        text cannot tell, as here) so that one result serves everyone asking the same words.
        """
        index = self.index
        result = index.recent.get(query) if len(query) <= RECENT_MAX_CHARS else None
        if result is None:
            result = index.matcher.match(query)
            if len(query) <= RECENT_MAX_CHARS:
                index.recent.put(query, result)
        if result.language is None or (result.language != "th" and is_language_neutral(query)):
            return dataclasses.replace(result, language=supported_language(language))
        return result
