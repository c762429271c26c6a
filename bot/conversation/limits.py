"""How much a user may put into one field, so no single field can blow a message up.

Escaping can grow text sixfold (``"`` → ``&quot;``); the caps keep every card that quotes a
field readable and its storage small. Names, bios and needs have theirs in ``mentors.views``;
a question is read (and kept) up to ``knowledge.usage.MAX_STORED_CHARS``, saying so."""

from __future__ import annotations

from bot.conversation.reply import Reply
from bot.i18n import _, format_number

RELAY_LIMIT = 3000  # one relayed message, quoted with the sender's name


def refuse_if_too_long(text: str, limit: int) -> Reply | None:
    """The polite refusal, saying the limit, when ``text`` is over ``limit`` characters."""
    if len(text) <= limit:
        return None
    return Reply(
        _("That's a lot to read: please keep it under {limit} characters.").format(
            limit=format_number(limit)
        )
    )
