"""Referral transitions started by people: asking, withdrawing, accepting, declining, closing.

Each transition is one transaction; notices for other people are sent after it commits, and
notices for the person pressing are returned so the conversation layer can answer with them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.mentors import (
    ACTIVE_STATUSES,
    ONGOING_STATUSES,
    Mentor,
    OfferOutcome,
    Referral,
    ReferralOffer,
    ReferralStatus,
)
from bot.delivery import Delivery
from bot.mentors.base import ServiceBase
from bot.mentors.matching import offer_next
from bot.mentors.notices import Connected, Notice, OfferClosed, ReferralEnded
from bot.mentors.registry import mentor_by_user
from bot.mentors.views import Answer, Founder

DECLINE_REASONS = ("topic", "time", "other")
CLOSE_OUTCOMES = ("helped", "no_reply", "not_fit", "other")
ENDED_BY_FOUNDER = "ended"
FOUNDER_UNREACHABLE = "founder_unreachable"


def split_for(user_id: int, notices: Sequence[Notice]) -> tuple[list[Notice], list[Notice]]:
    """(notices for ``user_id``, for everyone else): the presser's go into the reply."""
    mine = [n for n in notices if n.recipient == user_id]
    return mine, [n for n in notices if n.recipient != user_id]


async def locked_referral(session: AsyncSession, referral_id: int) -> Referral | None:
    """The referral, read fresh and locked (``FOR UPDATE``; SQLite has one writer anyway).

    Every transition locks the referral first and its offers after it, so two transitions
    on one referral queue behind each other instead of deadlocking (an Accept that updated
    the referral, then the offer, racing a Withdraw that did the opposite, once did)."""
    return await session.get(Referral, referral_id, with_for_update=True, populate_existing=True)


async def locked_offer(
    session: AsyncSession, offer_id: int
) -> tuple[Referral | None, ReferralOffer | None]:
    """An offer and its referral, the referral locked first (see ``locked_referral``)."""
    referral_id = await session.scalar(
        select(ReferralOffer.referral_id).where(ReferralOffer.id == offer_id)
    )
    if referral_id is None:
        return None, None
    referral = await locked_referral(session, referral_id)
    offer = await session.get(
        ReferralOffer, offer_id, with_for_update=True, populate_existing=True
    )
    return referral, offer


class ReferralActions(ServiceBase):
    """What founders and mentors do to a referral."""

    # ----- founders -----

    async def request_mentor(
        self, founder: Founder, topic: str, region: str | None, need: str, language: str
    ) -> list[Notice]:
        """Create a consented referral and offer it; returns the notices for the founder."""
        now = self.clock()

        async def create(session: AsyncSession) -> list[Notice]:
            referral = Referral(
                founder_id=founder.user_id,
                founder_name=founder.first_name[:80],
                founder_username=founder.username,
                need=need,
                topic=topic,
                region=region,
                language=language,
                consent=True,
                consented_at=now,
                status=ReferralStatus.OPEN,
                created_at=now,
                updated_at=now,
            )
            session.add(referral)
            await session.flush()
            return await offer_next(self, session, referral, now)

        mine, others = split_for(founder.user_id, await self._transition(create))
        await self._deliver(others)
        return mine

    async def record_declined_request(self, founder_id: int, topic: str, language: str) -> None:
        """Consent refused: keep only that a request on this topic was cancelled."""
        now = self.clock()
        async with self.database.sessions.begin() as session:
            session.add(
                Referral(
                    topic=topic,
                    language=language,
                    consent=False,
                    status=ReferralStatus.CANCELLED,
                    outcome="no_consent",
                    created_at=now,
                    updated_at=now,
                    closed_at=now,
                )
            )

    async def withdraw(self, referral_id: int, founder_id: int) -> Answer:
        """The founder no longer wants a mentor for this request."""
        now = self.clock()

        async def change(session: AsyncSession) -> tuple[Answer, list[Notice]]:
            referral = await locked_referral(session, referral_id)
            if referral is None:
                return Answer.UNKNOWN, []
            if referral.founder_id != founder_id:
                return Answer.NOT_YOURS, []
            if referral.status not in ACTIVE_STATUSES:
                return Answer.ALREADY, []
            notices = await self._close_pending_offer(session, referral, now, expired=False)
            referral.status = ReferralStatus.CANCELLED
            referral.outcome, referral.closed_by = "withdrawn", "founder"
            referral.closed_at = referral.updated_at = now
            referral.mentor_id = None
            return Answer.DONE, notices

        answer, notices = await self._transition(change)
        await self._deliver(notices)
        return answer

    # ----- mentors answering an offer -----

    async def _own_pending_offer(
        self, session: AsyncSession, offer_id: int, user_id: int
    ) -> tuple[Answer, ReferralOffer | None, Mentor | None, Referral | None]:
        """Check that the offer exists, was sent to this user, and still waits for them."""
        referral, offer = await locked_offer(session, offer_id)
        if offer is None:
            return Answer.UNKNOWN, None, None, None
        mentor = await session.get(Mentor, offer.mentor_id)
        if mentor is None or mentor.user_id != user_id:
            return Answer.NOT_YOURS, None, None, None
        if offer.outcome in (OfferOutcome.EXPIRED, OfferOutcome.WITHDRAWN, OfferOutcome.BLOCKED):
            return Answer.EXPIRED, None, None, None
        if offer.outcome != OfferOutcome.PENDING:
            return Answer.ALREADY, None, None, None
        if referral is None or referral.status != ReferralStatus.OFFERED:
            return Answer.EXPIRED, None, None, None
        mentor.unreachable = False  # they just pressed a button: they can be reached
        return Answer.DONE, offer, mentor, referral

    async def accept(
        self, offer_id: int, user_id: int, username: str | None
    ) -> tuple[Answer, list[Notice]]:
        """The mentor takes the referral: both sides get each other's contact, or the relay
        when either has no username. Returns the notices for the mentor."""
        now = self.clock()

        async def change(session: AsyncSession) -> tuple[Answer, list[Notice]]:
            answer, offer, mentor, referral = await self._own_pending_offer(
                session, offer_id, user_id
            )
            if answer is not Answer.DONE or offer is None or mentor is None or referral is None:
                return answer, []
            if username is not None:
                mentor.username = username or None
            offer.outcome, offer.answered_at = OfferOutcome.ACCEPTED, now
            referral.status = ReferralStatus.ACCEPTED
            referral.mentor_id = mentor.id
            referral.accepted_at = referral.updated_at = now
            referral.relay = not (referral.founder_username and mentor.username)
            return Answer.DONE, await self._connected_notices(session, referral, mentor)

        answer, notices = await self._transition(change)
        if answer is not Answer.DONE:
            return answer, []
        mine, others = split_for(user_id, notices)
        [mentor_notice], [founder_notice] = mine, others
        delivery = await self.notifier.send(founder_notice)
        return Answer.DONE, await self._finish_handover(mentor_notice, founder_notice, delivery)

    async def _connected_notices(
        self, session: AsyncSession, referral: Referral, mentor: Mentor
    ) -> list[Notice]:
        assert referral.founder_id is not None and mentor.user_id is not None
        founder_language = await self._language_of(session, referral.founder_id, referral.language)
        mentor_language = await self._language_of(session, mentor.user_id, mentor.languages[0])
        common: dict[str, Any] = {
            "referral_id": referral.id,
            "relay": referral.relay,
            "topic": referral.topic,
        }
        return [
            Connected(
                recipient=mentor.user_id,
                language=mentor_language,
                partner_name=referral.founder_name or "",
                partner_username=referral.founder_username,
                for_mentor=True,
                need=referral.need,
                **common,
            ),
            Connected(
                recipient=referral.founder_id,
                language=founder_language,
                partner_name=mentor.display_name,
                partner_username=mentor.username,
                for_mentor=False,
                partner_bio=mentor.bio(founder_language),
                **common,
            ),
        ]

    async def _finish_handover(
        self, mentor_notice: Notice, founder_notice: Notice, delivery: Delivery
    ) -> list[Notice]:
        """Connected once the founder got the mentor's contact (the mentor's notice is
        returned); closed if the founder can't be reached any more (the mentor is told)."""
        assert isinstance(founder_notice, Connected)
        now = self.clock()

        async def change(session: AsyncSession) -> list[Notice]:
            referral = await locked_referral(session, founder_notice.referral_id)
            if referral is None or referral.status != ReferralStatus.ACCEPTED:
                return []
            referral.updated_at = now
            if delivery is Delivery.BLOCKED:
                referral.status = ReferralStatus.CLOSED
                referral.outcome, referral.closed_by = FOUNDER_UNREACHABLE, "system"
                referral.closed_at = now
                return [
                    ReferralEnded(
                        mentor_notice.recipient,
                        mentor_notice.language,
                        referral.id,
                        referral.founder_name or "",
                    )
                ]
            referral.status = ReferralStatus.CONNECTED
            referral.connected_at = now
            return [mentor_notice]

        return await self._transition(change)

    async def decline(
        self, offer_id: int, user_id: int, *, suggest_colleague: bool = False
    ) -> Answer:
        """The mentor says no (or points to a colleague): the next mentor gets the offer."""
        now = self.clock()

        async def change(session: AsyncSession) -> tuple[Answer, list[Notice]]:
            answer, offer, _mentor, referral = await self._own_pending_offer(
                session, offer_id, user_id
            )
            if answer is not Answer.DONE or offer is None or referral is None:
                return answer, []
            offer.outcome = OfferOutcome.SUGGESTED if suggest_colleague else OfferOutcome.DECLINED
            offer.answered_at = now
            return Answer.DONE, await offer_next(self, session, referral, now)

        answer, notices = await self._transition(change)
        await self._deliver(notices)
        return answer

    async def set_decline_reason(self, offer_id: int, user_id: int, reason: str) -> Answer:
        """The optional reason, given after declining (it never changes the referral)."""
        if reason not in DECLINE_REASONS:
            return Answer.UNKNOWN
        async with self.database.sessions.begin() as session:
            offer = await session.get(ReferralOffer, offer_id)
            mentor = await session.get(Mentor, offer.mentor_id) if offer else None
            if offer is None or mentor is None:
                return Answer.UNKNOWN
            if mentor.user_id != user_id:
                return Answer.NOT_YOURS
            if offer.outcome not in (OfferOutcome.DECLINED, OfferOutcome.SUGGESTED):
                return Answer.EXPIRED
            if offer.decline_reason is not None:
                return Answer.ALREADY
            offer.decline_reason = reason
        return Answer.DONE

    async def _close_pending_offer(
        self, session: AsyncSession, referral: Referral, now: dt.datetime, *, expired: bool
    ) -> list[Notice]:
        """End the referral's pending offer, if any, and tell its mentor."""
        offer = await session.scalar(
            select(ReferralOffer).where(
                ReferralOffer.referral_id == referral.id,
                ReferralOffer.outcome == OfferOutcome.PENDING,
            )
        )
        if offer is None:
            return []
        offer.outcome = OfferOutcome.EXPIRED if expired else OfferOutcome.WITHDRAWN
        offer.answered_at = now
        mentor = await session.get(Mentor, offer.mentor_id)
        if mentor is None or mentor.user_id is None:
            return []
        language = await self._language_of(session, mentor.user_id, mentor.languages[0])
        return [OfferClosed(mentor.user_id, language, referral.topic, expired)]

    async def _reroute_blocked(self, offer_id: int) -> list[Notice]:
        """The mentor blocked the bot: mark them unreachable and offer to the next mentor."""
        now = self.clock()

        async def change(session: AsyncSession) -> list[Notice]:
            referral, offer = await locked_offer(session, offer_id)
            if offer is None or offer.outcome != OfferOutcome.PENDING:
                return []
            mentor = await session.get(Mentor, offer.mentor_id)
            if mentor is not None:
                mentor.unreachable = True
            offer.outcome, offer.answered_at = OfferOutcome.BLOCKED, now
            if referral is None or referral.status != ReferralStatus.OFFERED:
                return []
            return await offer_next(self, session, referral, now)

        return await self._transition(change)

    async def user_unreachable(self, user_id: int) -> None:
        """The user blocked the bot on their messenger and it said so (an unfollow): a
        mentor gets what an offer that came back blocked gives them, marked unreachable and
        their pending offers moved on to the next mentor."""
        async with self.database.sessions.begin() as session:
            mentor = await mentor_by_user(session, user_id)
            if mentor is None:
                return
            mentor.unreachable = True
            pending = await session.scalars(
                select(ReferralOffer.id).where(
                    ReferralOffer.mentor_id == mentor.id,
                    ReferralOffer.outcome == OfferOutcome.PENDING,
                )
            )
            offer_ids = list(pending)
        for offer_id in offer_ids:
            await self._deliver(await self._reroute_blocked(offer_id))

    # ----- both sides -----

    async def close(self, referral_id: int, user_id: int, outcome: str) -> Answer:
        """Either side ends an accepted referral (the relay stops); the other side is told."""
        if outcome not in (*CLOSE_OUTCOMES, ENDED_BY_FOUNDER):
            return Answer.UNKNOWN
        now = self.clock()

        async def change(session: AsyncSession) -> tuple[Answer, list[Notice]]:
            referral = await locked_referral(session, referral_id)
            if referral is None:
                return Answer.UNKNOWN, []
            mentor = await session.get(Mentor, referral.mentor_id) if referral.mentor_id else None
            mentor_user = mentor.user_id if mentor else None
            if user_id not in (referral.founder_id, mentor_user):
                return Answer.NOT_YOURS, []
            if referral.status not in ONGOING_STATUSES:
                return Answer.ALREADY, []
            by_mentor = user_id == mentor_user
            referral.status = ReferralStatus.CLOSED
            referral.outcome = outcome
            referral.closed_by = "mentor" if by_mentor else "founder"
            referral.closed_at = referral.updated_at = now
            other = referral.founder_id if by_mentor else mentor_user
            if other is None or mentor is None:
                return Answer.DONE, []
            name = mentor.display_name if by_mentor else referral.founder_name or ""
            fallback = referral.language if by_mentor else mentor.languages[0]
            language = await self._language_of(session, other, fallback)
            return Answer.DONE, [ReferralEnded(other, language, referral.id, name)]

        answer, notices = await self._transition(change)
        await self._deliver(notices)
        return answer
