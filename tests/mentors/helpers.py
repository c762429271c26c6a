"""Steps the mentor tests share: seeding mentors, asking for one, moving the clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.db.base import utcnow
from bot.mentors.service import MentorService
from tests.fake_telegram import Call, FakeUser
from tests.harness import BotHarness
from tests.transcripts import Chat, Person, Shown, TelegramChat

NEED = "We are six riders in Bangkok and want to register a delivery co-op. Where do we start?"


def mentors(bot: BotHarness) -> MentorService:
    service = bot.conversation.services.mentors
    assert service is not None
    return service


def mentor_record(user: FakeUser, **overrides: Any) -> dict[str, Any]:
    """An approved mentor for ``mentors import``: English, legal topics, Bangkok."""
    record = {
        "account": user.id,  # a bare number: a Telegram user id (``telegram_id`` is legacy)
        "name": user.first_name,
        "username": user.username,
        "languages": ["en"],
        "topics": ["legal", "registration"],
        "region": "bangkok",
        "capacity": 2,
        "bio": {"en": f"{user.first_name} helped three co-ops register."},
    }
    return {**record, **overrides}


async def seed_mentors(bot: BotHarness, *records: dict[str, Any]) -> None:
    """Approved mentors, as an admin's import would add them (in this order)."""
    summary = await mentors(bot).import_mentors(list(records))
    assert not summary.problems, summary.problems


def travel(bot: BotHarness, **delta: float) -> None:
    """Move the mentor service's clock forward (deadlines and follow-ups are due then)."""
    offset = dt.timedelta(**delta)
    mentors(bot).clock = lambda: utcnow() + offset


async def run_job(bot: BotHarness, name: str) -> None:
    services = bot.conversation.services
    assert services.jobs is not None
    await services.jobs.run_once(name)


async def ask_for_mentor(
    bot: BotHarness,
    founder: FakeUser,
    *,
    topic: str = "legal",
    region: str = "Bangkok",
    need: str = NEED,
) -> Call:
    """The founder goes through /mentor and consents; returns the bot's last answer."""
    person = Person(founder.id, founder.first_name, founder.language_code, founder.username)
    answer = await ask_for_mentor_on(
        TelegramChat(bot), person, topic=topic, region=region, need=need
    )
    call: Call = answer.raw
    return call


async def ask_for_mentor_on(
    chat: Chat, founder: Person, *, topic: str = "legal", region: str = "Bangkok", need: str = NEED
) -> Shown:
    """``ask_for_mentor`` on any messenger."""
    [topics] = await chat.say(founder, "/mentor")
    [region_question], _ = await chat.press_data(founder, f"mentor:ask:{topic}", topics)
    [need_question], _ = await chat.press(founder, region_question, region)
    assert "what do you need help with" in need_question.text
    *_need_quoted, consent = await chat.say(founder, need)
    assert any("share with one mentor" in s.text for s in [*_need_quoted, consent])
    [answer], _ = await chat.press(founder, consent, "Yes")
    return answer


async def seed_line_mentor(chat: Chat, mentor: Person, **overrides: Any) -> None:
    """An approved mentor known only by their LINE account, as an admin's import adds them."""
    record = mentor_record(FakeUser(mentor.number, mentor.first_name), username=None)
    record["account"] = f"line:{mentor.line_id}"
    summary = await chat.conversation.services.mentors.import_mentors([{**record, **overrides}])
    assert not summary.problems, summary.problems


def messages_to(bot: BotHarness, user: FakeUser, since: int = 0) -> list[Call]:
    return bot.fake.sent_to(user.id, since)


def offers_to(bot: BotHarness, user: FakeUser, since: int = 0) -> list[Call]:
    """Offers (not reminders) the user received."""
    return [c for c in messages_to(bot, user, since) if "would like a mentor" in c.text]


def mark(bot: BotHarness) -> int:
    return len(bot.fake.calls)


async def relay_opened(bot: BotHarness, founder: FakeUser) -> FakeUser:
    """A mentor without a username accepts ``founder``'s request: the bot relays between them."""
    mentor = FakeUser(id=206, first_name="Dao", username=None, language_code="en")
    await seed_mentors(bot, mentor_record(mentor))
    start = mark(bot)
    await ask_for_mentor(bot, founder)
    [offer] = offers_to(bot, mentor, start)
    await bot.press(mentor, offer, "Accept")
    return mentor
