"""Long replies split into messages Telegram accepts, whatever the text (issue 14, defect 1)."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.telegram.splitting import TELEGRAM_TEXT_LIMIT, split_html
from tests.fake_telegram_rules import parse_html as parse_telegram_html

_WORDS = st.text(alphabet="ab &<>\"'\nก์😀", min_size=0, max_size=60)
_LONG = st.builds(
    lambda char, count: char * count, st.sampled_from('a&"\n ก'), st.integers(1, 6000)
)


def _tagged(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    tag = st.sampled_from(
        [
            "<b>{}</b>",
            "<i>{}</i>",
            "<code>{}</code>",
            '<a href="https://x.org/?a=1&amp;b=2">{}</a>',
        ]
    )
    return st.builds(str.format, tag, inner)


_HTML = st.recursive(
    st.one_of(_WORDS, _LONG).map(html.escape),
    lambda inner: st.one_of(_tagged(inner), st.lists(inner, max_size=6).map("".join)),
    max_leaves=12,
)


def _size(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@settings(max_examples=300, deadline=None)
@given(_HTML, st.sampled_from([TELEGRAM_TEXT_LIMIT, 1000]))
def test_every_piece_fits_is_valid_html_and_together_they_keep_the_text(
    text: str, limit: int
) -> None:
    pieces = split_html(text, limit)
    visible = [
        parse_telegram_html(piece).plain for piece in pieces
    ]  # raises on a cut tag or entity
    assert all(_size(piece) <= limit for piece in pieces)
    assert len(pieces) == 1 or all(part.strip() for part in visible)
    # only the whitespace where a message was cut may go
    assert re.sub(r"\s", "", "".join(visible)) == re.sub(
        r"\s", "", parse_telegram_html(text).plain
    )


def test_a_long_paragraph_before_the_last_one_splits_without_recursing() -> None:
    text = "&amp;" * 1200 + "\n\n" + "tail"
    pieces = split_html(text)
    assert len(pieces) == 2
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")


def test_tags_open_at_a_cut_are_closed_and_reopened() -> None:
    pieces = split_html("<b>" + "word " * 30 + "</b>", 60)
    assert all(p.startswith("<b>") and p.endswith("</b>") for p in pieces)
