"""A courtesy limit on how fast one chat may fire questions at the FAQ.

The state lives in memory, per bot instance: it is a politeness measure against someone
pasting or spamming, not a security control, so losing it on restart (or splitting it across
instances) is acceptable and saves a database write per question.
"""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_TRACKED_CHATS = 10_000


class Pace(enum.Enum):
    """What to do with a question: answer it, warn once, or stay silent."""

    OK = "ok"
    WARN = "warn"
    SILENT = "silent"


@dataclass
class _ChatWindow:
    asked: deque[float] = field(default_factory=deque)
    warned: bool = False


class QuestionThrottle:
    """More than ``limit`` questions in ``window`` seconds: one "slow down", then silence
    until the window has room again."""

    def __init__(
        self,
        limit: int = 12,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._chats: dict[int | str, _ChatWindow] = {}

    def check(self, chat_id: int | str) -> Pace:
        """Count one question from ``chat_id`` and say how to treat it."""
        now = self.clock()
        chat = self._chats.get(chat_id)
        if chat is None:
            self._forget_idle(now)
            chat = self._chats.setdefault(chat_id, _ChatWindow())
        while chat.asked and now - chat.asked[0] >= self.window:
            chat.asked.popleft()
        if len(chat.asked) < self.limit:
            chat.asked.append(now)
            chat.warned = False
            return Pace.OK
        if chat.warned:
            return Pace.SILENT
        chat.warned = True
        return Pace.WARN

    def _forget_idle(self, now: float) -> None:
        """Keep memory bounded: drop chats whose window has passed."""
        if len(self._chats) < MAX_TRACKED_CHATS:
            return
        for chat_id in [
            key
            for key, chat in self._chats.items()
            if not chat.asked or now - chat.asked[-1] >= self.window
        ]:
            del self._chats[chat_id]
