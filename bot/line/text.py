"""LINE shows plain text only: the reply markup becomes text, and long text is split."""

from __future__ import annotations

import html
import re

TEXT_LIMIT = 5000  # characters of one text message (UTF-16 units, as LINE's clients count)
_LINK = re.compile(r"<a\s+href=\"([^\"]*)\"\s*>(.*?)</a\s*>", re.DOTALL | re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
# where a message may end, best first: after a paragraph, a line, a word
_BREAKS = ("\n\n", "\n", " ")


def to_plain(markup: str) -> str:
    """The reply's markup (``<b> <i> <code> <a href>`` …) as plain text: emphasis is dropped,
    a link becomes ``label (url)`` (just the url when the label is the url)."""
    text = _LINK.sub(_link_text, markup)
    text = _BREAK.sub("\n", text)
    return html.unescape(_TAG.sub("", text))


def _link_text(match: re.Match[str]) -> str:
    url = html.unescape(match.group(1))
    label = html.unescape(_TAG.sub("", match.group(2))).strip()
    return url if not label or label == url else f"{label} ({url})"


def units(text: str) -> int:
    """UTF-16 code units: an emoji outside the basic plane counts twice."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Messages of at most ``limit`` units each, cut after a paragraph, a line or a word
    where one lies in the second half of the window, else at the limit; empty parts vanish."""
    parts: list[str] = []
    rest = text.strip()
    while units(rest) > limit:
        window = _prefix(rest, limit)
        cut = len(window)
        for separator in _BREAKS:
            at = window.rfind(separator)
            if at >= len(window) // 2:
                cut = at + len(separator)
                break
        parts.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        parts.append(rest)
    return [part for part in parts if part]


def shorten(text: str, limit: int) -> str:
    """``text`` within ``limit`` units, with an ellipsis where it was cut."""
    if units(text) <= limit:
        return text
    return _prefix(text, limit - 1).rstrip() + "…"


def _prefix(text: str, limit: int) -> str:
    """The longest start of ``text`` within ``limit`` units, never half a surrogate pair."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return text[:index]
    return text
