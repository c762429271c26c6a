"""Render the conversation layer's replies as LINE message objects, within LINE's limits.

- Text goes out as plain text messages (LINE has no markup), split at 5,000 characters.
- A few short choices (data buttons only, at most 13, labels within 20 characters) become
  **quick replies** on the last text message: the row of chips LINE shows above the keyboard.
- Anything else with buttons (an answer's related questions, 👍/👎, mentor and share actions;
  links; long labels) becomes a **Flex Message** bubble after the text, one postback or link
  per button. A label too long for a button is shown whole as tappable wrapped text.
- One reply call carries at most 5 messages; the rest are returned for push.
- No edit in place: ``Reply.edit`` is ignored and the reply is a new message. Attachments are
  not sent (LINE only takes images by https URL): their text still is.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.channels import Capabilities
from bot.conversation.reply import Button, Reply
from bot.line.text import TEXT_LIMIT, shorten, split_text, to_plain, units

log = logging.getLogger(__name__)

Message = dict[str, Any]
MESSAGES_PER_CALL = 5
QUICK_REPLY_ITEMS = 13
FLEX_BUTTONS = 30  # a card's buttons: long Thai labels included, well within a bubble's 30 KB
LABEL_LIMIT = 20
POSTBACK_DATA_LIMIT = 300  # bytes
DISPLAY_TEXT_LIMIT = 300
ALT_TEXT_LIMIT = 400
URI_LIMIT = 1000

LINE_CAPABILITIES = Capabilities(
    text_limit=TEXT_LIMIT,
    edit_in_place=False,
    inline_mode=False,
    # LINE's 20-character limit binds action labels, and ``render`` keeps to it itself: a
    # longer label (a related question, a topic) is shown whole as tappable wrapped text, so
    # the engine must not clip it first
    button_label_limit=None,
    # more than 13 choices go in a Flex card (quick replies are for up to 13)
    buttons_per_message=FLEX_BUTTONS,
    button_data_limit=POSTBACK_DATA_LIMIT,
    messages_per_reply=MESSAGES_PER_CALL,
    files=False,  # a bot can send LINE users images by https URL only, no documents
)


@dataclass
class Outgoing:
    """Messages for one event: ``reply`` (at most 5, with the reply token) and ``push``
    (further calls of at most 5 each, sent after it)."""

    reply: list[Message] = field(default_factory=list)
    push: list[list[Message]] = field(default_factory=list)

    @property
    def all(self) -> list[Message]:
        return self.reply + [message for batch in self.push for message in batch]


def render_replies(replies: Sequence[Reply], notice: str | None = None) -> Outgoing:
    """Every message for one event, in order; a button's ``notice`` (Telegram's toast) comes
    first as its own text, LINE having no toast."""
    messages: list[Message] = []
    if notice:
        messages.extend(_text(part) for part in split_text(notice))
    for reply in replies:
        messages.extend(render_reply(reply))
    return Outgoing(reply=messages[:MESSAGES_PER_CALL], push=batches(messages[MESSAGES_PER_CALL:]))


def batches(messages: list[Message]) -> list[list[Message]]:
    """Messages in calls of at most 5 (LINE's limit for reply and push alike)."""
    return [
        messages[i : i + MESSAGES_PER_CALL] for i in range(0, len(messages), MESSAGES_PER_CALL)
    ]


def render_reply(reply: Reply) -> list[Message]:
    """The LINE messages for one reply (possibly none, e.g. an attachment without text)."""
    if reply.attachment is not None:
        log.info("LINE cannot send the attachment %r; sending its text", reply.attachment.filename)
    plain = to_plain(reply.text)
    messages = [_text(part) for part in split_text(plain)]
    buttons = [b for row in reply.buttons for b in row if _sendable(b)]
    if not buttons:
        return messages
    if messages and _quick_reply_fits(buttons):
        messages[-1]["quickReply"] = {"items": [_quick_item(b) for b in buttons]}
        return messages
    rows = [[b for b in row if _sendable(b)] for row in reply.buttons]
    messages.append(_flex(plain, [row for row in rows if row]))
    return messages


def _text(text: str) -> Message:
    return {"type": "text", "text": text}


def _sendable(button: Button) -> bool:
    """Whether LINE would take this button (data within 300 bytes, a short http(s) link)."""
    if button.data is not None:
        if len(button.data.encode()) <= POSTBACK_DATA_LIMIT:
            return True
        log.warning("dropping a button whose data is over %d bytes", POSTBACK_DATA_LIMIT)
        return False
    url = button.url or ""
    return url.startswith(("https://", "http://", "line://", "tel:")) and len(url) <= URI_LIMIT


def _quick_reply_fits(buttons: list[Button]) -> bool:
    return len(buttons) <= QUICK_REPLY_ITEMS and all(
        b.data is not None and units(b.label) <= LABEL_LIMIT for b in buttons
    )


def _action(button: Button) -> Message:
    label = shorten(button.label, LABEL_LIMIT)
    if button.url is not None:
        return {"type": "uri", "label": label, "uri": button.url}
    return {
        "type": "postback",
        "label": label,
        "data": button.data,
        "displayText": shorten(button.label, DISPLAY_TEXT_LIMIT),
    }


def _quick_item(button: Button) -> Message:
    return {"type": "action", "action": _action(button)}


def _flex_button(button: Button) -> Message:
    """A button component, or for a label LINE would cut, the whole label as wrapped
    tappable text (a related question must stay readable)."""
    if units(button.label) <= LABEL_LIMIT:
        style = "link" if button.url is not None else "secondary"
        return {
            "type": "button",
            "style": style,
            "height": "sm",
            "action": _action(button),
        }
    return {
        "type": "box",
        "layout": "vertical",
        "paddingAll": "md",
        "backgroundColor": "#EFEFEF",
        "cornerRadius": "md",
        "action": _action(button),
        "contents": [{"type": "text", "text": button.label, "wrap": True, "size": "sm"}],
    }


def _flex(plain: str, rows: list[list[Button]]) -> Message:
    """A bubble holding the reply's buttons row by row; its ``altText`` (shown in
    notifications and the chat list) is the reply's text, or the labels without text."""
    contents: list[Message] = []
    for row in rows:
        if len(row) == 1:
            contents.append(_flex_button(row[0]))
        else:
            contents.append(
                {
                    "type": "box",
                    "layout": "horizontal",
                    "spacing": "sm",
                    "contents": [{**_flex_button(b), "flex": 1} for b in row],
                }
            )
    alt = plain.strip() or " · ".join(b.label for row in rows for b in row)
    return {
        "type": "flex",
        "altText": shorten(alt, ALT_TEXT_LIMIT),
        "contents": {
            "type": "bubble",
            "body": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": contents},
        },
    }
