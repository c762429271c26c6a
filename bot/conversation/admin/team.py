"""``/admins``: who may use the admin commands; ``/admins add|remove <id>`` (logged); and
``/audit``: the latest admin actions, for review."""

from __future__ import annotations

from bot.accounts import account_label, parse_account
from bot.admin.audit import recent_actions
from bot.admin.team import account_user
from bot.conversation.admin.common import tools_of, user_label, when
from bot.conversation.markup import code, escape
from bot.conversation.reply import Reply
from bot.conversation.router import Router
from bot.conversation.turn import Turn
from bot.i18n import N_, _

router = Router()
AUDIT_SHOWN = 20


@router.command("admins", N_("List, add or remove admins (admins)"), admin=True, private_only=True)
async def manage_admins(turn: Turn) -> Reply:
    """List admins, or add / remove one by their messenger account (``123`` for Telegram,
    ``line:U…``), as in ``ADMIN_IDS``."""
    team = tools_of(turn).team
    parts = turn.event.args.split()
    account = parse_account(parts[1]) if len(parts) == 2 else None
    if account is not None and parts[0] in ("add", "remove"):
        label = account_label(*account)
        user = code(label)
        user_id = await account_user(
            turn.services.database, account, turn.language, create=parts[0] == "add"
        )
        if user_id is None:  # nobody uses that account: no user, so no admin either
            return Reply(_("{user} is not an admin.").format(user=user))
        if parts[0] == "add":
            if await team.add(user_id, turn.user_id, label):
                await turn.services.messenger.show_admin_menu(user_id, True)
                return Reply(_("{user} is now an admin.").format(user=user))
            return Reply(_("{user} is already an admin.").format(user=user))
        if team.is_configured(user_id):
            return Reply(
                _(
                    "{user} is an admin through ADMIN_IDS; change the setting to remove them."
                ).format(user=user)
            )
        if await team.remove(user_id, turn.user_id, label):
            await turn.services.messenger.show_admin_menu(user_id, False)
            return Reply(_("{user} is no longer an admin.").format(user=user))
        return Reply(_("{user} is not an admin.").format(user=user))
    if parts:
        return Reply(_("Use /admins, /admins add &lt;id&gt; or /admins remove &lt;id&gt;."))
    listing = await team.listing()
    lines = [_("Admins:")]
    lines += [f"• {code(account_label(*account))} (ADMIN_IDS)" for account in listing.configured]
    lines += [
        "• "
        + _("{user}, added by {admin} on {date}").format(
            user=code(await user_label(turn, row.user_id)),
            admin=code(await user_label(turn, row.added_by)),
            date=when(row.added_at),
        )
        for row in listing.stored
    ]
    lines += ["", _("Add one with /admins add followed by their user id.")]
    return Reply("\n".join(lines))


@router.command("audit", N_("The latest admin actions (admins)"), admin=True, private_only=True)
async def show_audit(turn: Turn) -> Reply:
    """Who did what, when: the newest admin actions first."""
    tools_of(turn)
    async with turn.services.database.sessions() as session:
        actions = await recent_actions(session, AUDIT_SHOWN)
    if not actions:
        return Reply(_("No admin actions recorded yet."))
    lines = [_("The latest admin actions, newest first:"), ""]
    for action in actions:
        actor = code(await user_label(turn, action.actor_id)) if action.actor_id else "–"
        target = f" {escape(action.target)}" if action.target else ""
        lines.append(f"{when(action.at)} · {actor} · {code(action.action)}{target}")
    return Reply("\n".join(lines))
