"""The reply text format: a small markup every messenger can render.

Tags ``<b>``, ``<i>``, ``<code>`` and ``<a href="…">``, the entities ``&amp; &lt; &gt; &quot;``
(and numeric ones, which FAQ files may use), and line breaks; nothing else. It is the subset
of HTML that Telegram accepts as it is, and turns into plain text for the console or LINE
(``to_plain``). Build text with ``escape``/``bold``/``link``…; ``parse`` says whether a text
keeps to the format, ``truncate`` shortens it without breaking it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

TAGS = frozenset({"b", "i", "code", "a"})
_TOKEN = re.compile(
    r"<(?P<close>/?)(?P<name>[a-zA-Z]*)(?P<attrs>[^<>]*)>"
    r"|&(?P<entity>amp|lt|gt|quot|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});"
    r"|(?P<bare>[<>&])"
)
_HREF = re.compile(r'\s+href="(?P<href>[^"<>]*)"\s*')
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"'}


class MarkupError(ValueError):
    """Text that does not keep to the reply markup (an unknown tag, a bare ``<``…)."""


@dataclass(frozen=True)
class Text:
    """Characters as shown (entities already decoded)."""

    text: str


@dataclass(frozen=True)
class Open:
    """An opening tag; ``href`` for links (decoded)."""

    tag: str
    href: str | None = None


@dataclass(frozen=True)
class Close:
    """A closing tag."""

    tag: str


Token = Text | Open | Close


def escape(text: str) -> str:
    """Plain text as markup: ``& < > "`` become entities (safe in text and in ``href``)."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def bold(text: str) -> str:
    """Plain text shown bold."""
    return f"<b>{escape(text)}</b>"


def italic(text: str) -> str:
    """Plain text shown in italics."""
    return f"<i>{escape(text)}</i>"


def code(text: str) -> str:
    """Plain text shown as code (ids, file names, YAML snippets)."""
    return f"<code>{escape(text)}</code>"


def link(url: str, text: str) -> str:
    """A link labelled with plain ``text``."""
    return f'<a href="{escape(url)}">{escape(text)}</a>'


def _entity(name: str) -> str:
    if name in _NAMED:
        return _NAMED[name]
    number = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
    if not 0 < number <= 0x10FFFF or 0xD800 <= number <= 0xDFFF:
        raise MarkupError(f"no such character: &{name};")
    return chr(number)


def _tag(match: re.Match[str], stack: list[str]) -> Token:
    name, attrs = match["name"], match["attrs"]
    if name not in TAGS:
        raise MarkupError(f"tag not allowed: {match[0]!r} (only <b>, <i>, <code>, <a href>)")
    if match["close"]:
        if attrs.strip() or not stack or stack[-1] != name:
            raise MarkupError(f"unbalanced closing tag {match[0]!r}")
        stack.pop()
        return Close(name)
    href = None
    if name == "a":
        found = _HREF.fullmatch(attrs)
        if found is None:
            raise MarkupError(f'a link needs exactly href="…": {match[0]!r}')
        if "a" in stack:
            raise MarkupError("a link inside a link")
        href = html.unescape(found["href"])
    elif attrs:
        raise MarkupError(f"no attributes allowed on <{name}>: {match[0]!r}")
    stack.append(name)
    return Open(name, href)


def parse(text: str) -> list[Token]:
    """The text's tokens; raises ``MarkupError`` where it leaves the format."""
    tokens: list[Token] = []
    stack: list[str] = []
    pending: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        pending.append(text[position : match.start()])
        position = match.end()
        if match["bare"] is not None:
            raise MarkupError(f"escape a bare {match['bare']!r} at {match.start()}")
        if match["entity"] is not None:
            pending.append(_entity(match["entity"]))
            continue
        if any(pending):
            tokens.append(Text("".join(pending)))
        pending = []
        tokens.append(_tag(match, stack))
    pending.append(text[position:])
    if any(pending):
        tokens.append(Text("".join(pending)))
    if stack:
        raise MarkupError(f"<{stack[-1]}> is never closed")
    return tokens


def serialise(tokens: list[Token]) -> str:
    """Tokens back as markup (entities in their named or literal form)."""
    out: list[str] = []
    for token in tokens:
        if isinstance(token, Text):
            out.append(escape(token.text))
        elif isinstance(token, Open):
            href = f' href="{escape(token.href)}"' if token.href is not None else ""
            out.append(f"<{token.tag}{href}>")
        else:
            out.append(f"</{token.tag}>")
    return "".join(out)


def to_plain(text: str) -> str:
    """The text without formatting, for messengers that show plain text: links become
    ``text (url)``."""
    out: list[str] = []
    links: list[str] = []
    for token in parse(text):
        if isinstance(token, Text):
            out.append(token.text)
        elif isinstance(token, Open) and token.href is not None:
            links.append(token.href)
        elif isinstance(token, Close) and token.tag == "a":
            out.append(f" ({links.pop()})")
    return "".join(out)


def plain_length(text: str) -> int:
    """Characters a reader sees (link addresses not counted): what messengers limit."""
    return sum(len(token.text) for token in parse(text) if isinstance(token, Text))


def _cut(text: str, room: int) -> str:
    """At most ``room`` characters of ``text``, never leaving a combining mark (a Thai
    vowel or tone mark) without the letter it sits on."""
    end = room
    while 0 < end < len(text) and unicodedata.category(text[end]) == "Mn":
        end -= 1
    return text[:end]


def clip(text: str, limit: int, ellipsis: str = "…") -> str:
    """Plain text (a button label) in at most ``limit`` characters, ``ellipsis`` when cut."""
    if len(text) <= limit:
        return text
    return _cut(text, max(limit - len(ellipsis), 0)).rstrip() + ellipsis


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """The text shortened to ``limit`` visible characters (``ellipsis`` included when cut),
    never inside a tag or an entity, every tag still open at the cut closed."""
    if plain_length(text) <= limit:
        return text
    if len(ellipsis) > limit:
        ellipsis = ""
    room = limit - len(ellipsis)
    kept: list[Token] = []
    stack: list[str] = []
    for token in parse(text):
        if isinstance(token, Text):
            piece = _cut(token.text, room)
            room -= len(piece)
            if piece:
                kept.append(Text(piece))
            if len(piece) < len(token.text):
                break
        elif isinstance(token, Open):
            if room == 0:
                break
            kept.append(token)
            stack.append(token.tag)
        else:
            kept.append(token)
            stack.pop()
    kept.append(Text(ellipsis))
    kept.extend(Close(tag) for tag in reversed(stack))
    return serialise(_drop_empty(kept))


def _drop_empty(tokens: list[Token]) -> list[Token]:
    """Without tags that open and close around nothing (left by a cut)."""
    out: list[Token] = []
    for token in tokens:
        if isinstance(token, Close) and out and isinstance(out[-1], Open):
            out.pop()
            continue
        out.append(token)
    return out
