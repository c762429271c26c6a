"""PDPA: /privacy explains, /mydata hands over everything stored, /forget erases it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select

import bot.db.models  # noqa: F401 - every table on the metadata
from bot.db.base import Base, utcnow
from bot.db.models import ConversationState, Identity, User
from bot.db.models.mentors import Mentor, Referral, ReferralOffer
from bot.db.repositories import users
from bot.privacy.registry import COVERED_TABLES, NOT_PERSONAL_TABLES
from tests.fake_telegram import Call, FakeUser
from tests.harness import BotHarness
from tests.identities import user_id_of
from tests.mentors.helpers import ask_for_mentor, mark, mentor_record, offers_to, seed_mentors
from tests.transcripts import Chat, Shown


async def seed_everything(bot: BotHarness, founder: FakeUser, other: FakeUser) -> None:
    """A flow in progress, a mentor profile, referrals both ways; and another user's data."""
    now = utcnow()
    founder_id, other_id = await user_id_of(bot, founder), await user_id_of(bot, other)
    async with bot.conversation.services.database.sessions.begin() as session:
        await users.save_state(session, founder_id, "mentor_request", "need", {"x": 1})
        mine = Mentor(
            user_id=founder_id, display_name="สมชาย ใจดี", username="somchai",
            bio_th="ทำสหกรณ์ไรเดอร์", languages=["th"], topics=["legal"], region="north",
            source="telegram",
        )  # fmt: skip
        theirs = Mentor(
            user_id=other_id, display_name="Alex", username="alex", bio_en="Lawyer",
            languages=["en"], topics=["legal"], source="telegram",
        )  # fmt: skip
        session.add_all([mine, theirs])
        await session.flush()
        asked = Referral(
            founder_id=founder_id, founder_name="สมชาย", founder_username="somchai",
            need="อยากจดทะเบียนสหกรณ์ไรเดอร์ โทร 081-234-5678", topic="legal", language="th",
            consent=True, status="offered", mentor_id=None,
        )  # fmt: skip
        offered_to_me = Referral(
            founder_id=other_id, founder_name="Alex", founder_username="alex",
            need="Bylaws for a design co-op", topic="governance", language="en",
            consent=True, status="offered",
        )  # fmt: skip
        session.add_all([asked, offered_to_me])
        await session.flush()
        later = now + dt.timedelta(hours=48)
        session.add_all(
            [
                ReferralOffer(
                    referral_id=asked.id,
                    mentor_id=theirs.id,
                    offered_at=now,
                    remind_at=now,
                    deadline_at=later,
                ),
                ReferralOffer(
                    referral_id=offered_to_me.id,
                    mentor_id=mine.id,
                    offered_at=now,
                    remind_at=later,
                    deadline_at=later,
                ),
            ]
        )


def exported_json(call: Call) -> dict[str, Any]:
    assert call.method == "sendDocument", call.method
    assert call.params["document__filename"].endswith(".json")
    return json.loads(call.params["document"])


def exported_data(chat: Chat, shown: list[Shown]) -> dict[str, Any]:
    """``/mydata``'s export: Telegram's JSON file, or on LINE (no documents) the JSON that
    follows the reply's words, in as many messages as it takes."""
    if chat.name == "telegram":
        [document] = shown
        return exported_json(document.raw)
    text = "\n".join(s.text for s in shown)
    assert text.startswith("Here is everything I have stored about you, in JSON:")
    return json.loads(text[text.index("{") :])


async def test_privacy_notice_says_what_is_stored_why_how_long_and_not_encrypted(
    bot: BotHarness, english_user: FakeUser
) -> None:
    [notice] = await bot.say(english_user, "/privacy")

    assert "Telegram user id" in notice.text
    assert "180 days" in notice.text
    assert "not end-to-end encrypted" in notice.text
    assert notice.button_labels == ["Get a copy of my data", "Delete my data"]


async def test_privacy_button_from_an_faq_answer_shows_the_notice_in_thai(
    bot: BotHarness, thai_user: FakeUser
) -> None:
    replies, _notice = await bot.press_data(thai_user, "privacy:show")

    assert len(replies) == 1
    assert "180" in replies[0].text
    assert "Telegram" in replies[0].text


async def test_a_bare_privacy_button_still_shows_the_notice(
    bot: BotHarness, thai_user: FakeUser
) -> None:
    for data in ("privacy", "privacy:"):  # what the handler accepted before the typed routes
        replies, notice = await bot.press_data(thai_user, data)
        assert len(replies) == 1 and "180" in replies[0].text
        assert "expired" not in notice


async def test_mydata_sends_everything_stored_about_the_user_as_a_file(
    bot: BotHarness, thai_user: FakeUser, english_user: FakeUser
) -> None:
    await bot.say(thai_user, "/start")
    await bot.say(english_user, "/start")
    await seed_everything(bot, thai_user, english_user)

    # the button under an earlier /privacy notice (a command would end the flow in progress)
    [document], _notice = await bot.press_data(thai_user, "privacy:mydata")

    export = exported_json(document)
    data = export["data"]
    user_id = await user_id_of(bot, thai_user)
    assert export["user_id"] == user_id
    assert data["user"]["id"] == user_id
    assert [(i["channel"], i["external_id"]) for i in data["identities"]] == [
        ("telegram", str(thai_user.id))
    ]
    assert data["conversation_state"]["flow"] == "mentor_request"
    assert data["mentor_profile"]["display_name"] == "สมชาย ใจดี"
    assert data["mentor_profile"]["bio_th"] == "ทำสหกรณ์ไรเดอร์"
    [asked] = data["referrals_as_founder"]
    assert asked["need"].startswith("อยากจดทะเบียน")
    assert asked["offers"][0]["outcome"] == "pending"
    [offer] = data["offers_as_mentor"]
    assert offer["referral"]["topic"] == "governance"
    assert "Alex" not in json.dumps(data), "another person's details leaked into the export"


async def test_forget_asks_first_and_keep_it_deletes_nothing(
    bot: BotHarness, thai_user: FakeUser
) -> None:
    await bot.say(thai_user, "/start")
    [question] = await bot.say(thai_user, "/forget")

    replies, _notice = await bot.press(thai_user, question, "ไม่")

    assert replies and replies[0].method == "editMessageText"
    user_id = await user_id_of(bot, thai_user)
    async with bot.conversation.services.database.sessions() as session:
        assert await session.get(User, user_id) is not None


async def test_forget_erases_the_user_and_anonymises_referrals_leaving_others_alone(
    bot: BotHarness, thai_user: FakeUser, english_user: FakeUser
) -> None:
    await bot.say(thai_user, "/start")
    await bot.say(english_user, "/start")
    [question] = await bot.say(thai_user, "/forget")
    await seed_everything(bot, thai_user, english_user)
    user_id, other_id = await user_id_of(bot, thai_user), await user_id_of(bot, english_user)

    replies, _notice = await bot.press(thai_user, question, "ใช่")

    assert replies, "no confirmation that the data was deleted"
    async with bot.conversation.services.database.sessions() as session:
        assert await session.get(User, user_id) is None
        assert await session.get(ConversationState, user_id) is None
        mentors = {m.id: m for m in (await session.scalars(select(Mentor))).all()}
        referrals = (await session.scalars(select(Referral).order_by(Referral.id))).all()
        offers = (await session.scalars(select(ReferralOffer).order_by(ReferralOffer.id))).all()
        assert await session.get(User, other_id) is not None
        accounts = (await session.execute(select(Identity.channel, Identity.external_id))).all()
    assert ("telegram", str(thai_user.id)) not in accounts
    assert ("telegram", str(english_user.id)) in accounts
    assert not any(m.user_id == user_id for m in mentors.values())
    forgotten = next(m for m in mentors.values() if m.user_id is None)
    assert (forgotten.display_name, forgotten.username, forgotten.bio_th) == ("", None, None)
    assert forgotten.status == "removed"
    asked, offered_to_me = referrals
    assert (asked.founder_id, asked.founder_name, asked.founder_username, asked.need) == (
        None, None, None, None,
    )  # fmt: skip
    assert asked.status == "cancelled" and asked.topic == "legal"
    assert offers[0].outcome == "withdrawn"
    assert offered_to_me.founder_name == "Alex" and offered_to_me.need is not None
    assert offers[1].outcome == "withdrawn"  # the referral moves on to another mentor


async def test_mydata_and_forget_in_a_group_point_to_a_private_chat(
    bot: BotHarness, english_user: FakeUser
) -> None:
    replies = await bot.say(english_user, "/mydata", group_id=-100123)

    assert [c.method for c in replies] == ["sendMessage"]
    assert "private chat" in replies[0].text


def test_every_table_is_either_covered_by_the_privacy_registry_or_holds_nothing_personal() -> None:
    tables = set(Base.metadata.tables)

    undecided = tables - COVERED_TABLES - NOT_PERSONAL_TABLES

    assert not undecided, f"add these tables to bot/privacy/registry.py: {sorted(undecided)}"
    assert not (COVERED_TABLES | NOT_PERSONAL_TABLES) - tables, "registry names a missing table"


async def test_forget_during_a_referral_tells_the_mentor_and_keeps_no_personal_fields(
    bot: BotHarness,
) -> None:
    founder = FakeUser(id=321, first_name="Ann", username="ann_founder", language_code="en")
    mentor = FakeUser(id=221, first_name="Anong", username="anong_mentor", language_code="en")
    await seed_mentors(bot, mentor_record(mentor))
    start = mark(bot)
    await ask_for_mentor(bot, founder)
    [offer] = offers_to(bot, mentor, start)
    [question] = await bot.say(founder, "/forget")

    before = mark(bot)
    await bot.press(founder, question, "Yes")

    [told] = bot.fake.sent_to(mentor.id, before)
    assert "withdrawn" in told.text
    async with bot.conversation.services.database.sessions() as session:
        [referral] = (await session.scalars(select(Referral))).all()
    assert referral.status == "cancelled"
    assert (referral.founder_id, referral.founder_name, referral.need) == (None, None, None)
    late = mark(bot)
    await bot.press(mentor, offer, "Accept")  # the old offer changes nothing now
    assert bot.fake.sent_to(founder.id, late) == []


LINE_ID = "U4af4980629" + "0" * 22  # a LINE user id: U and 32 hexadecimal digits


async def test_mydata_lists_every_messenger_account_and_forget_removes_them_all(
    bot: BotHarness, thai_user: FakeUser
) -> None:
    await bot.say(thai_user, "/start")
    user_id = await user_id_of(bot, thai_user)
    async with bot.conversation.services.database.sessions.begin() as session:
        session.add(Identity(channel="line", external_id=LINE_ID, user_id=user_id))

    [document], _notice = await bot.press_data(thai_user, "privacy:mydata")
    accounts = {
        (i["channel"], i["external_id"]) for i in exported_json(document)["data"]["identities"]
    }
    assert accounts == {("telegram", str(thai_user.id)), ("line", LINE_ID)}

    [question] = await bot.say(thai_user, "/forget")
    replies, _notice = await bot.press(thai_user, question, "ใช่")
    assert replies
    async with bot.conversation.services.database.sessions() as session:
        left = (await session.execute(select(Identity).where(Identity.user_id == user_id))).all()
        assert left == [] and await session.get(User, user_id) is None
        line = await session.get(Identity, ("line", LINE_ID))
    assert line is None

    [_welcome, *_] = await bot.say(thai_user, "/start")  # afresh, as a new user
    assert await user_id_of(bot, thai_user) != user_id
