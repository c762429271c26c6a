"""The privacy notice is true: /forget deletes the words of questions the bot answered (kept a
day for a 👎), /mydata shows them, and the FAQ's privacy answer is /privacy, word for word,
with the configured retention, in both languages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from sqlalchemy import select

from bot.db.models.usage import QuestionLog
from tests.fake_telegram import FakeUser
from tests.harness import BotHarness
from tests.production.test_privacy import exported_json

QUESTION = "What is a platform cooperative?"
RETENTION_DAYS = 37  # not the default: the notice must say what is configured


@pytest.fixture
async def privacy_bot(bot_factory: Callable[..., BotHarness]) -> AsyncIterator[BotHarness]:
    harness = bot_factory(retention_days=RETENTION_DAYS)
    await harness.start()
    yield harness
    await harness.stop()


async def pending_texts(bot: BotHarness) -> list[str | None]:
    async with bot.conversation.services.database.sessions() as session:
        return list(await session.scalars(select(QuestionLog.pending_text)))


async def test_forget_deletes_the_words_of_answered_questions_and_mydata_shows_them(
    privacy_bot: BotHarness, english_user: FakeUser, thai_user: FakeUser
) -> None:
    bot = privacy_bot
    await bot.say(english_user, QUESTION)
    await bot.say(thai_user, "สหกรณ์แพลตฟอร์มคืออะไร")
    assert QUESTION in await pending_texts(bot)

    [document] = await bot.say(english_user, "/mydata")
    exported = exported_json(document)
    assert [q["text"] for q in exported["data"]["recent_questions"]] == [QUESTION]

    [confirm] = await bot.say(english_user, "/forget")
    assert "recent questions" in confirm.text
    await bot.press(english_user, confirm, "Yes")

    texts = await pending_texts(bot)
    assert QUESTION not in texts, "the words stayed after /forget"
    assert "สหกรณ์แพลตฟอร์มคืออะไร" in texts, "someone else's question was deleted"
    assert len(texts) == 2, "the question is still counted for statistics"


@pytest.mark.parametrize(
    ("user_fixture", "question"),
    [("english_user", "What data does this bot keep about me?"),
     ("thai_user", "บอทเก็บข้อมูลอะไรของฉันบ้าง ลบได้ไหม")],
)  # fmt: skip
async def test_the_privacy_faq_answer_is_the_privacy_notice_with_the_configured_retention(
    privacy_bot: BotHarness, request: pytest.FixtureRequest, user_fixture: str, question: str
) -> None:
    user: FakeUser = request.getfixturevalue(user_fixture)
    [notice] = await privacy_bot.say(user, "/privacy")
    [answer] = await privacy_bot.say(user, question)

    assert f"{RETENTION_DAYS} " in notice.text and "180" not in answer.text
    assert "/forget" in notice.text and "24" in notice.text
    bullets = [line for line in notice.text.splitlines() if line.startswith("•")]
    assert len(bullets) >= 7
    for line in notice.text.splitlines():
        assert line in answer.text, f"the FAQ answer lacks: {line}"
