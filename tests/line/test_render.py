"""Replies become LINE messages within LINE's limits (checked by the fake's own rules)."""

from __future__ import annotations

from bot.conversation.reply import Button, Reply, rows
from bot.line.render import (
    LABEL_LIMIT,
    LINE_CAPABILITIES,
    QUICK_REPLY_ITEMS,
    render_replies,
    render_reply,
)
from bot.line.text import split_text, to_plain, units
from tests.fake_line_rules import check_messages


def accepted(messages: list[dict[str, object]]) -> list[dict[str, object]]:
    for start in range(0, len(messages), 5):
        problems = check_messages(messages[start : start + 5])
        assert not problems, problems
    return messages


def test_capabilities_declare_lines_limits() -> None:
    caps = LINE_CAPABILITIES
    assert (caps.text_limit, QUICK_REPLY_ITEMS, caps.buttons_per_message) == (5000, 13, 30)
    # labels are LINE's 20 characters in the renderer (longer ones shown whole, not clipped)
    assert (caps.button_label_limit, LABEL_LIMIT) == (None, 20)
    assert (caps.button_data_limit, caps.messages_per_reply) == (300, 5)
    assert not caps.edit_in_place and not caps.inline_mode


def test_markup_becomes_plain_text_and_links_show_their_address() -> None:
    markup = (
        "<b>สหกรณ์</b> &amp; <i>co-op</i>: <code>/start</code>\n"
        '<a href="https://coop.example/?a=1&amp;b=2">guide</a> '
        '<a href="https://x.example">https://x.example</a>'
    )
    assert to_plain(markup) == (
        "สหกรณ์ & co-op: /start\nguide (https://coop.example/?a=1&b=2) https://x.example"
    )


def test_a_6000_character_answer_is_split_into_two_messages_at_a_paragraph() -> None:
    first = "ก" * 3000
    second = "ข" * 2999
    messages = accepted(render_reply(Reply(text=f"{first}\n\n{second}")))
    assert [m["text"] for m in messages] == [first, second]


def test_text_without_breaks_is_cut_at_the_limit_and_nothing_is_lost() -> None:
    text = "a" * 12_001
    parts = split_text(text)
    assert [len(p) for p in parts] == [5000, 5000, 2001]
    assert "".join(parts) == text


def test_split_never_cuts_an_emoji_in_half() -> None:
    text = "😀" * 2600  # 5,200 UTF-16 units
    parts = split_text(text)
    assert all(units(p) <= 5000 for p in parts)
    assert "".join(parts) == text


def test_short_choices_become_quick_replies_on_the_text() -> None:
    reply = Reply("ภาษา / Language?", rows(Button("ไทย", "lang:th"), Button("English", "lang:en")))
    [message] = accepted(render_reply(reply))
    items = message["quickReply"]["items"]  # type: ignore[index]
    assert [i["action"]["data"] for i in items] == ["lang:th", "lang:en"]
    assert [i["action"]["label"] for i in items] == ["ไทย", "English"]


def test_an_answers_buttons_become_a_flex_bubble_after_the_text() -> None:
    related = "ต้องมีสมาชิกอย่างน้อยกี่คนจึงจะจดทะเบียนสหกรณ์ได้"
    reply = Reply(
        "คำตอบ",
        (
            (Button(related, "faq:a:min-members"),),
            (Button("👍", "fb:up:1"), Button("👎", "fb:down:1")),
            (Button("Share", url="https://line.me/R/share?text=x"),),
        ),
    )
    text, flex = accepted(render_reply(reply))
    assert text == {"type": "text", "text": "คำตอบ"}
    assert flex["type"] == "flex" and flex["altText"] == "คำตอบ"
    body = flex["contents"]["body"]["contents"]  # type: ignore[index]
    long_one, pair, share = body
    assert long_one["contents"][0]["text"] == related  # shown whole, wrapped
    assert long_one["action"]["data"] == "faq:a:min-members"
    assert units(long_one["action"]["label"]) <= 20
    assert [b["action"]["data"] for b in pair["contents"]] == ["fb:up:1", "fb:down:1"]
    assert share["action"] == {
        "type": "uri",
        "label": "Share",
        "uri": "https://line.me/R/share?text=x",
    }


def test_labels_over_20_characters_are_shortened_on_buttons() -> None:
    reply = Reply("x", ((Button("A" * 19, "a"), Button("B" * 25, url="https://b.example")),))
    [_text, flex] = accepted(render_reply(reply))
    labels = [c["action"]["label"] for c in flex["contents"]["body"]["contents"][0]["contents"]]  # type: ignore[index]
    assert labels == ["A" * 19, "B" * 19 + "…"]


def test_more_than_13_choices_do_not_become_quick_replies() -> None:
    choices = rows(*(Button(f"Topic {n}", f"browse:t:{n}") for n in range(14)))
    messages = accepted(render_reply(Reply("Topics", choices)))
    assert "quickReply" not in messages[0]
    assert messages[1]["type"] == "flex"


def test_buttons_without_text_still_render() -> None:
    [flex] = accepted(render_reply(Reply("", rows(Button("Next", "page:2")))))
    assert flex["altText"] == "Next"


def test_more_than_five_messages_go_partly_by_push() -> None:
    replies = [Reply(f"part {n}") for n in range(12)]
    outgoing = render_replies(replies)
    assert [m["text"] for m in outgoing.reply] == [f"part {n}" for n in range(5)]
    assert [[m["text"] for m in batch] for batch in outgoing.push] == [
        [f"part {n}" for n in range(5, 10)],
        ["part 10", "part 11"],
    ]


def test_a_button_notice_comes_first_as_text() -> None:
    outgoing = render_replies([Reply("answer")], notice="Thanks for the feedback")
    assert [m["text"] for m in outgoing.all] == ["Thanks for the feedback", "answer"]


def test_an_attachment_sends_its_text_only() -> None:
    from bot.conversation.reply import Attachment

    reply = Reply("Your data", attachment=Attachment("mydata.json", b"{}"))
    assert render_reply(reply) == [{"type": "text", "text": "Your data"}]


def test_as_many_buttons_as_declared_with_long_thai_labels_fit_in_one_card() -> None:
    label = "จดทะเบียนสหกรณ์ในประเทศไทยต้องทำอย่างไรและใช้เอกสารอะไรบ้าง"
    buttons = [Button(f"{n} {label}", f"faq:a:{'x' * 55}{n:02d}") for n in range(30)]
    messages = accepted(render_reply(Reply("เลือกหัวข้อ", rows(*buttons))))
    assert [m["type"] for m in messages] == ["text", "flex"]
