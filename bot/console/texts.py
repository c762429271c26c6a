"""What only the terminal chat says: its banner (in both languages) and its part of /help."""

from __future__ import annotations

from bot.i18n import LANGUAGES, N_, _, use_language

TITLE = N_(
    "Coop Compass in the terminal: the same chat as on Telegram. Type a question or a "
    "/command; type a button's number to press it."
)
MULTI_LINE = N_(
    "To write several lines (for example for /faq_add), end the first line with \\ and "
    "finish with a line holding only a dot (.)."
)
LEAVE = N_("To leave: /quit, exit or Ctrl-C.")
WHO = N_(
    "You are user {id}. Start with --user ID to be someone else, or add --admin to be an "
    "admin (an id listed in ADMIN_IDS is one already)."
)
WHO_ADMIN = N_("You are user {id}, an admin.")
HELP_HEADER = N_("In this terminal:")
FILE_SAVED = N_("File saved: {path}")


def help_lines() -> list[str]:
    """Appended to the conversation's /help, in the language it was answered in."""
    return ["", _(HELP_HEADER), "• " + _(MULTI_LINE), "• " + _(LEAVE)]


def _in_order(first_language: str) -> list[str]:
    return sorted(LANGUAGES, key=lambda code: code != first_language)


def banner(user_id: int, is_admin: bool, first_language: str) -> str:
    """Shown at start in every language (nobody has chosen one yet), the default first."""
    parts = []
    for language in _in_order(first_language):
        with use_language(language):
            who = _(WHO_ADMIN if is_admin else WHO).format(id=user_id)
            parts.append("\n".join((_(TITLE), _(MULTI_LINE), _(LEAVE), who)))
    return "\n\n".join(parts)


def in_every_language(message: str, first_language: str) -> str:
    """One operator message translated into each language, the default first."""
    lines = []
    for language in _in_order(first_language):
        with use_language(language):
            lines.append(_(message))
    return "\n".join(lines)
