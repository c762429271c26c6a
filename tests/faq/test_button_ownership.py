"""👍/👎 and "None of these" act only on the presser's own question (issue 14, defect 3),
and forged button data is an expired button, never a traceback (issue 14, defect 8)."""

from __future__ import annotations

import logging

import pytest

from bot.db.models.usage import AnswerFeedback, UnansweredQuestion
from tests.fake_telegram import FakeUser
from tests.faq.conftest import rows
from tests.harness import BotHarness

EXPIRED = "expired"


async def test_another_chat_cannot_vote_on_or_pass_on_someone_elses_question(
    bot: BotHarness, english_user: FakeUser
) -> None:
    other = FakeUser(id=777, first_name="Mallory", language_code="en")
    [answer] = await bot.say(english_user, "how do we share profits")
    for label in ("👍", "👎"):
        data = answer.button(label)["callback_data"]
        sent, notice = await bot.press_data(other, data)
        assert sent == [] and EXPIRED in notice
    assert await rows(bot, AnswerFeedback) == []
    assert await rows(bot, UnansweredQuestion) == []
    _sent, notice = await bot.press(english_user, answer, "👍")  # the asker still can
    assert EXPIRED not in notice
    assert len(await rows(bot, AnswerFeedback)) == 1


async def test_another_chat_cannot_press_none_of_these_on_someone_elses_suggestions(
    bot: BotHarness, english_user: FakeUser
) -> None:
    other = FakeUser(id=777, first_name="Mallory", language_code="en")
    [suggestions] = await bot.say(english_user, "can a member leave and take money")
    assert "Did you mean" in suggestions.text
    data = suggestions.button("None of these")["callback_data"]
    sent, notice = await bot.press_data(other, data)
    assert sent == [] and EXPIRED in notice
    assert await rows(bot, UnansweredQuestion) == []
    await bot.press(english_user, suggestions, "None of these")
    assert len(await rows(bot, UnansweredQuestion)) == 1


async def test_a_bare_sequential_question_id_is_an_expired_button(
    bot: BotHarness, english_user: FakeUser
) -> None:
    await bot.say(english_user, "how do we share profits")
    other = FakeUser(id=777, first_name="Mallory", language_code="en")
    for data in ("faq:down:en:profit-distribution:1", "faq:none:en:1"):
        sent, notice = await bot.press_data(other, data)
        assert sent == [] and EXPIRED in notice
    assert await rows(bot, UnansweredQuestion) == []


@pytest.mark.parametrize(
    "data",
    [
        "ref:a:²",
        "ref:a:๑",
        "ref:a:99999999999999999999",
        "faq:up:en:pdpa:²",
        "faq:t:governance:²",
        "faq:q:pdpa:99999999999",
        "faq:a:xx:pdpa",
        "faq:a:en",
        "faq:a:en:pdpa:extra",
        "mentor:wd:²",
        "madm:ok:²",
        "amen:a:99999999999999999999",
        "ainb:x:²",
        "aent:v:²",
        # every other prefix: wrong arity, non-ASCII digits, huge numbers, unknown actions
        "ref:fit:1:²",
        "ref:fit:1:7",
        "ref:help:1:maybe",
        "ref:why:²:time",
        "ref:out:1",
        "ref:end:1:2",
        "ref:zap:1",
        "mentor:w:99999999999999999999",
        "mentor:ask:²",
        "mentor:ask:x:y",
        "mentor:r:governance",
        "mentor:yes:1",
        "mreg:c:²",
        "mreg:c:9",
        "mreg:e:name:x",
        "mreg:e:nothing",
        "mreg:zap",
        "dir:all:x",
        "dir:t:²",
        "dir:zap",
        "lang:en:x",
        "lang:fr",
        "privacy:show:x",
        "privacy:forget:maybe",
        "privacy:forget:yes:x",
        "privacy:zap",
        "aent:s:pdpa:x",
        "aent:v:99999999999999999999",
        "aent:zap:pdpa",
        "afaq:cancel:x",
        "afaq:x:nothing",
        "afaq:zap",
        "afile:ok:99999999999999999999",
        "afile:ok:²",
        "afile:ok:1:2",
        "afile:go:1",
    ],
)
async def test_forged_button_data_gets_the_expired_notice_and_logs_no_traceback(
    bot: BotHarness, caplog: pytest.LogCaptureFixture, data: str
) -> None:
    admin = FakeUser(id=900, first_name="Ploy", language_code="en")
    with caplog.at_level(logging.WARNING):
        sent, notice = await bot.press_data(admin, data)
    assert sent == [] and EXPIRED in notice
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


@pytest.mark.parametrize("argument", ["add ²", "remove ๑๒", "add 99999999999999999999"])
async def test_a_forged_admin_id_gets_the_usage_and_logs_no_traceback(
    bot: BotHarness, caplog: pytest.LogCaptureFixture, argument: str
) -> None:
    admin = FakeUser(id=900, first_name="Ploy", language_code="en")
    with caplog.at_level(logging.WARNING):
        [usage] = await bot.say(admin, f"/admins {argument}")
    assert "/admins add" in usage.text
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
