"""FAQ files an admin sends that must not hurt the bot: an alias bomb, a huge or deeply nested
file, bytes that are not UTF-8, broken YAML, a wall of problems, a stale Apply button, and a
big valid file that must not hold up anyone else's answer."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import tracemalloc
from typing import Any

import pytest

from bot.admin import importing
from bot.knowledge.loader import dump_entries
from tests.admin.conftest import faq_state, press_last
from tests.admin.test_faq_files import legal_entries, new_entry, send_file
from tests.fake_telegram import Call, FakeUser
from tests.harness import BotHarness


def alias_bomb(levels: int) -> bytes:
    """A few hundred bytes whose nested aliases expand to 9**levels strings."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    lines += ["entries:", "  - id: bomb", "    topic: legal", f"    reviewed: *l{levels}"]
    return ("\n".join(lines) + "\n").encode()


async def send_file_all(
    bot: BotHarness, user: FakeUser, filename: str, content: bytes
) -> list[Call]:
    """Every message the bot sent in answer to one file."""
    mark = len(bot.fake.calls)
    await bot.processed(bot.fake.send_document(user, filename, content))
    return bot.fake.sent_to(user.id, mark)


async def test_alias_bomb_is_refused_in_one_short_message_naming_its_line(
    bot: BotHarness, admin: FakeUser
) -> None:
    content = alias_bomb(5)
    assert len(content) < 600
    before = await faq_state(bot)

    [answer] = await send_file_all(bot, admin, "bomb.yaml", content)

    assert (
        "uses YAML anchors or aliases (<code>&amp;name</code>, <code>*name</code>)" in answer.text
    )
    assert "at line 1." in answer.text
    assert len(answer.text) < 400
    assert "lol" not in answer.text
    assert answer.buttons == []
    assert await faq_state(bot) == before


async def test_thai_admin_is_told_about_the_aliases_in_thai(
    bot: BotHarness, thai_admin: FakeUser
) -> None:
    answer = await send_file(bot, thai_admin, "bomb.yaml", alias_bomb(3))
    assert "บรรทัด 1" in answer.text
    assert "anchors" not in answer.text


async def test_alias_bomb_is_refused_before_it_expands(bot: BotHarness) -> None:
    """Six levels expand to half a million strings: quoting them took 100 MB (936 MB at seven)."""
    live = bot.conversation.services.faq.knowledge
    tracemalloc.start()
    try:
        plan = importing.plan_file(alias_bomb(6).decode(), "bomb.yaml", live)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not plan.ok
    assert peak < 2_000_000
    assert max(len(str(problem)) for problem in plan.problems) < 200


async def test_file_over_the_size_limit_is_refused_naming_size_and_limit(
    bot: BotHarness, admin: FakeUser, thai_admin: FakeUser
) -> None:
    content = b"# " + b"x" * (20 * 1024 * 1024)
    answer = await send_file(bot, admin, "huge.yaml", content)
    assert "is too large (20 MB): the limit is 2 MB" in answer.text

    answer = await send_file(bot, thai_admin, "huge.yaml", content)
    assert "20 MB" in answer.text and "2 MB" in answer.text
    assert "too large" not in answer.text
    assert "limit" not in answer.text


async def test_deeply_nested_file_is_refused_as_nested_too_deeply(
    bot: BotHarness, admin: FakeUser
) -> None:
    content = b"entries: " + b"[" * 3000 + b"]" * 3000 + b"\n"
    answer = await send_file(bot, admin, "deep.yaml", content)
    assert "is nested too deeply (more than 16 levels, at line 1)" in answer.text


async def test_file_that_is_not_utf8_is_refused_naming_the_line(
    bot: BotHarness, admin: FakeUser
) -> None:
    content = "entries:\n  - id: café\n".encode("latin-1")
    answer = await send_file(bot, admin, "latin.yaml", content)
    assert "is not UTF-8 text (line 2)" in answer.text


async def test_broken_yaml_is_refused_naming_the_line(bot: BotHarness, admin: FakeUser) -> None:
    content = b"entries:\n  - id: [legal\n    topic: legal\n"
    answer = await send_file(bot, admin, "broken.yaml", content)
    assert "is not valid YAML at line 3:" in answer.text


async def test_many_problems_with_long_values_come_as_one_message_with_a_count(
    bot: BotHarness, admin: FakeUser
) -> None:
    long_value = "&" * 3000
    item = f'    topic: "{long_value}"\n    reviewed: "{long_value}"\n'
    items = "".join(f"  - id: e{n}\n{item}" for n in range(100))
    sent = await send_file_all(bot, admin, "many.yaml", f"entries:\n{items}".encode())

    assert len(sent) == 1
    assert "more." in sent[0].text
    assert len(sent[0].text) < 4096
    assert "&amp;" * 100 not in sent[0].text


def changed_file(bot: BotHarness, answer: str) -> bytes:
    """The legal topic with its first answer in English replaced."""
    first, *rest = legal_entries(bot)
    changed = dataclasses.replace(first, answers={**first.answers, "en": answer})
    return dump_entries([changed, *rest]).encode()


async def test_apply_on_an_earlier_upload_is_refused_and_the_later_file_still_applies(
    bot: BotHarness, admin: FakeUser
) -> None:
    entries = legal_entries(bot)
    first = await send_file(bot, admin, "a.yaml", dump_entries([*entries, new_entry()]).encode())
    second = await send_file(bot, admin, "b.yaml", changed_file(bot, "From b.yaml."))
    before = await faq_state(bot)

    refused = await press_last(bot, admin, first, "Apply")
    assert "That summary is for an earlier upload, so nothing was done." in refused.text
    assert "<code>b.yaml</code> is waiting" in refused.text
    refused = await press_last(bot, admin, first, "Cancel")
    assert "earlier upload" in refused.text
    assert await faq_state(bot) == before
    assert bot.conversation.services.faq.entry("coop-bank-account") is None

    done = await press_last(bot, admin, second, "Apply")
    assert "Applied: 0 added, 1 changed, 0 removed" in done.text
    again = await press_last(bot, admin, second, "Apply")
    assert "To apply that file, send it again." in again.text


async def test_thai_admin_pressing_an_earlier_apply_is_told_in_thai(
    bot: BotHarness, thai_admin: FakeUser
) -> None:
    first = await send_file(bot, thai_admin, "a.yaml", changed_file(bot, "From a.yaml."))
    await send_file(bot, thai_admin, "b.yaml", changed_file(bot, "From b.yaml."))
    refused = await press_last(bot, thai_admin, first, "✅")
    assert "<code>b.yaml</code>" in refused.text
    assert "earlier" not in refused.text


def big_file(bot: BotHarness, count: int) -> bytes:
    """A valid file adding ``count`` entries to the legal topic."""
    template = new_entry()
    added = [
        dataclasses.replace(
            template,
            id=f"bank-{n}",
            questions={
                lang: tuple(f"{q} ({n})" for q in qs) for lang, qs in template.questions.items()
            },
            related=(),
        )
        for n in range(count)
    ]
    return dump_entries([*legal_entries(bot), *added]).encode()


async def test_a_big_file_is_read_in_a_worker_thread_while_others_get_answers(
    bot: BotHarness, admin: FakeUser, english_user: FakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading is held until another user's /help is answered: on the event loop it would
    hold the loop, and /help would come after the summary."""
    started, release = threading.Event(), threading.Event()
    threads: list[threading.Thread] = []
    plan_document = importing.plan_document

    def held_plan(*args: Any) -> importing.ImportPlan:
        threads.append(threading.current_thread())
        started.set()
        release.wait(timeout=10)
        return plan_document(*args)

    monkeypatch.setattr(importing, "plan_document", held_plan)
    mark = len(bot.fake.calls)
    update_id = bot.fake.send_document(admin, "big.yaml", big_file(bot, 400))
    assert await asyncio.to_thread(started.wait, 10)

    help_replies = await bot.say(english_user, "/help")
    release.set()
    await bot.processed(update_id)

    assert help_replies and "/language" in help_replies[0].text
    [summary] = bot.fake.sent_to(admin.id, mark)
    assert "400 added" in summary.text
    assert bot.fake.calls.index(help_replies[0]) < bot.fake.calls.index(summary)
    assert threads and threading.main_thread() not in threads
