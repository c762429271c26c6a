"""The privacy notice is true: /forget deletes the words of questions the bot answered (kept a
day for a 👎), /mydata shows them, and the FAQ's privacy answer is /privacy, word for word,
with the configured retention, in both languages."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.db.models.usage import QuestionLog
from tests.harness import BotHarness
from tests.production.test_privacy import exported_data
from tests.transcripts import Chat, Person

QUESTION = "What is a platform cooperative?"
RETENTION_DAYS = 37  # not the default: the notice must say what is configured


@pytest.fixture
def messenger_settings() -> dict[str, Any]:
    return {"retention_days": RETENTION_DAYS}


async def pending_texts(bot: BotHarness | Chat) -> list[str | None]:
    async with bot.conversation.services.database.sessions() as session:
        return list(await session.scalars(select(QuestionLog.pending_text)))


async def test_forget_deletes_the_words_of_answered_questions_and_mydata_shows_them(
    messenger: Chat, english_person: Person, thai_person: Person
) -> None:
    await messenger.say(english_person, QUESTION)
    await messenger.say(thai_person, "สหกรณ์แพลตฟอร์มคืออะไร")
    assert QUESTION in await pending_texts(messenger)

    exported = exported_data(messenger, await messenger.say(english_person, "/mydata"))
    assert [q["text"] for q in exported["data"]["recent_questions"]] == [QUESTION]

    [confirm] = await messenger.say(english_person, "/forget")
    assert "recent questions" in confirm.text
    await messenger.press(english_person, confirm, "Yes")

    texts = await pending_texts(messenger)
    assert QUESTION not in texts, "the words stayed after /forget"
    assert "สหกรณ์แพลตฟอร์มคืออะไร" in texts, "someone else's question was deleted"
    assert len(texts) == 2, "the question is still counted for statistics"


@pytest.mark.parametrize(
    ("user_fixture", "question"),
    [("english_person", "What data does this bot keep about me?"),
     ("thai_person", "บอทเก็บข้อมูลอะไรของฉันบ้าง ลบได้ไหม")],
)  # fmt: skip
async def test_the_privacy_faq_answer_is_the_privacy_notice_with_the_configured_retention(
    messenger: Chat, request: pytest.FixtureRequest, user_fixture: str, question: str
) -> None:
    user: Person = request.getfixturevalue(user_fixture)
    [notice] = await messenger.say(user, "/privacy")
    [answer] = await messenger.say(user, question)

    assert f"{RETENTION_DAYS} " in notice.text and "180" not in answer.text
    assert "/forget" in notice.text and "24" in notice.text
    bullets = [line for line in notice.text.splitlines() if line.startswith("•")]
    assert len(bullets) >= 7
    for line in notice.text.splitlines():
        assert line in answer.text, f"the FAQ answer lacks: {line}"
    own, other = ("LINE", "Telegram") if messenger.name == "line" else ("Telegram", "LINE")
    assert own in notice.text and other not in notice.text  # the reader's own messenger
