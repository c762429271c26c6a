"""The bot's event loop: uvloop where installed, asyncio's own where not."""

from __future__ import annotations

import asyncio
import sys

import pytest

from bot.telegram.eventloop import new_event_loop


def test_the_loop_is_uvloop_where_installed() -> None:
    uvloop = pytest.importorskip("uvloop")
    loop = new_event_loop()
    try:
        assert isinstance(loop, uvloop.Loop)
        assert loop.run_until_complete(asyncio.sleep(0, result=42)) == 42
    finally:
        loop.close()


def test_without_uvloop_the_loop_is_asyncios_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvloop", None)  # import uvloop now raises ImportError
    loop = new_event_loop()
    try:
        assert isinstance(loop, asyncio.BaseEventLoop)  # uvloop's Loop is not one
        assert loop.run_until_complete(asyncio.sleep(0, result=42)) == 42
    finally:
        loop.close()
