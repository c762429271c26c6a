"""When neither side has a username, the bot passes text both ways (as its own messages, not
forwards) until one of them ends the referral."""

from __future__ import annotations

from tests.fake_telegram import FakeUser
from tests.harness import BotHarness
from tests.mentors.helpers import (
    ask_for_mentor,
    mark,
    mentor_record,
    messages_to,
    offers_to,
    seed_mentors,
)


async def test_relay_passes_messages_both_ways_and_stops_when_ended(
    mentor_bot: BotHarness, founder_without_username: FakeUser
) -> None:
    bot = mentor_bot
    founder = founder_without_username
    mentor = FakeUser(id=206, first_name="Dao", username=None, language_code="en")
    await seed_mentors(bot, mentor_record(mentor))
    start = mark(bot)
    await ask_for_mentor(bot, founder)
    [offer] = offers_to(bot, mentor, start)
    accepted = mark(bot)
    [connected], _ = await bot.press(mentor, offer, "Accept")
    assert "pass messages between you" in connected.text
    assert "t.me/" not in connected.text
    [to_founder] = messages_to(bot, founder, accepted)
    assert "Dao accepted" in to_founder.text and "pass messages between you" in to_founder.text

    # mentor → founder
    before = mark(bot)
    [ack] = await bot.say(mentor, "Hello Nid, when can we talk about your bylaws?")
    assert "Passed on" in ack.text
    [copied] = messages_to(bot, founder, before)
    assert copied.method == "sendMessage"  # a copy by the bot, never a forward
    assert "Dao" in copied.text and "when can we talk about your bylaws?" in copied.text
    assert not any(c.method == "forwardMessage" for c in bot.fake.calls)

    # founder → mentor, even with characters that need escaping
    before = mark(bot)
    await bot.say(founder, "Tomorrow <after 5pm> works & thanks!")
    [reply] = messages_to(bot, mentor, before)
    assert "Nid" in reply.text and "Tomorrow &lt;after 5pm&gt; works &amp; thanks!" in reply.text

    # a command leaves the relay; "Write to" brings the founder back
    await bot.say(founder, "/help")
    before = mark(bot)
    await bot.say(founder, "What is a co-op?")
    assert messages_to(bot, mentor, before) == []
    [back], _ = await bot.press(founder, to_founder, "Write to")
    assert "pass it on" in back.text
    await bot.say(founder, "Back again")
    assert "Back again" in messages_to(bot, mentor, before)[-1].text

    # the founder ends it: the mentor is told, and nothing passes any more
    ended = mark(bot)
    [closed], _ = await bot.press(founder, to_founder, "End the conversation")
    assert "Closed" in closed.text
    [told] = messages_to(bot, mentor, ended)
    assert "has ended" in told.text and "Nid" in told.text
    after = mark(bot)
    await bot.say(mentor, "Are you still there?")
    await bot.say(founder, "One more thing")
    assert [c for c in messages_to(bot, founder, after) if "Are you still there" in c.text] == []
    assert [c for c in messages_to(bot, mentor, after) if "One more thing" in c.text] == []
    sent, notice = await bot.press(mentor, connected, "Write to")
    assert sent == [] and "moved on" in notice
