"""The FAQ as files in Telegram: /faq_export sends it, a sent YAML file is checked, summarised
and applied on Confirm, a broken one is refused whole, and export → import changes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.knowledge.loader import dump_entries
from bot.knowledge.model import FaqEntry
from tests.admin.conftest import faq_state, press_last
from tests.fake_telegram import Call, FakeUser
from tests.harness import BotHarness


async def send_file(bot: BotHarness, user: FakeUser, filename: str, content: bytes) -> Call:
    """The user sends a document; the last message the bot sent in answer."""
    mark = len(bot.fake.calls)
    await bot.processed(bot.fake.send_document(user, filename, content))
    sent = bot.fake.sent_to(user.id, mark)
    assert sent, "no answer to the file"
    return sent[-1]


def legal_entries(bot: BotHarness) -> list[FaqEntry]:
    return list(bot.conversation.services.faq.knowledge.entries_in("legal"))


def new_entry() -> FaqEntry:
    return FaqEntry(
        id="coop-bank-account",
        topic="legal",
        questions={
            "en": (
                "How does a co-op open a bank account?",
                "bank account for our cooperative",
                "Which documents does the bank want from a co-op?",
                "opening a co-op account at a Thai bank",
            ),
            "th": (
                "สหกรณ์เปิดบัญชีธนาคารยังไง",
                "บัญชีธนาคารของสหกรณ์",
                "ธนาคารขอเอกสารอะไรจากสหกรณ์บ้าง",
                "เปิดบัญชีในนามสหกรณ์ได้ไหมคะ",
            ),
        },
        answers={
            "en": "Bring the registration certificate and the board resolution to the bank.",
            "th": "นำใบสำคัญรับจดทะเบียนและมติคณะกรรมการไปที่ธนาคารได้เลยครับ",
        },
        keywords={},
        sources=("https://www.cpd.go.th/",),
        related=("register-coop-thailand",),
        action=None,
        reviewed=dt.date(2026, 11, 27),
    )


async def test_faq_export_sends_a_file_that_imports_back_without_changes(
    bot: BotHarness, admin: FakeUser
) -> None:
    mark = len(bot.fake.calls)
    await bot.say(admin, "/faq_export")
    [document] = [c for c in bot.fake.calls[mark:] if c.method == "sendDocument"]
    assert document.params["document__filename"].endswith(".yaml")
    assert "17 entries" in document.text
    before = await faq_state(bot)
    answer = await send_file(bot, admin, "faq.yaml", document.params["document"])
    assert "matches the live FAQ: nothing to change (17 entries)" in answer.text
    assert await faq_state(bot) == before


async def test_uploaded_file_with_one_broken_entry_is_refused_whole_naming_the_problem(
    bot: BotHarness, admin: FakeUser, english_user: FakeUser
) -> None:
    entries = legal_entries(bot)
    changed = dataclasses.replace(entries[0], answers={**entries[0].answers, "en": "Changed."})
    broken = dataclasses.replace(entries[1], answers={"th": entries[1].answers["th"]})
    content = dump_entries([changed, broken, *entries[2:]]).encode()
    before = await faq_state(bot)
    answer = await send_file(bot, admin, "legal.yaml", content)
    assert "was not applied: nothing changed" in answer.text
    assert f"legal.yaml: entry '{broken.id}', field 'answer.en': missing" in answer.text
    assert answer.buttons == []
    assert await faq_state(bot) == before
    [reply] = await bot.say(english_user, entries[0].questions["en"][0])
    assert "Changed." not in reply.text


async def test_good_file_shows_the_right_summary_and_applies_on_confirm(
    bot: BotHarness, admin: FakeUser, english_user: FakeUser
) -> None:
    entries = legal_entries(bot)
    first, removed = entries[0], entries[-1]
    changed = dataclasses.replace(
        first, answers={**first.answers, "en": "Register with the provincial co-op office."}
    )
    content = dump_entries([changed, *entries[1:-1], new_entry()]).encode()
    summary = await send_file(bot, admin, "legal.yaml", content)
    assert "1 added, 1 changed, 1 removed, 2 unchanged" in summary.text
    assert "➕ <code>coop-bank-account</code>" in summary.text
    assert f"✏️ <code>{first.id}</code>" in summary.text
    assert f"🗑 <code>{removed.id}</code>" in summary.text
    before = await faq_state(bot)
    done = await press_last(bot, admin, summary, "Apply")
    assert "Applied: 1 added, 1 changed, 1 removed" in done.text
    assert (await faq_state(bot))[0] == before[0] + 1  # one version step for the whole file

    [reply] = await bot.say(english_user, "how do we open a bank account for the co-op?")
    assert "Bring the registration certificate" in reply.text
    [reply] = await bot.say(english_user, first.questions["en"][0])
    assert "Register with the provincial co-op office." in reply.text
    history = await bot.say(admin, f"/faq_history {removed.id}")
    assert "imported from a file" in history[-1].text


async def test_cancel_leaves_the_faq_as_it_was(bot: BotHarness, admin: FakeUser) -> None:
    content = dump_entries([*legal_entries(bot), new_entry()]).encode()
    summary = await send_file(bot, admin, "legal.yaml", content)
    before = await faq_state(bot)
    cancelled = await press_last(bot, admin, summary, "Cancel")
    assert "unchanged" in cancelled.text
    assert await faq_state(bot) == before
    assert bot.conversation.services.faq.entry("coop-bank-account") is None
