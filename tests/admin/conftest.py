"""Admin tests run on the FAQ test copy (tests/faq/knowledge), which seeds the live FAQ in
the database, and talk to the bot as admin 900 (from ADMIN_IDS) and as founders."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from bot.db.models.admin import AuditEntry, FaqRevision
from bot.knowledge.service import KnowledgeSource
from tests.fake_telegram import Call, FakeUser
from tests.faq.conftest import load_fixture_knowledge
from tests.harness import BotHarness


@pytest.fixture
def knowledge_source() -> KnowledgeSource:
    return load_fixture_knowledge


@pytest.fixture
def admin() -> FakeUser:
    return FakeUser(id=900, first_name="Ploy", username="ploy_admin", language_code="en")


@pytest.fixture
def thai_admin() -> FakeUser:
    return FakeUser(id=900, first_name="พลอย", username="ploy_admin", language_code="th")


async def count(bot: BotHarness, model: type[Any]) -> int:
    """Rows in one table."""
    async with bot.conversation.services.database.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def faq_state(bot: BotHarness) -> tuple[int, int, int]:
    """FAQ version, revisions and audit entries: all three stay put when nothing changes."""
    version = await bot.conversation.services.admin.live.current_version()
    return version, await count(bot, FaqRevision), await count(bot, AuditEntry)


async def say_last(bot: BotHarness, user: FakeUser, text: str) -> Call:
    """Send ``text``; the last message the bot sent in answer."""
    sent = await bot.say(user, text)
    assert sent, f"no answer to {text!r}"
    return sent[-1]


async def press_last(bot: BotHarness, user: FakeUser, call: Call, label: str) -> Call:
    """Press a button; the last message sent or edited in answer."""
    sent, notice = await bot.press(user, call, label)
    assert sent, f"no answer to pressing {label!r} (notice: {notice!r})"
    return sent[-1]
