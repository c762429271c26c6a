"""What every adapter says when handling a message failed on our side: never a traceback."""

from __future__ import annotations

from bot.conversation.reply import Reply
from bot.i18n import N_, _, use_language

SOMETHING_WENT_WRONG = N_("Sorry, something went wrong on my side. Please try again in a moment.")


def apology(language: str) -> Reply:
    """The polite error message, in ``language``."""
    with use_language(language):
        return Reply(_(SOMETHING_WENT_WRONG))
