"""One lock per chat, for every adapter: one person's messages are handled in order while
other chats run concurrently."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Hashable


class ChatLocks:
    """The lock of each chat id (Telegram's numbers, LINE's strings), forgetting idle ones
    once there are many."""

    def __init__(self) -> None:
        self._locks: defaultdict[Hashable, asyncio.Lock] = defaultdict(asyncio.Lock)

    def __call__(self, chat_id: Hashable) -> asyncio.Lock:
        if len(self._locks) > 10_000:
            for key in [k for k, lock in self._locks.items() if not lock.locked()]:
                del self._locks[key]
        return self._locks[chat_id]
