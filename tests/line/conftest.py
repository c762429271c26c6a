"""Fixtures for the LINE adapter: a client pointed at the fake LINE API (``fake_line``, in
``tests/conftest.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.line.api import LineApi
from tests.fake_line import ACCESS_TOKEN, FakeLine


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
