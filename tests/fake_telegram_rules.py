"""What the real Bot API refuses, so the fake refuses it too: HTML that Telegram cannot parse,
over-long texts, bad button data, invalid commands.

``parse_html`` follows tdlib's parser (the one behind ``parse_mode=HTML``): only the tags
Telegram knows, entities ``&lt; &gt; &amp; &quot;`` and numeric ones, every tag closed in
order. A message the fake accepts is one Telegram would accept.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

MESSAGE_LIMIT = 4096  # UTF-16 code units, after entities are parsed
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64  # bytes
CALLBACK_ANSWER_LIMIT = 200
KNOWN_TAGS = frozenset(
    {"a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre",
     "tg-spoiler", "tg-emoji", "span", "blockquote"}
)  # fmt: skip
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8});")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_BUTTON_URL = re.compile(r"^(https?|tg)://")


class BotApiError(Exception):
    """A refusal as Telegram words it (``Bad Request: …``), with its HTTP status."""

    def __init__(self, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.description = description
        self.status = status


@dataclass(frozen=True)
class Entity:
    """A formatted span of the plain text: offsets in characters of ``ParsedText.plain``."""

    tag: str
    start: int
    end: int
    argument: str = ""  # the href of a link


@dataclass(frozen=True)
class ParsedText:
    plain: str
    entities: tuple[Entity, ...] = ()

    @property
    def length(self) -> int:
        """Telegram counts UTF-16 code units."""
        return len(self.plain.encode("utf-16-le")) // 2


def _entity_at(text: str, index: int) -> tuple[str, int] | None:
    """The character an entity at ``index`` stands for, and where it ends; None if it is not
    one Telegram decodes (then the ``&`` is kept as it is)."""
    match = _ENTITY.match(text, index)
    if match is None:
        return None
    name = match.group(1)
    if name in _NAMED:
        return _NAMED[name], match.end()
    code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
    if code == 0 or code > 0x10FFFF:
        return None
    return chr(code), match.end()


class _HtmlParser:
    """One pass over the text, as tdlib's ``parse_html`` does it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.out: list[str] = []
        self.length = 0  # characters of plain text so far
        self.open: list[tuple[str, str, int]] = []  # tag, argument, start
        self.entities: list[Entity] = []

    def char(self, k: int | None = None) -> str:
        k = self.i if k is None else k
        return self.text[k] if k < len(self.text) else "\0"

    def emit(self, chunk: str) -> None:
        self.out.append(chunk)
        self.length += len(chunk)

    def skip_spaces(self) -> None:
        while self.char() != "\0" and self.char().isspace():
            self.i += 1

    def parse(self) -> ParsedText:
        text = self.text
        while self.i < len(text):
            c = text[self.i]
            if c == "&" and (decoded := _entity_at(text, self.i)) is not None:
                self.emit(decoded[0])
                self.i = decoded[1]
            elif c != "<":
                self.emit(c)
                self.i += 1
            elif self.char(self.i + 1) == "/":
                self.end_tag()
            else:
                self.start_tag()
        if self.open:
            raise BotApiError(
                "Bad Request: can't parse entities: Can't find end tag corresponding to start "
                f'tag "{self.open[-1][0]}"'
            )
        return ParsedText("".join(self.out), tuple(self.entities))

    def start_tag(self) -> None:
        begin = self.i
        self.i += 1
        start = self.i
        while not self.char().isspace() and self.char() not in (">", "\0"):
            self.i += 1
        if self.char() == "\0":
            raise _bad(f"Unclosed start tag at byte offset {begin}")
        tag = self.text[start : self.i].lower()
        if tag not in KNOWN_TAGS:
            raise _bad(f'Unsupported start tag "{tag}" at byte offset {begin}')
        argument = ""
        while self.char() != ">":
            self.skip_spaces()
            if self.char() == ">":
                break
            name, value = self.attribute(tag, begin)
            if tag == "a" and name == "href":
                argument = value
            elif tag == "span" and name == "class" and value.startswith("tg-"):
                argument = value[3:]
        if tag == "span" and argument != "spoiler":
            raise _bad(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
        self.open.append((tag, argument, self.length))
        self.i += 1

    def attribute(self, tag: str, begin: int) -> tuple[str, str]:
        start = self.i
        while not self.char().isspace() and self.char() not in ("=", "\0"):
            self.i += 1
        name = self.text[start : self.i]
        if not name:
            raise _bad(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
        self.skip_spaces()
        if self.char() != "=":
            raise _bad(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" at '
                f"byte offset {begin}"
            )
        self.i += 1
        self.skip_spaces()
        if self.char() == "\0":
            raise _bad(f'Unclosed start tag "{tag}" at byte offset {begin}')
        if self.char() not in "'\"":
            start = self.i
            while self.char().isalnum() or self.char() in ".-":
                self.i += 1
            if not self.char().isspace() and self.char() != ">":
                raise _bad(f"Unexpected end of name token at byte offset {start}")
            return name, self.text[start : self.i].lower()
        quote = self.char()
        self.i += 1
        value: list[str] = []
        while self.char() not in (quote, "\0"):
            if self.char() == "&" and (decoded := _entity_at(self.text, self.i)) is not None:
                value.append(decoded[0])
                self.i = decoded[1]
            else:
                value.append(self.char())
                self.i += 1
        if self.char() == "\0":
            raise _bad(f"Unclosed start tag at byte offset {begin}")
        self.i += 1
        return name, "".join(value)

    def end_tag(self) -> None:
        begin = self.i
        if not self.open:
            raise _bad(f"Unexpected end tag at byte offset {begin}")
        self.i += 2
        start = self.i
        while not self.char().isspace() and self.char() not in (">", "\0"):
            self.i += 1
        name = self.text[start : self.i].lower()
        self.skip_spaces()
        if self.char() != ">":
            raise _bad(f"Unclosed end tag at byte offset {begin}")
        tag, argument, opened_at = self.open.pop()
        if name and name != tag:
            raise _bad(
                f'Unmatched end tag at byte offset {begin}, expected "</{tag}>", found "</{name}>"'
            )
        self.entities.append(Entity(tag, opened_at, self.length, argument))
        self.i += 1


def _bad(reason: str) -> BotApiError:
    return BotApiError(f"Bad Request: can't parse entities: {reason}")


def parse_html(text: str) -> ParsedText:
    """Plain text and entities of ``text`` in ``parse_mode=HTML``, or ``BotApiError``."""
    return _HtmlParser(text).parse()


def check_text(
    text: Any, parse_mode: Any, *, limit: int = MESSAGE_LIMIT, what: str = "message"
) -> ParsedText:
    """A message text or caption as Telegram checks it: parse, not empty, not too long."""
    raw = "" if text is None else str(text)
    parsed = parse_html(raw) if str(parse_mode or "").upper() == "HTML" else ParsedText(raw)
    if what == "message" and not parsed.plain.strip():
        raise BotApiError("Bad Request: message text is empty")
    if parsed.length > limit:
        raise BotApiError(f"Bad Request: {what} is too long")
    return parsed


def check_markup(markup: Any) -> None:
    """Inline keyboards: a label on every button, data of 1-64 bytes, valid link addresses."""
    if not markup:
        return
    if isinstance(markup, str):
        markup = json.loads(markup)
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                raise BotApiError("Bad Request: text buttons are unallowed in the inline keyboard")
            data, url = button.get("callback_data"), button.get("url")
            if data is not None and not 1 <= len(str(data).encode()) <= CALLBACK_DATA_LIMIT:
                raise BotApiError("Bad Request: BUTTON_DATA_INVALID")
            if url is not None and not _BUTTON_URL.match(str(url)):
                raise BotApiError(f"Bad Request: inline keyboard button URL '{url}' is invalid")


def check_commands(commands: Any) -> None:
    """``setMyCommands``: lower-case names of 1-32 characters, descriptions of 1-256."""
    for command in commands or []:
        if not _COMMAND.fullmatch(str(command.get("command", ""))):
            raise BotApiError("Bad Request: BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise BotApiError("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")


def check_call(method: str, params: dict[str, Any]) -> None:
    """Everything the real API would refuse in this call (raises ``BotApiError``)."""
    parse_mode = params.get("parse_mode")
    if method in ("sendMessage", "editMessageText"):
        check_text(params.get("text"), parse_mode)
    elif method in ("sendDocument", "sendPhoto", "editMessageCaption") and params.get("caption"):
        check_text(params["caption"], parse_mode, limit=CAPTION_LIMIT, what="message caption")
    elif method == "answerCallbackQuery":
        if len(str(params.get("text") or "")) > CALLBACK_ANSWER_LIMIT:
            raise BotApiError("Bad Request: MESSAGE_TOO_LONG")
    elif method == "answerInlineQuery":
        for result in params.get("results") or []:
            content = result.get("input_message_content") or {}
            check_text(content.get("message_text"), content.get("parse_mode"))
            check_markup(result.get("reply_markup"))
    elif method == "setMyCommands":
        check_commands(params.get("commands"))
    if "reply_markup" in params:
        check_markup(params.get("reply_markup"))


def as_terminal_text(text: str, parse_mode: Any) -> str:
    """What a Telegram client shows, for a terminal: formatting gone, links as
    ``label (address)``; text Telegram could not parse is shown as it came."""
    if str(parse_mode or "").upper() != "HTML":
        return text
    try:
        parsed = parse_html(text)
    except BotApiError:
        return text
    plain = parsed.plain
    links = sorted((e for e in parsed.entities if e.tag == "a" and e.argument), key=_by_end)
    for link in reversed(links):
        if plain[link.start : link.end] != link.argument:
            plain = f"{plain[: link.end]} ({link.argument}){plain[link.end :]}"
    return plain


def _by_end(entity: Entity) -> int:
    return entity.end
