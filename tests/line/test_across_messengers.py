"""One bot on Telegram and LINE at once (one process: Telegram polled, LINE's webhook served):
a founder on one messenger is matched with a mentor on the other, each is reached on their
own messenger with its own links, and the relay carries their words both ways. A LINE mentor
who blocks the account is treated as a Telegram mentor who blocked the bot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from bot.db.models.mentors import Mentor, OfferOutcome, ReferralOffer
from bot.knowledge.service import KnowledgeSource
from tests.fake_line import FakeLine
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.harness import BotHarness
from tests.line_harness import LineHarness, both_settings
from tests.mentors.helpers import ask_for_mentor_on, mentor_record, seed_line_mentor, seed_mentors
from tests.transcripts import Chat, LineChat, Person, Shown, TelegramChat

FOUNDER = Person(601, "Ann", "en", "ann_founder")  # the username is Telegram's alone
MENTOR = Person(602, "Anong", "en", "anong_mentor")
SECOND_MENTOR = Person(603, "Boon", "en", "boon_mentor")
OFFER = "would like a mentor"


@dataclass
class Both:
    telegram: TelegramChat
    line: LineChat


@pytest.fixture
async def both(
    fake_line: FakeLine,
    fake_telegram: FakeTelegram,
    database_url: str,
    knowledge_source: KnowledgeSource,
) -> AsyncIterator[Both]:
    harness = LineHarness(
        fake_line, both_settings(fake_line, fake_telegram, database_url), fake_telegram
    )
    harness.knowledge_source = knowledge_source
    await harness.start()
    assert harness.telegram is not None
    yield Both(TelegramChat(harness.telegram), LineChat(harness))
    await harness.stop()


async def seed_telegram_mentor(bot: BotHarness, mentor: Person) -> None:
    user = FakeUser(mentor.number, mentor.first_name, mentor.username, mentor.language)
    await seed_mentors(bot, mentor_record(user))


def offers(shown: list[Shown]) -> list[Shown]:
    return [s for s in shown if OFFER in s.text]


async def relayed(sender: Chat, person: Person, to: Chat, recipient: Person, text: str) -> Shown:
    """``person`` writes ``text`` on their messenger; what ``recipient`` gets on theirs."""
    mark = to.mark()
    await sender.say(person, text)
    [passed_on] = [s for s in to.received(recipient, mark) if text in s.text]
    return passed_on


def links_in(shown: list[Shown]) -> str:
    return " ".join([s.text for s in shown] + [b.url or "" for s in shown for b in s.buttons])


async def test_a_line_founder_and_a_telegram_mentor_are_connected_and_the_relay_goes_both_ways(
    both: Both,
) -> None:
    await seed_telegram_mentor(both.telegram.bot, MENTOR)
    telegram_mark, line_mark = both.telegram.mark(), both.line.mark()

    answer = await ask_for_mentor_on(both.line, FOUNDER)
    assert "sent your request to a mentor" in answer.text
    [offer] = offers(both.telegram.received(MENTOR, telegram_mark))  # on the mentor's messenger
    assert "Ann" in offer.text

    [connected], _ = await both.telegram.press(MENTOR, offer, "Accept")
    assert "connected with Ann" in connected.text
    assert "pass messages between you" in connected.text  # LINE has no usernames: the relay
    to_founder = both.line.received(FOUNDER, line_mark)
    [accepted] = [s for s in to_founder if "accepted your request" in s.text]
    assert "Anong" in accepted.text and "pass messages between you" in accepted.text
    assert "t.me/" not in links_in(to_founder)  # nothing a LINE user could not open

    await relayed(both.line, FOUNDER, both.telegram, MENTOR, "Hello from LINE: six riders")
    await relayed(both.telegram, MENTOR, both.line, FOUNDER, "Hi from Telegram, on bylaws")
    assert [s.kind for s in both.line.fake.sent if s.to == FOUNDER.line_id][-1] == "push"


async def test_a_telegram_founder_and_a_line_mentor_are_connected_and_the_relay_goes_both_ways(
    both: Both,
) -> None:
    await seed_line_mentor(both.line, MENTOR)
    telegram_mark, line_mark = both.telegram.mark(), both.line.mark()

    answer = await ask_for_mentor_on(both.telegram, FOUNDER)
    assert "sent your request to a mentor" in answer.text
    [offer] = offers(both.line.received(MENTOR, line_mark))  # pushed on LINE
    assert "Ann" in offer.text
    assert both.telegram.received(MENTOR, telegram_mark) == []

    [connected], _ = await both.line.press(MENTOR, offer, "Accept")
    assert "connected with Ann" in connected.text and "pass messages" in connected.text
    [accepted] = [
        s for s in both.telegram.received(FOUNDER, telegram_mark) if "accepted" in s.text
    ]
    assert "Anong" in accepted.text and "pass messages between you" in accepted.text
    assert "line.me/" not in links_in([accepted])

    await relayed(both.telegram, FOUNDER, both.line, MENTOR, "Hello from Telegram")
    await relayed(both.line, MENTOR, both.telegram, FOUNDER, "Hi from LINE")


async def test_a_line_mentor_who_blocks_the_account_is_unreachable_and_the_offer_moves_on(
    both: Both,
) -> None:
    await seed_line_mentor(both.line, MENTOR)
    line_mark = both.line.mark()
    await ask_for_mentor_on(both.telegram, FOUNDER)
    assert offers(both.line.received(MENTOR, line_mark))
    await seed_telegram_mentor(both.telegram.bot, SECOND_MENTOR)
    telegram_mark = both.telegram.mark()

    both.line.fake.blocked.add(MENTOR.line_id)
    assert await both.line.harness.send(both.line.harness.events.unfollow(MENTOR.line_id)) == 200

    [moved] = offers(both.telegram.received(SECOND_MENTOR, telegram_mark))
    assert "Ann" in moved.text
    async with both.line.conversation.services.database.sessions() as session:
        mentors = {m.display_name: m for m in await session.scalars(select(Mentor))}
        outcomes = [o.outcome for o in await session.scalars(select(ReferralOffer))]
    assert mentors["Anong"].unreachable and not mentors["Boon"].unreachable
    assert sorted(outcomes) == sorted([OfferOutcome.BLOCKED, OfferOutcome.PENDING])
