"""Migration 0007 (identities) on a database at the previous heads, with users, a mentor,
referrals and a relay: nothing is lost, the real bot then works on it, and a new Telegram
user whose id equals an existing internal id is somebody else."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, text

from bot.db.base import utcnow
from bot.db.engine import Database, create_database
from bot.db.migrate import upgrade_database
from bot.db.models import ConversationState, Identity, ProcessedUpdate, User
from bot.db.models.admin import StoredAdmin
from bot.db.models.mentors import Mentor, ReferralOffer
from tests.fake_telegram import FakeUser
from tests.harness import BotHarness, telegram_admins
from tests.identities import internal_id
from tests.mentors.helpers import mark, messages_to

OLD_HEADS = ("0003", "0004", "0005", "0006_pending_owner")
FOUNDER = FakeUser(id=101, first_name="Nid", username=None, language_code="en")
MENTOR = FakeUser(id=201, first_name="Dao", username=None, language_code="en")
ADMIN = FakeUser(id=900, first_name="Ploy", username=None, language_code="en")
STORED_ADMIN = 555  # added with /admins add, never wrote to the bot: no users row
OTHER_MENTOR = 202  # imported from a file, never wrote either


def old_rows(now: Any) -> list[tuple[str, dict[str, Any]]]:
    """Rows as the schema at the old heads holds them (Telegram ids everywhere)."""
    user = "INSERT INTO users VALUES (:id, 'en', false, :now, :now)"
    mentor = (
        "INSERT INTO mentors (id, telegram_id, display_name, username, languages, topics, "
        "capacity, status, unreachable, source, status_changed_at, created_at, updated_at) "
        "VALUES (:id, :tid, :name, NULL, :langs, :topics, 2, 'approved', false, 'import', "
        ":now, :now, :now)"
    )
    referral = (
        "INSERT INTO referrals (id, founder_id, founder_name, need, topic, language, consent, "
        "status, mentor_id, relay, created_at, updated_at, version) VALUES (1, 101, 'Nid', "
        "'Bylaws for our riders co-op', 'legal', 'en', true, 'connected', 1, true, :now, "
        ":now, 1)"
    )
    offer = (
        "INSERT INTO referral_offers (id, referral_id, mentor_id, offered_at, remind_at, "
        "deadline_at, outcome) VALUES (1, 1, 1, :now, :now, :now, 'accepted')"
    )
    state = "INSERT INTO conversation_states VALUES (:id, 'relay', 'chat', :data, :now)"
    langs, topics = json.dumps(["en"]), json.dumps(["legal"])
    relay = json.dumps({"referral": 1})
    return [
        (user, {"id": FOUNDER.id, "now": now}),
        (user, {"id": MENTOR.id, "now": now}),
        (user, {"id": ADMIN.id, "now": now}),
        (mentor, {"id": 1, "tid": MENTOR.id, "name": "Dao", "langs": langs, "topics": topics,
                  "now": now}),
        (mentor, {"id": 2, "tid": OTHER_MENTOR, "name": "Boon", "langs": langs,
                  "topics": topics, "now": now}),
        (referral, {"now": now}),
        (offer, {"now": now}),
        (state, {"id": FOUNDER.id, "data": relay, "now": now}),
        (state, {"id": MENTOR.id, "data": relay, "now": now}),
        ("INSERT INTO admins VALUES (:id, 900, :now)", {"id": STORED_ADMIN, "now": now}),
        ("INSERT INTO audit_log (actor_id, action, target, at) VALUES (900, 'admin_add', "
         "'555', :now)", {"now": now}),
        ("INSERT INTO processed_updates VALUES (5000, :now)", {"now": now}),
    ]  # fmt: skip


async def database_at_the_old_heads(url: str) -> Database:
    database = create_database(url)
    for head in OLD_HEADS:
        await upgrade_database(database, head)
    async with database.engine.begin() as connection:
        for statement, values in old_rows(utcnow()):
            await connection.execute(text(statement), values)
    return database


async def test_the_identity_migration_keeps_everything_and_the_bot_works_on_it(
    database_url: str, bot_factory: Callable[..., BotHarness]
) -> None:
    database = await database_at_the_old_heads(database_url)
    try:
        await upgrade_database(database)
        async with database.sessions() as session:
            users = set((await session.scalars(select(User.id))).all())
            identities = select(Identity.channel, Identity.external_id, Identity.user_id)
            accounts = set((await session.execute(identities)).all())
            mentors = dict((await session.execute(select(Mentor.id, Mentor.user_id))).all())
            offers = (await session.scalars(select(ReferralOffer.outcome))).all()
            states = set((await session.scalars(select(ConversationState.user_id))).all())
            claimed = select(ProcessedUpdate.channel, ProcessedUpdate.event_id)
            claims = (await session.execute(claimed)).all()
            stored = (await session.scalars(select(StoredAdmin.user_id))).all()
    finally:
        await database.dispose()
    everyone = {FOUNDER.id, MENTOR.id, ADMIN.id, STORED_ADMIN, OTHER_MENTOR}
    assert users == everyone  # ids kept; a row made for the mentor and admin who had none
    assert accounts == {("telegram", str(i), i) for i in everyone}
    assert mentors == {1: MENTOR.id, 2: OTHER_MENTOR}
    assert offers == ["accepted"]  # rebuilding mentors cascaded nothing
    assert states == {FOUNDER.id, MENTOR.id}
    assert claims == [("telegram", "5000")]
    assert stored == [STORED_ADMIN]

    bot = bot_factory(admin_ids=telegram_admins(ADMIN.id))
    await bot.start()
    try:
        # the relay still passes messages both ways
        before = mark(bot)
        [ack] = await bot.say(MENTOR, "Hello Nid, shall we look at your bylaws?")
        assert "Passed on" in ack.text
        [copied] = messages_to(bot, FOUNDER, before)
        assert "shall we look at your bylaws?" in copied.text
        # the founder still sees their referral, and it is in their data
        [listing] = await bot.say(FOUNDER, "/my_referrals")
        assert "Dao" in listing.text, listing.text
        [document] = await bot.say(FOUNDER, "/mydata")
        data = json.loads(document.params["document"])["data"]
        [asked] = data["referrals_as_founder"]
        assert asked["need"] == "Bylaws for our riders co-op"
        # the mentor still sees it from their side
        [mine] = await bot.say(MENTOR, "/my_referrals")
        assert "Nid" in mine.text, mine.text
        # the admin is still one, and sees the stored admin by their Telegram id
        [admins] = await bot.say(ADMIN, "/admins")
        assert "<code>555</code>" in admins.text and "<code>900</code>" in admins.text

        # a new user gets an internal id past every stored one
        newcomer = FakeUser(id=42, first_name="New", username=None, language_code="en")
        await bot.say(newcomer, "/start")
        newcomer_id = await internal_id(bot, "telegram", newcomer.id)
        assert newcomer_id > max(everyone)
        # somebody whose Telegram id is that internal id is yet another person
        lookalike = FakeUser(id=newcomer_id, first_name="Twin", username=None, language_code="en")
        [document] = await bot.say(lookalike, "/mydata")
        export = json.loads(document.params["document"])
        assert export["user_id"] not in (newcomer_id, *everyone)
        assert [(i["channel"], i["external_id"]) for i in export["data"]["identities"]] == [
            ("telegram", str(newcomer_id))
        ]
    finally:
        await bot.stop()
