"""/directory: real organisations that support founders, browsed by topic."""

from __future__ import annotations

import html

from tests.fake_telegram import FakeUser
from tests.harness import BotHarness
from tests.mentors.helpers import (
    mentors,
)


async def test_directory_lists_organisations_by_topic(
    mentor_bot: BotHarness, founder: FakeUser
) -> None:
    [topics] = await mentor_bot.say(founder, "/directory")
    assert "dir:t:legal" in [b["callback_data"] for b in topics.buttons]
    [legal], _ = await mentor_bot.press_data(founder, "dir:t:legal", topics)
    assert legal.method == "editMessageText"
    directory = mentors(mentor_bot).directory
    for organisation in directory.in_topic("legal"):
        assert html.escape(organisation.names["en"].split(" (")[0]) in legal.text
    assert 'href="https://' in legal.text
    [back], _ = await mentor_bot.press(founder, legal, "Other topics")
    assert back.button_labels == topics.button_labels
    everything, _ = await mentor_bot.press_data(founder, "dir:all", topics)
    text = "".join(part.text for part in everything)  # long lists come in several messages
    assert all(html.escape(o.names["en"].split(" (")[0]) in text for o in directory.organisations)
    [from_faq], _ = await mentor_bot.press_data(founder, "dir:list")
    assert from_faq.button_labels == topics.button_labels
