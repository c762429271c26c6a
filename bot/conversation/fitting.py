"""Fit a reply to what the event's messenger can show, so flows never ask which one it is.

Buttons are laid out most important first: where a messenger takes fewer, the last ones go.
Without edit-in-place, a reply meant to replace the pressed message is sent as a new one.
Where one answer may carry only so many messages, the rest are pushed after it. Where no
documents can be sent, a text file (``/mydata``'s JSON, an FAQ export) comes as text after
the reply's own words.
"""

from __future__ import annotations

import dataclasses

from bot.channels import Capabilities
from bot.conversation.markup import clip, escape
from bot.conversation.reply import Button, Keyboard, Reply, Response


class ButtonDataTooLong(ValueError):
    """A button's data is over the messenger's limit: a bug in the flow that made it."""


def _fit_button(button: Button, capabilities: Capabilities) -> Button:
    if button.data is not None and len(button.data.encode()) > capabilities.button_data_limit:
        raise ButtonDataTooLong(
            f"button data over {capabilities.button_data_limit} bytes: {button.data!r}"
        )
    limit = capabilities.button_label_limit
    if limit is None or len(button.label) <= limit:
        return button
    return dataclasses.replace(button, label=clip(button.label, limit))


def fit_buttons(buttons: Keyboard, capabilities: Capabilities) -> Keyboard:
    """Labels shortened, buttons beyond the messenger's number dropped (the last first)."""
    room = capabilities.buttons_per_message
    fitted: list[tuple[Button, ...]] = []
    for row in buttons:
        if room is not None:
            row = row[: max(room, 0)]
            room -= len(row)
        if row:
            fitted.append(tuple(_fit_button(button, capabilities) for button in row))
    return tuple(fitted)


def fit_reply(reply: Reply, capabilities: Capabilities) -> Reply:
    """One reply as the messenger can show it."""
    if reply.attachment is not None and not capabilities.files:
        reply = _file_as_text(reply)
    buttons = fit_buttons(reply.buttons, capabilities)
    edit = reply.edit and capabilities.edit_in_place
    if buttons == reply.buttons and edit == reply.edit:
        return reply
    return dataclasses.replace(reply, buttons=buttons, edit=edit)


def _file_as_text(reply: Reply) -> Reply:
    """A text document's content after the reply's words (a picture stays an attachment,
    which such a messenger leaves out)."""
    attachment = reply.attachment
    if attachment is None or attachment.kind != "document":
        return reply
    try:
        content = attachment.content.decode("utf-8")
    except UnicodeDecodeError:
        return reply
    text = f"{reply.text}\n\n{escape(content)}" if reply.text else escape(content)
    return dataclasses.replace(reply, text=text, attachment=None)


def fit_response(response: Response, capabilities: Capabilities) -> Response:
    """Every reply fitted; those beyond ``messages_per_reply`` moved to ``pushed``."""
    replies = [fit_reply(reply, capabilities) for reply in [*response.replies, *response.pushed]]
    limit = capabilities.messages_per_reply
    if limit is not None and len(replies) > limit:
        response.replies, response.pushed = replies[:limit], replies[limit:]
    else:
        response.replies, response.pushed = replies, []
    return response
