"""/stats gives figures for 7 and 30 days and a PNG chart; /mentors lists mentors by status
and approves, pauses and removes them (audited)."""

from __future__ import annotations

import datetime as dt
import warnings

from sqlalchemy import select

from bot.admin.chart import render_daily_chart
from bot.admin.stats import DailyCounts
from bot.db.models.admin import AuditEntry
from bot.mentors.views import MentorProfile
from tests.admin.conftest import say_last
from tests.fake_telegram import FakeUser
from tests.harness import BotHarness
from tests.identities import internal_id, telegram_user

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


async def test_stats_returns_the_figures_and_a_png_chart(
    bot: BotHarness, admin: FakeUser, english_user: FakeUser, thai_user: FakeUser
) -> None:
    [answer] = await bot.say(english_user, "what is the PDPA?")
    await bot.press(english_user, answer, "Helpful")
    await bot.say(thai_user, "สหกรณ์แพลตฟอร์มคืออะไร")
    await bot.say(english_user, "how many bananas fit in a tuk-tuk")

    mark = len(bot.fake.calls)
    sent = await bot.say(admin, "/stats")
    [figures] = [call for call in sent if call.method == "sendMessage"]
    assert "<b>Last 7 days</b>" in figures.text and "<b>Last 30 days</b>" in figures.text
    assert "Questions: 3 (Thai 1 · English 2)" in figures.text
    assert "answered 67% · suggestions 0% · no answer 33%" in figures.text
    assert "👍 rate: 100% of 1 votes" in figures.text
    assert "Most asked: " in figures.text and "pdpa (1)" in figures.text
    assert "Active mentors: 0" in figures.text
    [chart] = [call for call in bot.fake.calls[mark:] if call.method == "sendPhoto"]
    assert chart.chat_id == admin.id
    assert bytes(chart.params["photo"]).startswith(PNG_SIGNATURE)
    assert "Questions per day" in chart.text


async def test_mentors_lists_pending_mentors_and_approves_pauses_and_removes_them(
    bot: BotHarness, admin: FakeUser
) -> None:
    service = bot.conversation.services.mentors
    profile = MentorProfile(
        display_name="Somsri",
        languages=("th", "en"),
        topics=("legal",),
        region=None,
        capacity=2,
        bios={"th": "ทำงานกับสหกรณ์ด้านกฎหมายมาสิบปี", "en": "Ten years of co-op law."},
    )
    mentor, problems = await service.register(await telegram_user(bot, 555), profile, "telegram")
    assert mentor is not None, problems

    listing = await say_last(bot, admin, "/mentors")
    assert "(1)" in listing.text and "<b>Somsri</b>" in listing.text
    sent, notice = await bot.press(admin, listing, "✅ Somsri")
    assert "Somsri is approved" in notice
    assert (await service.get_mentor(mentor.id)).status == "approved"
    [listing] = sent
    sent, notice = await bot.press(admin, listing, "⏸ Somsri")
    assert (await service.get_mentor(mentor.id)).status == "paused"
    [listing] = sent
    sent, notice = await bot.press(admin, listing, "🗑 Somsri")
    assert (await service.get_mentor(mentor.id)).status == "removed"
    admin_id = await internal_id(bot, "telegram", admin.id)
    async with bot.conversation.services.database.sessions() as session:
        actions = list(
            await session.scalars(select(AuditEntry.action).where(AuditEntry.actor_id == admin_id))
        )
    assert actions == ["mentor_approve", "mentor_pause", "mentor_remove"]


async def test_a_thai_admin_gets_the_chart_in_thai_with_every_letter_drawn(
    bot: BotHarness, thai_admin: FakeUser, thai_user: FakeUser
) -> None:
    await bot.say(thai_user, "สหกรณ์แพลตฟอร์มคืออะไร")
    mark = len(bot.fake.calls)
    await bot.say(thai_admin, "/stats")
    [chart] = [call for call in bot.fake.calls[mark:] if call.method == "sendPhoto"]
    assert "คำถาม" in chart.text

    labels = {"answer": "ตอบได้", "suggest": "เสนอคำถามใกล้เคียง", "fallback": "ตอบไม่ได้"}
    data = DailyCounts(days=(dt.date(2026, 11, 25),), counts={"answer": (2,)})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns for each glyph its fonts lack
        png = render_daily_chart(data, labels, "คำถามต่อวัน")
    assert png.startswith(PNG_SIGNATURE)
