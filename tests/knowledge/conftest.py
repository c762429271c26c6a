"""The matcher over the real, curated knowledge/ directory, built once, and the check most
matcher tests make."""

from __future__ import annotations

import pytest

from bot.knowledge.loader import load_knowledge
from bot.knowledge.matcher import Matcher, MatchResult


@pytest.fixture(scope="session")
def matcher() -> Matcher:
    """The matcher over the real, curated knowledge/ directory (never changed by tests)."""
    return Matcher.build(load_knowledge())


def assert_answered(matcher: Matcher, query: str, expected: str) -> MatchResult:
    """``query`` is answered with entry ``expected``; the result, for further checks."""
    result = matcher.match(query)
    assert result.decision == "answer", (query, result)
    assert result.best is not None and result.best.entry_id == expected, (query, result)
    return result
