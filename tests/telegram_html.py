"""Telegram's HTML as its server parses it (after tdlib's ``parse_html``), for the fake Bot API
and the splitting property test: the visible text, or ``HtmlError`` where Telegram refuses."""

from __future__ import annotations

import re

TEXT_LIMIT = 4096  # UTF-16 code units of the visible text, as Telegram counts
TAGS = {
    "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler",
    "tg-emoji", "span", "pre", "code", "blockquote",
}  # fmt: skip
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8});")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_START = re.compile(r"<([^\s>/]+)((?:\s+[^\s=>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[\w.-]+))*)\s*>")
_END = re.compile(r"</([^\s>]*)\s*>")


class HtmlError(ValueError):
    """Telegram would answer ``Bad Request: can't parse entities``."""


def _entity(match: re.Match[str]) -> str | None:
    name = match.group(1)
    if name in _NAMED:
        return _NAMED[name]
    code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
    return chr(code) if 0 < code <= 0x10FFFF else None


def parse_html(text: str) -> str:
    """The visible text of ``text``; raises ``HtmlError`` for what Telegram refuses."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "&" and (entity := _ENTITY.match(text, i)) and (decoded := _entity(entity)):
            out.append(decoded)
            i = entity.end()
        elif char != "<":
            out.append(char)
            i += 1
        elif end := _END.match(text, i):
            if not stack:
                raise HtmlError(f"Unexpected end tag at byte offset {i}")
            opened = stack.pop()
            if end.group(1) and end.group(1) != opened:
                raise HtmlError(f'Unmatched end tag at byte offset {i}, expected "</{opened}>"')
            i = end.end()
        elif start := _START.match(text, i):
            tag = start.group(1).lower()
            if tag not in TAGS:
                raise HtmlError(f'Unsupported start tag "{tag}" at byte offset {i}')
            stack.append(tag)
            i = start.end()
        else:
            raise HtmlError(f"Unclosed start tag at byte offset {i}")
    if stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def check_message_text(text: str, parse_mode: str | None) -> str | None:
    """Telegram's refusal of a message text (broken HTML, empty, too long), or None."""
    try:
        plain = parse_html(text) if (parse_mode or "").upper() == "HTML" else text
    except HtmlError as error:
        return f"Bad Request: can't parse entities: {error}"
    if not plain.strip():
        return "Bad Request: message text is empty"
    if len(plain.encode("utf-16-le")) // 2 > TEXT_LIMIT:
        return "Bad Request: message is too long"
    return None
