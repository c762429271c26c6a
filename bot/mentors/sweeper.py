"""Time-driven transitions, run by periodic jobs: reminders, expiries, waiting referrals and
follow-ups. Deadlines live in the database, so a restart loses nothing.

Each due referral is claimed in its own transaction: on PostgreSQL with
``SELECT … FOR UPDATE SKIP LOCKED`` (a second worker skips a row the first one holds), and on
both databases by the versioned UPDATE of the referral (``version_id_col``): a worker whose
UPDATE matches no row lost the race and leaves the referral alone. So two workers sweeping at
once never offer the same referral twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.mentors import (
    Mentor,
    OfferOutcome,
    Referral,
    ReferralOffer,
    ReferralStatus,
)
from bot.mentors.base import is_concurrent_change
from bot.mentors.matching import offer_next, offer_notice
from bot.mentors.notices import FitQuestion, HelpedQuestion, Notice
from bot.mentors.referrals import ReferralActions
from bot.mentors.views import Answer

log = logging.getLogger(__name__)
BATCH = 100
FIT_SCORES = (1, 2, 3, 4, 5)  # "is this pairing a good fit?"
HELPED_ANSWERS = ("yes", "partly", "no")  # "did it help?"


@dataclass
class SweepSummary:
    """What one sweep did (for logs and tests)."""

    reminded: int = 0
    expired: int = 0
    offered_waiting: int = 0
    fit_asked: int = 0
    helped_asked: int = 0


Claimed = Callable[[AsyncSession, Referral], Awaitable[list[Notice] | None]]


class Sweeper(ReferralActions):
    """The jobs' side of the referral state machine."""

    async def _claim_each(self, due: Any, conditions: list[Any], handle: Claimed) -> int:
        """For each referral id ``due`` yields, claim it (if still due) and ``handle`` it in one
        transaction; returns how many were handled here rather than by another worker."""
        async with self.database.sessions() as session:
            ids = list(await session.scalars(due.limit(BATCH)))
        handled = 0
        for referral_id in ids:
            notices: list[Notice] | None = None
            try:
                async with self.database.sessions.begin() as session:
                    referral = await session.scalar(
                        select(Referral)
                        .where(Referral.id == referral_id, *conditions)
                        .with_for_update(skip_locked=True, of=Referral)
                    )
                    if referral is not None:
                        notices = await handle(session, referral)
            except Exception as error:
                if not is_concurrent_change(error):
                    raise
                log.info("referral %s was handled by another worker", referral_id)
                continue
            if notices is not None:
                handled += 1
                await self._deliver(notices)
        return handled

    async def sweep_deadlines(self) -> SweepSummary:
        """Remind at half the deadline, move on at the deadline, offer waiting referrals."""
        now = self.clock()
        summary = SweepSummary()
        summary.expired = await self._expire_due(now)
        summary.reminded = await self._remind_due(now)
        summary.offered_waiting = await self.offer_waiting()
        return summary

    def _pending_offer(self, *conditions: Any) -> Any:
        return (
            select(ReferralOffer.id)
            .where(
                ReferralOffer.referral_id == Referral.id,
                ReferralOffer.outcome == OfferOutcome.PENDING,
                *conditions,
            )
            .exists()
        )

    async def _expire_due(self, now: dt.datetime) -> int:
        overdue = self._pending_offer(ReferralOffer.deadline_at <= now)
        conditions = [Referral.status == ReferralStatus.OFFERED, overdue]

        async def expire(session: AsyncSession, referral: Referral) -> list[Notice]:
            notices = await self._close_pending_offer(session, referral, now, expired=True)
            return notices + await offer_next(self, session, referral, now)

        due = select(Referral.id).where(*conditions).order_by(Referral.id)
        return await self._claim_each(due, conditions, expire)

    async def _remind_due(self, now: dt.datetime) -> int:
        reminder_due = self._pending_offer(
            ReferralOffer.remind_at <= now,
            ReferralOffer.reminded_at.is_(None),
            ReferralOffer.deadline_at > now,
        )
        conditions = [Referral.status == ReferralStatus.OFFERED, reminder_due]

        async def remind(session: AsyncSession, referral: Referral) -> list[Notice]:
            offer = await session.scalar(
                select(ReferralOffer).where(
                    ReferralOffer.referral_id == referral.id,
                    ReferralOffer.outcome == OfferOutcome.PENDING,
                )
            )
            mentor = await session.get(Mentor, offer.mentor_id) if offer else None
            if offer is None or mentor is None or mentor.user_id is None:
                return []
            offer.reminded_at = now
            referral.updated_at = now  # the versioned UPDATE is the claim
            return [await offer_notice(self, session, referral, offer, mentor, reminder=True)]

        due = select(Referral.id).where(*conditions).order_by(Referral.id)
        return await self._claim_each(due, conditions, remind)

    async def offer_waiting(self) -> int:
        """Offer waiting (or never offered) referrals to mentors who have become available:
        newly approved, resumed, reachable again or with room again."""
        now = self.clock()
        conditions = [Referral.status.in_((ReferralStatus.WAITING, ReferralStatus.OPEN))]

        async def offer(session: AsyncSession, referral: Referral) -> list[Notice] | None:
            notices = await offer_next(self, session, referral, now)
            return notices if referral.status == ReferralStatus.OFFERED else None

        due = select(Referral.id).where(*conditions).order_by(Referral.id)
        return await self._claim_each(due, conditions, offer)

    async def send_followups(self) -> SweepSummary:
        """Ask both sides about the fit, then later ask the founder whether it helped."""
        now = self.clock()
        summary = SweepSummary()
        fit_conditions = [
            Referral.connected_at <= now - self.fit_followup_delay,
            Referral.fit_asked_at.is_(None),
            Referral.founder_id.is_not(None),
        ]
        helped_conditions = [
            Referral.connected_at <= now - self.helped_followup_delay,
            Referral.helped_asked_at.is_(None),
            Referral.founder_id.is_not(None),
        ]

        async def ask_fit(session: AsyncSession, referral: Referral) -> list[Notice]:
            referral.fit_asked_at = referral.updated_at = now
            return await self._followup_notices(session, referral, both_sides=True)

        async def ask_helped(session: AsyncSession, referral: Referral) -> list[Notice]:
            referral.helped_asked_at = referral.updated_at = now
            return await self._followup_notices(session, referral, both_sides=False)

        for conditions, handle, field in (
            (fit_conditions, ask_fit, "fit_asked"),
            (helped_conditions, ask_helped, "helped_asked"),
        ):
            due = select(Referral.id).where(*conditions).order_by(Referral.id)
            setattr(summary, field, await self._claim_each(due, conditions, handle))
        return summary

    async def _followup_notices(
        self, session: AsyncSession, referral: Referral, *, both_sides: bool
    ) -> list[Notice]:
        mentor = await session.get(Mentor, referral.mentor_id) if referral.mentor_id else None
        if mentor is None or referral.founder_id is None:
            return []
        founder_language = await self._language_of(session, referral.founder_id, referral.language)
        if not both_sides:
            return [
                HelpedQuestion(
                    referral.founder_id, founder_language, referral.id, mentor.display_name
                )
            ]
        notices: list[Notice] = [
            FitQuestion(referral.founder_id, founder_language, referral.id, mentor.display_name)
        ]
        if mentor.user_id is not None:
            language = await self._language_of(session, mentor.user_id, mentor.languages[0])
            notices.append(
                FitQuestion(mentor.user_id, language, referral.id, referral.founder_name or "")
            )
        return notices

    async def rate_fit(self, referral_id: int, user_id: int, score: int) -> Answer:
        """A side's answer to "is this pairing a good fit?" (1-5), recorded once."""
        if score not in FIT_SCORES:
            return Answer.UNKNOWN

        async def change(session: AsyncSession) -> Answer:
            referral = await session.get(Referral, referral_id)
            if referral is None or referral.fit_asked_at is None:
                return Answer.UNKNOWN
            mentor = await session.get(Mentor, referral.mentor_id) if referral.mentor_id else None
            if user_id == referral.founder_id:
                field = "founder_fit"
            elif mentor is not None and user_id == mentor.user_id:
                field = "mentor_fit"
            else:
                return Answer.NOT_YOURS
            if getattr(referral, field) is not None:
                return Answer.ALREADY
            setattr(referral, field, score)
            return Answer.DONE

        return await self._transition(change)

    async def record_helped(self, referral_id: int, user_id: int, helped: str) -> Answer:
        """The founder's answer to "did it help?" (yes / partly / no), recorded once."""
        if helped not in HELPED_ANSWERS:
            return Answer.UNKNOWN

        async def change(session: AsyncSession) -> Answer:
            referral = await session.get(Referral, referral_id)
            if referral is None or referral.helped_asked_at is None:
                return Answer.UNKNOWN
            if referral.founder_id != user_id:
                return Answer.NOT_YOURS
            if referral.helped is not None:
                return Answer.ALREADY
            referral.helped = helped
            return Answer.DONE

        return await self._transition(change)
