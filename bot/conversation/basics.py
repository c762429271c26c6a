"""The commands every user meets first: /start, /help, /language, /cancel, and polite refusals."""

from __future__ import annotations

import functools

from bot.conversation.buttons import ButtonRoutes
from bot.conversation.reply import Button, Reply, rows
from bot.conversation.router import HandlerResult, Router
from bot.conversation.turn import Turn
from bot.db.repositories import users
from bot.i18n import LANGUAGES, N_, _, use_language

router = Router()

LANGUAGE_LABELS = {"th": "ภาษาไทย 🇹🇭", "en": "English 🇬🇧"}


def language_buttons() -> tuple[tuple[Button, ...], ...]:
    """One button per language, labelled in that language."""
    return rows(
        *(Button(LANGUAGE_LABELS[code], data=f"lang:{code}") for code in LANGUAGES), per_row=2
    )


@router.command("start", N_("Welcome and what I can do"))
async def welcome(turn: Turn) -> HandlerResult:
    """Greet the user; a deep-link payload goes to the feature that owns it."""
    payload = turn.event.args.strip()
    if payload and turn.router is not None:
        handler = turn.router.start_payloads.get(payload.split("-", 1)[0])
        if handler is not None:
            return await handler(turn)
    text = _(
        "Hello! I'm Coop Compass, a helper for people who want to start a "
        "<b>platform cooperative</b> in Thailand.\n\n"
        "Ask me a question in Thai or English, for example “How do I register a co-op?”, "
        "or browse /topics. If I can't answer, I can put you in touch with a mentor."
    )
    if turn.first_contact:
        text += "\n\n" + _("Which language would you like me to use?")
        return Reply(text, buttons=language_buttons())
    return Reply(text)


@router.command("help", N_("What this bot can do"))
async def show_help(turn: Turn) -> Reply:
    """List the commands this user can use, in their language."""
    lines = [_("Type a question in Thai or English, or use a command:"), ""]
    commands = turn.router.commands.values() if turn.router else ()
    for spec in commands:
        if spec.description is not None and (turn.is_admin or not spec.admin):
            lines.append(f"/{spec.name} – {_(spec.description)}")
    return Reply("\n".join(lines))


@router.command("language", N_("Choose Thai or English"))
async def choose_language(turn: Turn) -> Reply:
    """Offer both languages as buttons."""
    return Reply(_("Which language would you like me to use?"), buttons=language_buttons())


async def save_language(turn: Turn, language: str) -> Reply:
    """Remember the chosen language (``lang:<code>``) and confirm in it."""
    async with turn.services.database.sessions.begin() as session:
        await users.set_language(session, turn.user_id, language)
    turn.language = language
    with use_language(language):  # the rest of the turn speaks the new language
        return Reply(
            _("Done: I'll speak English with you from now on.")
            + "\n\n"
            + _("Type a question, or see /help."),
            edit=True,
        )


language_routes = ButtonRoutes("lang", router)
for _code in LANGUAGES:
    language_routes.action(_code)(functools.partial(save_language, language=_code))


@router.command("cancel", N_("Stop what we are doing"))
async def cancel(turn: Turn) -> Reply:
    """Leave any flow in progress."""
    if turn.state is None:
        return Reply(_("There is nothing to cancel."))
    await turn.clear_flow()
    return Reply(_("Cancelled. Ask me anything, or see /help."))


@router.fallback("unknown")
async def unknown_command(turn: Turn) -> Reply:
    """Any command the user may not or cannot use."""
    return Reply(_("Sorry, I don't know that command. See /help for what I can do."))


@router.fallback("unsupported")
async def unsupported_message(turn: Turn) -> Reply:
    """Stickers, photos, voice and anything else that is not text."""
    return Reply(
        _(
            "I can only read text questions. Please type your question, for example "
            "“What is a platform co-op?”, or browse /topics."
        )
    )


@router.fallback("private_only")
async def move_to_private(turn: Turn) -> Reply:
    """Personal flows never run in a group: point to a private chat instead."""
    link = turn.links.deep_link("start")
    if link is None:
        return Reply(_("Let's continue this in a private chat with me."))
    return Reply(
        _("Let's continue this in a private chat with me."),
        buttons=rows(Button(_("Open a private chat"), url=link)),
    )
