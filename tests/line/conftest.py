"""Fixtures for the LINE adapter: a client pointed at the fake LINE API (``fake_line``, in
``tests/conftest.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.knowledge.service import KnowledgeSource
from bot.line.api import LineApi
from tests.fake_line import ACCESS_TOKEN, FakeLine
from tests.line_harness import LineHarness, line_settings
from tests.transcripts import LineChat


class Pauses:
    """The pauses the client asked for between retries (recorded, not slept)."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


@pytest.fixture
def pauses() -> Pauses:
    return Pauses()


@pytest.fixture
async def line_api(fake_line: FakeLine, pauses: Pauses) -> AsyncIterator[LineApi]:
    async with LineApi(ACCESS_TOKEN, fake_line.base_url, sleep=pauses) as api:
        yield api


@pytest.fixture
async def line_chat(
    fake_line: FakeLine, database_url: str, knowledge_source: KnowledgeSource
) -> AsyncIterator[LineChat]:
    """The bot process with LINE only, driven as a transcript (``tests/transcripts.py``)."""
    harness = LineHarness(fake_line, line_settings(fake_line, database_url))
    harness.knowledge_source = knowledge_source
    await harness.start()
    yield LineChat(harness)
    await harness.stop()
