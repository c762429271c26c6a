"""What every part of the mentor service shares: transactions, the clock, and delivery."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from bot.db.base import utcnow
from bot.db.engine import Database
from bot.db.outage import is_retryable_conflict
from bot.db.repositories import users
from bot.delivery import Delivery
from bot.mentors.directory import Directory
from bot.mentors.notices import ADMINS, Notice, Notifier, OfferMade
from bot.mentors.taxonomy import Taxonomy
from bot.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")
TRANSITION_ATTEMPTS = 3
HELPED_FOLLOWUP_FACTOR = 10  # "did it help?" comes 10 x FOLLOWUP_DAYS after the connection


def as_utc(value: dt.datetime) -> dt.datetime:
    """SQLite returns naive datetimes; they are UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def is_concurrent_change(error: BaseException) -> bool:
    """A transition lost a race with another one and is worth running again."""
    return isinstance(error, StaleDataError) or is_retryable_conflict(error)


class ServiceBase:
    """Shared plumbing; the registry, referral, sweep and statistics parts build on it."""

    def __init__(
        self,
        database: Database,
        settings: Settings,
        taxonomy: Taxonomy,
        notifier: Notifier,
        admin_recipients: Callable[[], Awaitable[list[int]]],
        clock: Callable[[], dt.datetime] = utcnow,
        directory: Directory | None = None,
    ) -> None:
        self.database = database
        self.settings = settings
        self.taxonomy = taxonomy
        self.notifier = notifier
        self.admin_recipients = admin_recipients
        self.clock = clock
        self.directory = directory or Directory()  # support organisations, for /directory

    @property
    def deadline(self) -> dt.timedelta:
        """How long a mentor has to answer an offer."""
        return dt.timedelta(hours=self.settings.referral_deadline_hours)

    @property
    def fit_followup_delay(self) -> dt.timedelta:
        return dt.timedelta(days=self.settings.followup_days)

    @property
    def helped_followup_delay(self) -> dt.timedelta:
        return self.fit_followup_delay * HELPED_FOLLOWUP_FACTOR

    async def _transition(self, change: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run ``change`` in one transaction; if a concurrent transition moved the same
        referral first (its version changed) or PostgreSQL rolled this one back for a
        concurrent one (a deadlock, a serialization failure), start again from fresh data."""
        for attempt in range(TRANSITION_ATTEMPTS):
            try:
                async with self.database.sessions.begin() as session:
                    return await change(session)
            except Exception as error:
                if not is_concurrent_change(error) or attempt == TRANSITION_ATTEMPTS - 1:
                    raise
                log.info("a referral changed under us; retrying the transition")
        raise AssertionError("unreachable")

    async def _language_of(self, session: AsyncSession, user_id: int, fallback: str) -> str:
        """The language the user chose or was last seen with."""
        user = await users.get_user(session, user_id)
        return user.language if user is not None else fallback

    async def _deliver(self, notices: Iterable[Notice]) -> None:
        """Send notices after their transaction committed; an unreachable mentor's offer
        moves on to the next mentor."""
        for notice in notices:
            if notice.recipient == ADMINS:
                await self._deliver(await self._to_admins(notice))
                continue
            delivery = await self.notifier.send(notice)
            if delivery is Delivery.BLOCKED and isinstance(notice, OfferMade):
                await self._deliver(await self._reroute_blocked(notice.offer_id))

    async def _to_admins(self, notice: Notice) -> list[Notice]:
        admins = await self.admin_recipients()
        default = self.settings.default_language
        async with self.database.sessions() as session:
            return [
                dataclasses.replace(
                    notice,
                    recipient=admin,
                    language=await self._language_of(session, admin, default),
                )
                for admin in admins
            ]

    async def _reroute_blocked(self, offer_id: int) -> list[Notice]:
        """Implemented by the referral part: mark the mentor unreachable, offer the next."""
        raise NotImplementedError

    async def offer_waiting(self) -> int:
        """Implemented by the sweeper: offer waiting referrals to newly available mentors."""
        raise NotImplementedError
