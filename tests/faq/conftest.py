"""FAQ tests answer from a stable copy of some shipped entries (tests/faq/knowledge), so
content edits in knowledge/ don't change what these conversations expect."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.knowledge.model import KnowledgeBase
from bot.knowledge.service import KnowledgeSource
from tests.faq_once import load_knowledge_once
from tests.harness import BotHarness
from tests.transcripts import Chat

FIXTURE_KNOWLEDGE = Path(__file__).resolve().parent / "knowledge"


async def load_fixture_knowledge() -> KnowledgeBase:
    """The test FAQ, read the way the default source reads knowledge/ (in a worker thread)."""
    return await asyncio.to_thread(load_knowledge_once, FIXTURE_KNOWLEDGE)


@pytest.fixture
def knowledge_source() -> KnowledgeSource:
    return load_fixture_knowledge


async def rows(bot: BotHarness | Chat, model: type[Any]) -> list[Any]:
    """Every row of a usage table, oldest first (the bot on either messenger)."""
    async with bot.conversation.services.database.sessions() as session:
        return list(await session.scalars(select(model).order_by(model.id)))
