"""The FAQ service and its pieces without Telegram: overrides, swapping, the language rule,
the throttle, and button data that always fits Telegram's 64 bytes."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt

import pytest

from bot.channels import Channels
from bot.conversation.answer_view import answer_reply
from bot.conversation.events import Incoming, Sender
from bot.conversation.reply import CALLBACK_DATA_LIMIT
from bot.conversation.turn import Turn
from bot.knowledge.loader import KnowledgeError, Problem
from bot.knowledge.matcher import MatcherConfig, MatchResult
from bot.knowledge.model import FaqEntry, KnowledgeBase, Topic
from bot.knowledge.service import (
    FaqService,
    RecentResults,
    is_language_neutral,
    matcher_config,
)
from bot.knowledge.throttle import Pace, QuestionThrottle
from bot.settings import Settings
from bot.telegram.channel import telegram_channel
from tests.fake_telegram import FakeUser
from tests.faq.conftest import load_fixture_knowledge
from tests.harness import BotHarness


def test_settings_override_only_the_thresholds_they_name() -> None:
    config = matcher_config(Settings(match_answer_score=0.5, match_suggest_score=0.1))
    default = MatcherConfig()
    assert (config.answer_score, config.suggest_score) == (0.5, 0.1)
    assert config.answer_margin == default.answer_margin
    assert matcher_config(Settings()) == default


@pytest.mark.parametrize(
    ("query", "neutral"),
    [
        ("PDPA", True),
        ("bylaws", True),
        ("platform coop?", True),
        ("What should our bylaws include?", False),
        ("ข้อบังคับ", False),
    ],
)
def test_only_bare_latin_keywords_leave_the_language_to_the_user(query: str, neutral: bool):
    assert is_language_neutral(query) is neutral


async def test_replace_swaps_the_whole_index_at_once() -> None:
    service = FaqService(source=load_fixture_knowledge)
    await service.start()
    before = service.index
    assert service.search("bylaws", "en").best.entry_id == "bylaws"  # type: ignore[union-attr]
    smaller = KnowledgeBase(
        before.knowledge.topics,
        tuple(
            dataclasses.replace(e, related=())
            for e in before.knowledge.entries
            if e.id != "bylaws"
        ),
    )
    swapping = asyncio.create_task(service.replace(smaller))
    await asyncio.sleep(0)
    assert service.index is before  # still answering from the old index while building
    await swapping
    assert service.entry("bylaws") is None
    assert service.search("bylaws", "en").best.entry_id != "bylaws"  # type: ignore[union-attr]


SHARED_QUESTIONS = (
    "bylaws",
    "PDPA",
    "What should our bylaws include?",
    "ข้อบังคับสหกรณ์ควรมีอะไรบ้าง",
    "l;ylfu",  # Thai typed on the English layout
    "bylaws ของสหกรณ์",
    "???",
    "",
)


@pytest.mark.parametrize("query", SHARED_QUESTIONS)
async def test_a_remembered_result_is_what_the_matcher_gives_in_either_language(
    query: str,
) -> None:
    service = FaqService(source=load_fixture_knowledge)
    await service.start()
    matcher = service.index.matcher
    for language in ("th", "en", "th", "en"):  # the second round comes from the cache
        expected = matcher.match(query, language)
        if expected.language is None or (expected.language != "th" and is_language_neutral(query)):
            expected = dataclasses.replace(expected, language=language)
        assert service.search(query, language) == expected
    assert len(service.index.recent) == 1


async def test_a_new_index_remembers_no_result_of_the_old_one() -> None:
    service = FaqService(source=load_fixture_knowledge)
    await service.start()
    service.search("bylaws", "en")
    await service.replace(service.knowledge)
    assert len(service.index.recent) == 0


def test_recent_results_keep_the_most_recently_asked() -> None:
    recent = RecentResults(2)
    results = [MatchResult("fallback", (), None) for _ in range(3)]
    recent.put("a", results[0])
    recent.put("b", results[1])
    assert recent.get("a") is results[0]  # "a" is now the most recent
    recent.put("c", results[2])
    assert (recent.get("a"), recent.get("b"), recent.get("c")) == (results[0], None, results[2])
    assert len(recent) == 2


async def test_a_broken_faq_still_starts_and_falls_back_honestly(
    bot_factory: object, english_user: FakeUser
) -> None:
    async def broken() -> KnowledgeBase:
        raise KnowledgeError([Problem("faq/x.yaml", "e", "answer", "missing")])

    bot: BotHarness = bot_factory()  # type: ignore[operator]
    bot.knowledge_source = broken
    await bot.start()
    try:
        [fallback] = await bot.say(english_user, "bylaws")
        assert "I don't have an answer for that yet" in fallback.text
        [topics] = await bot.say(english_user, "/topics")
        assert "no questions to browse yet" in topics.text
    finally:
        await bot.stop()


def test_throttle_warns_once_then_stays_silent_until_the_window_has_room() -> None:
    now = [0.0]
    throttle = QuestionThrottle(limit=2, window=10.0, clock=lambda: now[0])
    paces = [throttle.check(1) for _ in range(4)]
    assert paces == [Pace.OK, Pace.OK, Pace.WARN, Pace.SILENT]
    assert throttle.check(2) is Pace.OK
    now[0] = 10.0
    assert throttle.check(1) is Pace.OK


def _turn(chat_type: str = "private") -> Turn:
    event = Incoming(
        sender=Sender(id=5), chat_id=5, channel="telegram", chat_type=chat_type, text="x"
    )
    channels = Channels()
    channels.register(telegram_channel("coop_compass_test_bot"))
    services = type("S", (), {"channels": channels, "settings": Settings()})()
    return Turn(event=event, services=services, language="th", user_id=5)  # type: ignore[arg-type]


def test_button_data_fits_64_bytes_with_the_longest_ids() -> None:
    long_id = "a" * 40
    related_id = "b" * 40
    entry = FaqEntry(
        id=long_id,
        topic="governance-and-membership-rules",
        questions={"th": ("คำถามภาษาไทยที่ยาวมาก" * 5,), "en": ("q",)},
        answers={"th": "ตอบ", "en": "answer"},
        keywords={},
        sources=("https://example.org/a?b=c&d=e",),
        related=(related_id,),
        action="become_mentor",
        reviewed=dt.date(2026, 1, 2),
    )
    related = dataclasses.replace(entry, id=related_id, related=(long_id,))
    topic = Topic("governance-and-membership-rules", {"th": "ท", "en": "t"})
    knowledge = KnowledgeBase((topic,), (entry, related))
    reply = answer_reply(
        _turn(), entry, knowledge, "th", question_id=2**31 - 1, back="faq:t:x:9999"
    )
    data = [b.data for row in reply.buttons for b in row if b.data]
    assert len(data) >= 6
    assert max(len(d.encode()) for d in data) <= CALLBACK_DATA_LIMIT
    assert '<a href="https://example.org/a?b=c&amp;d=e">example.org</a>' in reply.text
    assert "2 ม.ค. 2569" in reply.text
