"""Split long Telegram HTML into messages of at most 4,096 characters, safely."""

from __future__ import annotations

import html
import re

TELEGRAM_TEXT_LIMIT = 4096
_TAG = re.compile(r"<(/?)([a-zA-Z]+)([^>]*)>")


_ATOM = re.compile(
    r"<[^<>]*>"  # a whole tag
    r"|&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[a-zA-Z][a-zA-Z0-9]{1,31});"  # a whole entity
    r"|\n\n|.",
    re.DOTALL,
)
_OPENING = re.compile(r"<([a-zA-Z][a-zA-Z-]*)[^>]*>")
_CLOSING = re.compile(r"</([a-zA-Z][a-zA-Z-]*)\s*>")
# where a chunk may end, best first: after a paragraph, a line, a word
_BREAKS = ("\n\n", "\n", " ")


def _size(text: str) -> int:
    """UTF-16 code units (as Telegram counts) of the raw HTML: never an underestimate."""
    return len(text.encode("utf-16-le")) // 2


def _track(stack: list[tuple[str, str]], atom: str) -> None:
    """Update the open-tag stack (name, opening tag) for one atom."""
    if closing := _CLOSING.fullmatch(atom):
        for index in range(len(stack) - 1, -1, -1):
            if stack[index][0] == closing.group(1):
                del stack[index]
                break
    elif opening := _OPENING.fullmatch(atom):
        stack.append((opening.group(1), atom))


def _closers(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _tag in reversed(stack))


def split_html(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Split into messages of at most ``limit`` characters, at a paragraph, line or word
    boundary where possible, never inside a tag or an entity; tags still open at a cut are
    closed there and reopened in the next message.

    One pass over the text's atoms (tags, entities, characters), so no input can recurse.
    Assumes the tags open at any point, reopened and closed, take well under ``limit``."""
    if _size(text) <= limit:
        return [text]
    atoms = _ATOM.findall(text)
    out: list[str] = []
    stack: list[tuple[str, str]] = []
    start = 0
    while start < len(atoms):
        prefix = "".join(tag for _name, tag in stack)
        running = list(stack)
        used = _size(prefix)
        best: dict[str, tuple[int, list[tuple[str, str]]]] = {}
        end = start
        while end < len(atoms):
            atom = atoms[end]
            after = list(running)
            _track(after, atom)
            if used + _size(atom) + _size(_closers(after)) > limit and end > start:
                break
            used += _size(atom)
            running = after
            end += 1
            if atom in _BREAKS:
                best[atom] = (end, running)
        if end < len(atoms):
            for separator in _BREAKS:
                if separator in best:
                    end, running = best[separator]
                    break
        body = "".join(atoms[start:end])
        if html.unescape(_TAG.sub("", body)).strip():
            out.append((prefix + body).strip("\n") + _closers(running))
        stack, start = running, end
    return out
