"""Text helpers shared by adapters: split long HTML safely, and render HTML as plain text."""

from __future__ import annotations

import html
import re

TELEGRAM_TEXT_LIMIT = 4096
_TAG = re.compile(r"<(/?)([a-zA-Z]+)([^>]*)>")
_LINK = re.compile(r'<a\s+href="([^"]*)"\s*>(.*?)</a>', re.DOTALL)


def _open_tags_after(chunk: str, stack: list[tuple[str, str]]) -> list[tuple[str, str]]:
    stack = list(stack)
    for closing, name, attrs in _TAG.findall(chunk):
        if closing:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == name:
                    del stack[index]
                    break
        else:
            stack.append((name, attrs))
    return stack


def _pieces(text: str, limit: int) -> list[str]:
    """Paragraphs, then lines, then words, then characters: the largest units under ``limit``."""
    for separator in ("\n\n", "\n", " "):
        parts = text.split(separator)
        if len(parts) > 1:
            out: list[str] = []
            for index, part in enumerate(parts):
                piece = part + (separator if index < len(parts) - 1 else "")
                out.extend([piece] if len(piece) <= limit else _pieces(piece, limit))
            return out
    return [text[i : i + limit] for i in range(0, len(text), limit)]


def split_html(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Split into messages of at most ``limit`` characters on paragraph boundaries where
    possible, closing tags at the end of a chunk and reopening them in the next."""
    if len(text) <= limit:
        return [text]
    budget = limit - 200  # room for reopened and closed tags
    chunks: list[str] = []
    current = ""
    for piece in _pieces(text, budget):
        if current and len(current) + len(piece) > budget:
            chunks.append(current)
            current = ""
        # never cut inside a tag: keep a piece that ends mid-tag whole
        current += piece
    if current:
        chunks.append(current)
    out: list[str] = []
    stack: list[tuple[str, str]] = []
    for chunk in chunks:
        prefix = "".join(f"<{name}{attrs}>" for name, attrs in stack)
        stack = _open_tags_after(chunk, stack)
        suffix = "".join(f"</{name}>" for name, _attrs in reversed(stack))
        body = (prefix + chunk).strip("\n") + suffix
        if body.strip():
            out.append(body)
    return out


def html_to_plain(text: str) -> str:
    """Telegram HTML as terminal text: links become ``label (url)``, other tags vanish."""
    text = _LINK.sub(lambda m: f"{m.group(2)} ({html.unescape(m.group(1))})", text)
    text = _TAG.sub("", text)
    return html.unescape(text)
