"""Who a LINE user is (display name, language), asked once and remembered for a while.

LINE's webhook events carry only the user id: the name a founder or mentor is shown by and
the language of their LINE app come from the profile endpoint. One call per user per hour at
most, and a failure only leaves the name empty (the conversation still works).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable

from bot.line.api import LineApi, LineApiError, Profile

log = logging.getLogger(__name__)
PROFILE_SECONDS = 3600.0  # a renamed user shows the new name within the hour


class LineProfiles:
    """An LRU of recent profiles in front of ``LineApi.profile``."""

    def __init__(
        self,
        api: LineApi,
        *,
        capacity: int = 10_000,
        ttl: float = PROFILE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.api = api
        self.capacity = capacity
        self.ttl = ttl
        self._clock = clock
        self._known: OrderedDict[str, tuple[float, Profile | None]] = OrderedDict()

    async def get(self, user_id: str) -> Profile | None:
        """The user's profile, or None when LINE has none for us (not a friend, blocked) or
        could not say right now."""
        now = self._clock()
        known = self._known.get(user_id)
        if known is not None and now - known[0] < self.ttl:
            self._known.move_to_end(user_id)
            return known[1]
        try:
            profile = await self.api.profile(user_id)
        except LineApiError as error:
            log.info("LINE profile not available: %s", error)
            return known[1] if known is not None else None  # stale beats nothing
        self._known[user_id] = (now, profile)
        self._known.move_to_end(user_id)
        if len(self._known) > self.capacity:
            self._known.popitem(last=False)
        return profile

    def forget(self, user_id: str) -> None:
        """Drop what is remembered of the user (they left, or asked to be forgotten)."""
        self._known.pop(user_id, None)
