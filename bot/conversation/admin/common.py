"""What the admin conversations share: access checks, the admin services, and how problems,
fields and dates are shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import partial

from bot.accounts import account_label
from bot.admin.lifecycle import AdminTools
from bot.conversation.markup import escape
from bot.conversation.reply import Reply
from bot.conversation.turn import StaleButtonError, Turn
from bot.db.repositories.identities import identities_of
from bot.i18n import N_, _, format_date
from bot.knowledge.loader import Problem

MAX_PROBLEMS_SHOWN = 8
MAX_PROBLEMS_CHARS = 3000  # a message holds 4,096
THAILAND = dt.timezone(dt.timedelta(hours=7), "ICT")  # no daylight saving time

FIELD_LABELS: dict[str, str] = {
    "topic": N_("Topic"),
    "q_th": N_("Thai questions"),
    "a_th": N_("Thai answer"),
    "q_en": N_("English questions"),
    "a_en": N_("English answer"),
    "kw_th": N_("Thai keywords"),
    "kw_en": N_("English keywords"),
    "sources": N_("Sources"),
    "related": N_("Related entries"),
    "action": N_("Extra button"),
    "reviewed": N_("Reviewed date"),
}


def tools_of(turn: Turn) -> AdminTools:
    """The admin services; a button or flow step from a non-admin is treated as expired."""
    if not turn.is_admin:
        raise StaleButtonError(turn.event.button or "")
    return turn.services.admin


def entry_id_argument(turn: Turn, command: str) -> str | Reply:
    """The entry id after ``/command``, or a reply saying how to give one."""
    entry_id = turn.event.args.strip()
    if entry_id:
        return entry_id
    return Reply(
        _("Which entry? Send /{command} followed by its id, e.g. /{command} pdpa.").format(
            command=command
        )
    )


def field_label(field: str) -> str:
    """The translated name of a draft field."""
    return _(FIELD_LABELS[field])


def problem_text(problems: Sequence[Problem]) -> str:
    """Problems as a short list naming file, entry and field (the first few, then a count),
    short enough for one message however many there are."""
    shown: list[str] = []
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        line = f"• <code>{escape(str(problem))}</code>"
        if shown and sum(map(len, shown)) + len(line) > MAX_PROBLEMS_CHARS:
            break
        shown.append(line)
    hidden = len(problems) - len(shown)
    if hidden > 0:
        shown.append(_("…and {count} more.").format(count=hidden))
    return "\n".join(shown)


def when(moment: dt.datetime) -> str:
    """A date and time as the reader expects (Thai: Buddhist era), in Thai time."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    local = aware.astimezone(THAILAND)
    return f"{format_date(local.date())} {local:%H:%M}"


async def user_label(turn: Turn, user_id: int) -> str:
    """A user as admins know them: their messenger accounts (``123``, ``line:U…``), or
    ``#<internal id>`` once they have none (erased with /forget)."""
    accounts = await turn.services.database.run(partial(identities_of, user_id=user_id))
    if not accounts:
        return f"#{user_id}"
    return ", ".join(account_label(a.channel, a.external_id) for a in accounts)


async def user_labels(turn: Turn, user_ids: Iterable[int | None]) -> dict[int, str]:
    """``user_label`` of each distinct id (None skipped)."""
    return {
        user_id: await user_label(turn, user_id)
        for user_id in sorted({u for u in user_ids if u is not None})
    }
