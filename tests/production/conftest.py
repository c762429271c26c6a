"""Fixtures for production concerns: the bot in webhook mode."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.fake_telegram import FakeTelegram
from tests.production.webhook_harness import WebhookHarness, webhook_settings


@pytest.fixture
async def webhook_bot(
    fake_telegram: FakeTelegram, database_url: str
) -> AsyncIterator[WebhookHarness]:
    """A running bot in webhook mode, on a free local port."""
    harness = WebhookHarness(fake_telegram, webhook_settings(fake_telegram, database_url))
    await harness.start()
    yield harness
    await harness.stop()
