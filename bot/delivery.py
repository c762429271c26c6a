"""How a message to a user other than the one being answered went: what domain services
learn back from any messenger (they import this, never the reply types)."""

from __future__ import annotations

import enum


class Delivery(enum.Enum):
    """How a message to another user went."""

    SENT = "sent"
    BLOCKED = "blocked"  # the user blocked the bot or never started it
    FAILED = "failed"  # a transient failure: worth retrying later
