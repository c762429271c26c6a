"""People in the mentor tests, and a bot whose mentor service can be moved through time."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from tests.fake_telegram import FakeUser
from tests.harness import BotHarness, telegram_admins

ADMIN_ID = 900


@pytest.fixture
def founder() -> FakeUser:
    return FakeUser(id=301, first_name="Ann", username="ann_founder", language_code="en")


@pytest.fixture
def founder_without_username() -> FakeUser:
    return FakeUser(id=302, first_name="Nid", username=None, language_code="en")


@pytest.fixture
def mentor_a() -> FakeUser:
    return FakeUser(id=201, first_name="Anong", username="anong_mentor", language_code="en")


@pytest.fixture
def mentor_b() -> FakeUser:
    return FakeUser(id=202, first_name="Boon", username="boon_mentor", language_code="en")


@pytest.fixture
def admin() -> FakeUser:
    return FakeUser(id=ADMIN_ID, first_name="Admin", username="the_admin", language_code="en")


@pytest.fixture
async def mentor_bot(bot_factory: Callable[..., BotHarness]) -> AsyncIterator[BotHarness]:
    """A running bot with admin 900 and a 48-hour deadline, follow-ups after 3 days."""
    harness = bot_factory(admin_ids=telegram_admins(ADMIN_ID))
    await harness.start()
    yield harness
    await harness.stop()
