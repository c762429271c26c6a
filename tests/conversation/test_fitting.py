"""Replies fitted to what a messenger can show: labels, button counts, edits, message caps."""

from __future__ import annotations

import dataclasses

import pytest

from bot.channels import CONSOLE_CAPABILITIES, Capabilities
from bot.conversation.fitting import ButtonDataTooLong, fit_reply, fit_response
from bot.conversation.reply import Button, Reply, Response, rows
from bot.telegram.channel import TELEGRAM_CAPABILITIES

NARROW = dataclasses.replace(
    CONSOLE_CAPABILITIES,
    button_label_limit=20,
    buttons_per_message=3,
    edit_in_place=False,
    messages_per_reply=2,
)


def _keyboard() -> tuple[tuple[Button, ...], ...]:
    return (
        (Button("➡️ สหกรณ์แพลตฟอร์มต่างจากสตาร์ทอัพอย่างไร", data="faq:a:th:one"),),
        (Button("👍 Helpful", data="faq:up:x"), Button("👎 Not what I asked", data="faq:down:x")),
        (Button("💬 Talk to a mentor", data="mentor:ask"),),
        (Button("⬅️ Back", data="faq:t:x:0"),),
    )


def test_a_roomy_messenger_gets_the_reply_unchanged() -> None:
    reply = Reply("<b>x</b>", buttons=_keyboard(), edit=True)
    assert fit_reply(reply, TELEGRAM_CAPABILITIES) is reply


def test_labels_are_shortened_and_the_last_buttons_dropped() -> None:
    fitted = fit_reply(Reply("x", buttons=_keyboard()), NARROW)
    labels = [[b.label for b in row] for row in fitted.buttons]
    assert labels == [["➡️ สหกรณ์แพลตฟอร์ม…"], ["👍 Helpful", "👎 Not what I asked"]]
    assert all(len(label) <= 20 for row in labels for label in row)
    assert fitted.buttons[0][0].data == "faq:a:th:one"  # the data is never touched


def test_without_edit_in_place_an_edit_becomes_a_new_message() -> None:
    assert fit_reply(Reply("x", edit=True), NARROW).edit is False
    assert fit_reply(Reply("x", edit=True), TELEGRAM_CAPABILITIES).edit is True


def test_replies_beyond_what_one_answer_carries_are_pushed() -> None:
    response = fit_response(Response.of(Reply("1"), Reply("2"), Reply("3")), NARROW)
    assert [r.text for r in response.replies] == ["1", "2"]
    assert [r.text for r in response.pushed] == ["3"]
    unlimited = fit_response(Response.of(Reply("1"), Reply("2"), Reply("3")), CONSOLE_CAPABILITIES)
    assert len(unlimited.replies) == 3 and not unlimited.pushed


def test_button_data_over_the_messengers_limit_is_a_bug_caught_here() -> None:
    tight = dataclasses.replace(CONSOLE_CAPABILITIES, button_data_limit=8)
    with pytest.raises(ButtonDataTooLong):
        fit_reply(Reply("x", buttons=rows(Button("ok", data="faq:a:th:long-id"))), tight)
    link = Reply("x", buttons=rows(Button("open", url="https://example.org/" + "a" * 100)))
    assert fit_reply(link, tight) is link  # links carry no data


def test_capabilities_are_plain_data_an_adapter_declares() -> None:
    assert isinstance(TELEGRAM_CAPABILITIES, Capabilities)
    assert TELEGRAM_CAPABILITIES.text_limit == 4096 and TELEGRAM_CAPABILITIES.edit_in_place
