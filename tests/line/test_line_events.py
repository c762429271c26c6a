"""LINE's own events through the real bot process: adding the account greets, a rich menu's
postback or text action works like a button or a command, pictures and stickers get a hint,
and in a group the bot speaks only when mentioned."""

from __future__ import annotations

import pytest

from tests.fake_line import BOT_USER_ID
from tests.fake_line_webhook import mention_of
from tests.transcripts import LineChat, Person, shown_from_line

NOK = Person(701, "Nok", "th")
SAM = Person(702, "Sam", "en")
GROUP = "C" + "7" * 32


async def deliver(chat: LineChat, person: Person, event: dict[str, object]) -> list[str]:
    """Texts LINE showed in answer to ``event`` (in the private chat or the group)."""
    chat.fake.profiles[person.line_id] = {
        "displayName": person.first_name,
        "language": person.language,
    }
    mark = len(chat.fake.sent)
    assert await chat.harness.send(event) == 200
    return [text for sent in chat.fake.sent[mark:] for text in sent.texts]


async def test_adding_the_account_greets_and_offers_the_languages(line_chat: LineChat) -> None:
    event = line_chat.harness.events.follow(NOK.line_id)
    mark = len(line_chat.fake.sent)
    assert await line_chat.harness.send(event) == 200
    [greeting] = shown_from_line(line_chat.fake.messages_to(NOK.line_id))
    assert "Coop Compass" in greeting.text
    assert greeting.button_labels == ["ภาษาไทย 🇹🇭", "English 🇬🇧"]
    assert line_chat.fake.sent[mark].kind == "reply"  # free: with the event's reply token


async def test_a_rich_menu_postback_and_text_action_work_as_a_button_and_a_command(
    line_chat: LineChat,
) -> None:
    [topics], _ = await line_chat.press_data(SAM, "faq:top")  # a "Browse topics" area
    assert "Platform co-op basics" in topics.button_labels
    [question] = await line_chat.say(SAM, "/forget")  # a "Delete my data" area sending text
    assert "This deletes what I have stored about you" in question.text
    assert question.button("Yes").data != question.button("No").data


@pytest.mark.parametrize("kind", ["sticker", "image", "video", "audio", "location"])
async def test_a_picture_or_sticker_gets_a_hint_to_type(line_chat: LineChat, kind: str) -> None:
    [hint] = await deliver(line_chat, SAM, line_chat.harness.events.media(SAM.line_id, kind))
    assert "I can only read text" in hint and "/topics" in hint


async def test_in_a_group_the_bot_answers_only_when_mentioned(line_chat: LineChat) -> None:
    events = line_chat.harness.events
    chatter = events.text(NOK.line_id, "what is a platform co-op?", group_id=GROUP)
    assert await deliver(line_chat, NOK, chatter) == []
    text = "@Coop Compass what is a platform co-op?"
    mentioned = events.text(
        NOK.line_id, text, group_id=GROUP, mention=mention_of(text, "Coop Compass")
    )
    [answer, *_rest] = await deliver(line_chat, NOK, mentioned)
    assert answer.startswith("❓ What is a platform cooperative?")
    other_bot = mention_of(text, "Coop Compass", is_self=None, user_id="U" + "9" * 32)
    addressed_elsewhere = events.text(NOK.line_id, text, group_id=GROUP, mention=other_bot)
    assert await deliver(line_chat, NOK, addressed_elsewhere) == []
    by_id = mention_of(text, "Coop Compass", is_self=None, user_id=BOT_USER_ID)
    by_id_event = events.text(NOK.line_id, text, group_id=GROUP, mention=by_id)
    assert await deliver(line_chat, NOK, by_id_event)
