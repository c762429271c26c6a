"""Messages to other users go by internal user id through the messenger of their identity;
a user with no identity on a running messenger is unreachable (BLOCKED), nothing is sent."""

from __future__ import annotations

from functools import partial

from bot.conversation.reply import Reply
from bot.db.repositories import users
from bot.db.repositories.identities import create_user_for
from bot.delivery import Delivery
from tests.fake_telegram import FakeUser
from tests.harness import BotHarness
from tests.identities import user_id_of

LINE_ID = "U4af4980629" + "0" * 22


async def test_a_notice_reaches_a_user_through_their_telegram_identity(
    bot: BotHarness, english_user: FakeUser
) -> None:
    await bot.say(english_user, "/start")
    mark = len(bot.fake.calls)
    services = bot.conversation.services
    delivery = await services.messenger.send(await user_id_of(bot, english_user), Reply("Hi"))
    assert delivery is Delivery.SENT
    assert [c.text for c in bot.fake.sent_to(english_user.id, mark)] == ["Hi"]


async def test_a_notice_to_a_user_with_no_reachable_identity_is_blocked(
    bot: BotHarness,
) -> None:
    services = bot.conversation.services
    database = services.database
    nobody = 77_777
    await database.run(lambda c: users.note_visit(c, nobody, "en"))  # no identity
    elsewhere = await database.run(
        partial(create_user_for, channel="line", external_id=LINE_ID, language="th")
    )  # an identity on a messenger this process does not run
    mark = len(bot.fake.calls)
    for user_id in (nobody, elsewhere, 123_456_789):  # the last one does not exist at all
        assert await services.messenger.send(user_id, Reply("Hi")) is Delivery.BLOCKED
    assert [c for c in bot.fake.calls[mark:] if c.method == "sendMessage"] == []
