"""The reply markup: what it accepts, how it escapes, shortens and reads as plain text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.conversation.markup import (
    Close,
    MarkupError,
    Open,
    Text,
    bold,
    clip,
    code,
    escape,
    italic,
    link,
    parse,
    plain_length,
    serialise,
    to_plain,
    truncate,
)
from tests.fake_telegram_rules import parse_html as parse_telegram_html


def test_helpers_escape_what_they_wrap() -> None:
    assert escape('a < b & "c" > d') == "a &lt; b &amp; &quot;c&quot; &gt; d"
    assert escape("it's") == "it's"
    assert bold("1 < 2") == "<b>1 &lt; 2</b>"
    assert italic("R&D") == "<i>R&amp;D</i>"
    assert code("<id>") == "<code>&lt;id&gt;</code>"
    assert link('https://x.org/?a=1&b="2"', "x & y") == (
        '<a href="https://x.org/?a=1&amp;b=&quot;2&quot;">x &amp; y</a>'
    )


def test_parse_reads_tags_entities_and_links() -> None:
    tokens = parse('<b>สหกรณ์</b> &amp; <a href="https://t.example/?a=1&amp;b=2">ลิงก์</a>\n&#3585;')
    assert tokens == [
        Open("b"),
        Text("สหกรณ์"),
        Close("b"),
        Text(" & "),
        Open("a", "https://t.example/?a=1&b=2"),
        Text("ลิงก์"),
        Close("a"),
        Text("\nก"),
    ]


@pytest.mark.parametrize(
    "bad",
    [
        "<u>underline</u>",
        "<b>never closed",
        "closed</b>",
        "<b><i>crossed</b></i>",
        "<a>no href</a>",
        '<a href="x" target="y">two attributes</a>',
        '<a href="x"><a href="y">nested</a></a>',
        "<b class='x'>attribute</b>",
        "1 < 2",
        "1 > 0",
        "fish & chips",
        "&nbsp;",
        "&#0;",
        "<br>",
    ],
)
def test_parse_refuses_anything_outside_the_format(bad: str) -> None:
    with pytest.raises(MarkupError):
        parse(bad)


def test_to_plain_strips_tags_unescapes_and_spells_out_links() -> None:
    text = (
        '❓ <b>คืออะไร</b>\n\n📚 ที่มา: <a href="https://thaiplatform.coop/pcc">thaiplatform.coop</a>'
    )
    assert (
        to_plain(text) == "❓ คืออะไร\n\n📚 ที่มา: thaiplatform.coop (https://thaiplatform.coop/pcc)"
    )
    assert to_plain("<code>&lt;id&gt;</code> &amp; &quot;x&quot;") == '<id> & "x"'


def test_plain_length_counts_what_the_reader_sees() -> None:
    assert plain_length('<b>ab</b> &amp; <a href="https://example.org/long">c</a>') == 6
    assert plain_length("สหกรณ์") == len("สหกรณ์")


def test_truncate_keeps_tags_balanced_and_never_cuts_an_entity() -> None:
    text = "<b>" + "a &amp; b " * 20 + "</b> tail"
    short = truncate(text, 15)
    parse(short)  # still valid markup
    assert short.startswith("<b>a &amp; b a &amp; b") and short.endswith("…</b>")
    assert plain_length(short) == 15
    assert truncate("short", 10) == "short"


def test_truncate_never_leaves_a_thai_vowel_or_tone_mark_without_its_letter() -> None:
    text = "ที่นี่"  # ท ี ่ น ี ่: two marks on each consonant
    cuts = {limit: truncate(text, limit, ellipsis="") for limit in range(1, len(text))}
    assert cuts == {1: "", 2: "", 3: "ที่", 4: "ที่", 5: "ที่"}
    assert truncate("สหกรณ์แพลตฟอร์ม", 6) == "สหกร…"  # not "สหกรณ" without its ์


def test_truncate_drops_a_link_it_would_leave_empty() -> None:
    assert truncate('abc <a href="https://x.org">link</a>', 4, ellipsis="") == "abc "


def test_clip_shortens_labels_with_an_ellipsis() -> None:
    assert clip("➡️ สหกรณ์แพลตฟอร์มคืออะไร", 10) == "➡️ สหกรณ์…"
    assert clip("a" * 30, 20) == "a" * 19 + "…"
    assert clip("short", 20) == "short"


_TEXT = st.text(alphabet="ab &<>\"'\nก์😀", max_size=30)
_MARKUP = st.recursive(
    _TEXT.map(escape),
    lambda inner: st.one_of(
        st.tuples(inner, inner).map("".join),
        inner.map(lambda t: f"<b>{t}</b>"),
        inner.map(lambda t: f"<i>{t}</i>"),
        _TEXT.map(code),
        st.tuples(_TEXT, _TEXT).map(lambda p: link("https://x.org/?q=" + p[0], p[1] or "x")),
    ),
    max_leaves=8,
)


@given(_MARKUP, st.integers(0, 60))
def test_any_markup_parses_round_trips_and_truncates_into_valid_telegram_html(
    text: str, limit: int
) -> None:
    tokens = parse(text)
    assert parse(serialise(tokens)) == tokens
    parse_telegram_html(text)  # what the conversation layer writes, Telegram reads as it is
    short = truncate(text, limit)
    parse(short)
    parse_telegram_html(short)
    assert plain_length(short) <= max(
        limit, plain_length(text) if plain_length(text) <= limit else limit
    )
