"""Messenger accounts as people write them (``ADMIN_IDS``, ``/admins add``, the mentors file).

``<channel>:<id>``, or a bare number for a Telegram user id (what all of them accepted before
there were identities). Pure parsing, so that any layer may read an account.
"""

from __future__ import annotations

import re

BARE_ACCOUNT_CHANNEL = "telegram"
ACCOUNT_PATTERNS = {
    "telegram": re.compile(r"[0-9]{1,16}"),  # user ids fit in 52 bits
    "line": re.compile(r"U[0-9a-f]{32}"),
    "console": re.compile(r"[0-9]{1,16}"),
}
ACCOUNT_EXAMPLE = "12345 (Telegram) or line:U4af4980629... (LINE)"


def parse_account(raw: str) -> tuple[str, str] | None:
    """``(channel, external_id)`` for ``123`` or ``line:U…``; None when it names no account a
    known messenger could have (a typo in the channel, Thai digits, too many digits)."""
    channel, colon, external_id = raw.strip().rpartition(":")
    if not colon:
        channel = BARE_ACCOUNT_CHANNEL
    pattern = ACCOUNT_PATTERNS.get(channel)
    if pattern is None or not pattern.fullmatch(external_id):
        return None
    return channel, external_id


def account_label(channel: str, external_id: str) -> str:
    """How ``parse_account`` would read it back: a bare number for Telegram."""
    return external_id if channel == BARE_ACCOUNT_CHANNEL else f"{channel}:{external_id}"
