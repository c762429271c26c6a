"""/privacy, /mydata and /forget: what is stored and why, a copy of it, and deleting it (PDPA).

The ``privacy:`` buttons: ``show`` (the notice, offered by FAQ answers), ``mydata``,
``forget`` (asks first), ``forget:yes`` and ``forget:no``.
"""

from __future__ import annotations

import logging

from bot.conversation.buttons import ActionHandler, ButtonRoutes, choice
from bot.conversation.reply import Attachment, Button, Reply, rows
from bot.conversation.router import HandlerResult, Router
from bot.conversation.turn import Turn
from bot.i18n import N_, _, use_language
from bot.knowledge.usage import PENDING_TEXT_HOURS
from bot.privacy.service import (
    export_as_json,
    export_personal_data,
    forget_person,
    kept_reasons,
)

log = logging.getLogger(__name__)
router = Router()
EXPORT_FILENAME = "coop-compass-my-data.json"
PRIVACY_ENTRY_ID = "privacy-bot"  # the FAQ entry that answers with this notice


def privacy_answer(language: str, retention_days: int, messenger: str) -> str:
    """The FAQ's privacy entry answers with the notice itself, in the answer's language, so
    the FAQ and /privacy can never say different things."""
    with use_language(language):
        return privacy_notice(retention_days, messenger)


def privacy_notice(retention_days: int, messenger: str) -> str:
    """The plain-language notice: what is stored, why, for how long, and what is not safe;
    ``messenger`` is the name of the one the reader uses ("Telegram", "LINE")."""
    return "\n\n".join(
        (
            _("<b>Your data and this bot</b>"),
            _("What I store, and why:")
            + "\n"
            + _(
                "• Your {messenger} user id, your language and when you first and last "
                "wrote, so that I answer you in your language."
            ).format(messenger=messenger)
            + "\n"
            + _(
                "• Where you are in a conversation with several steps (such as a mentor "
                "request), until it ends."
            )
            + "\n"
            + _(
                "• If you ask for a mentor: your first name, username, topic and the "
                "need you describe. With your consent, they go to one mentor who accepts."
            )
            + "\n"
            + _(
                "• If you register as a mentor: your name, username, bio, languages, topics, "
                "region and capacity, so that founders can be matched with you."
            )
            + "\n"
            + _(
                "• The words of a question I answered are kept for {hours} hours, without "
                "your name or id, so that a 👎 or “None of these” can pass them on to the "
                "admins; /forget deletes them at once."
            ).format(hours=PENDING_TEXT_HOURS)
            + "\n"
            + _(
                "• Questions you type are counted for statistics without your name or id. "
                "Questions I could not answer are kept, also without your identity, so that "
                "the admins can improve the answers; they are deleted after {days} days."
            ).format(days=retention_days),
            _(
                "Your own data stays until you delete it. After that, referral records are "
                "kept for statistics only, without your name, username or words."
            ),
            _("What you can do:")
            + "\n"
            + _("• /mydata: get a copy of everything stored about you, as a file.")
            + "\n"
            + _("• /forget: delete it."),
            _(
                "Please note: chats with {messenger} bots are <b>not end-to-end encrypted</b>. "
                "Please don't send ID card numbers, health details or other sensitive "
                "information here."
            ).format(messenger=messenger),
        )
    )


def privacy_buttons() -> tuple[tuple[Button, ...], ...]:
    """Get a copy / delete, under the notice."""
    return rows(
        Button(_("Get a copy of my data"), data="privacy:mydata"),
        Button(_("Delete my data"), data="privacy:forget"),
    )


@router.command("privacy", N_("What I store about you, and why"))
async def show_privacy(turn: Turn) -> Reply:
    """The privacy notice, with buttons for the user's controls."""
    notice = privacy_notice(turn.services.settings.retention_days, turn.channel.title)
    return Reply(notice, buttons=privacy_buttons())


@router.command("mydata", N_("Get a copy of your data"), private_only=True)
async def send_my_data(turn: Turn) -> Reply:
    """Everything stored about the user, as a JSON file."""
    export = await export_personal_data(turn.services.database, turn.user_id)
    log.info("personal data exported on request")
    if turn.capabilities.files:
        text = _("Here is everything I have stored about you, as a JSON file.")
    else:  # the engine puts the file's content after these words
        text = _("Here is everything I have stored about you, in JSON:")
    return Reply(text, attachment=Attachment(EXPORT_FILENAME, export_as_json(export)))


@router.command("forget", N_("Delete your data"), private_only=True)
async def confirm_forget(turn: Turn) -> Reply:
    """Ask before deleting: it cannot be undone."""
    return Reply(
        _(
            "This deletes what I have stored about you: your settings, any conversation in "
            "progress, the words of your recent questions, your mentor requests and your "
            "mentor profile. A mentor request still "
            "in progress is withdrawn. It cannot be undone.\n\nDelete your data?"
        ),
        buttons=rows(
            Button(_("Yes, delete my data"), data="privacy:forget:yes"),
            Button(_("No, keep it"), data="privacy:forget:no"),
        ),
    )


async def forget_user(turn: Turn) -> Reply:
    """Erase now, and say what, if anything, is kept."""
    await forget_person(turn.services, turn.user_id)
    turn.state = None
    log.info("personal data erased on request")
    text = _("Done: I have deleted your data. If you write to me again, I'll start afresh.")
    if turn.is_admin:
        text += "\n\n" + "\n".join(_(reason) for reason in kept_reasons())
    return Reply(text, edit=True)


routes = ButtonRoutes("privacy", router)
routes.action("")(show_privacy)  # a bare ``privacy`` (or ``privacy:``) shows the notice too
routes.action("show")(show_privacy)


def _in_private(handler: ActionHandler) -> ActionHandler:
    """The personal buttons act only in a private chat; elsewhere they say so."""

    async def handle(turn: Turn, *args: str) -> HandlerResult:
        if not turn.event.is_private and turn.router is not None:
            return await turn.router.fallbacks["private_only"](turn)
        return await handler(turn, *args)

    return handle


async def _answer_forget(turn: Turn, answer: str) -> Reply:
    if answer == "no":
        return Reply(_("Nothing was deleted."), edit=True)
    return await forget_user(turn)


routes.action("mydata")(_in_private(send_my_data))
routes.action("forget")(_in_private(confirm_forget))
routes.action("forget", choice("answer", ("yes", "no")))(_in_private(_answer_forget))
