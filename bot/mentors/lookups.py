"""What founders and mentors look up about their referrals (read-only)."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models.mentors import (
    ACTIVE_STATUSES,
    ONGOING_STATUSES,
    Mentor,
    OfferOutcome,
    Referral,
    ReferralOffer,
    ReferralStatus,
)
from bot.mentors.base import ServiceBase, as_utc
from bot.mentors.registry import mentor_by_user
from bot.mentors.views import ReferralView, RelayPeer


class ReferralLookups(ServiceBase):
    """A founder's pending request, a user's referrals, the other side of a relay."""

    async def pending_request(self, founder_id: int) -> ReferralView | None:
        """The founder's request still looking for a mentor, if any (one at a time)."""
        async with self.database.sessions() as session:
            referral = await session.scalar(
                select(Referral)
                .where(Referral.founder_id == founder_id, Referral.status.in_(ACTIVE_STATUSES))
                .order_by(Referral.id.desc())
                .limit(1)
            )
            return ReferralView.of(referral) if referral else None

    async def relay_peer(self, referral_id: int, user_id: int) -> RelayPeer | None:
        """The other side of a connected, relayed referral this user is part of."""
        async with self.database.sessions() as session:
            referral = await session.get(Referral, referral_id)
            if referral is None or not referral.relay:
                return None
            if referral.status != ReferralStatus.CONNECTED or referral.mentor_id is None:
                return None
            mentor = await session.get(Mentor, referral.mentor_id)
            if mentor is None or mentor.user_id is None or referral.founder_id is None:
                return None
            if user_id == mentor.user_id:
                language = await self._language_of(session, referral.founder_id, referral.language)
                return RelayPeer(referral.founder_id, mentor.display_name, language)
            if user_id == referral.founder_id:
                language = await self._language_of(session, mentor.user_id, mentor.languages[0])
                return RelayPeer(mentor.user_id, referral.founder_name or "", language)
            return None

    async def referrals_of(self, user_id: int, limit: int = 10) -> list[ReferralView]:
        """The user's referrals as mentor and as founder: open first, then the most recent."""
        async with self.database.sessions() as session:
            mentor = await mentor_by_user(session, user_id)
            views: list[ReferralView] = []
            if mentor is not None:
                pending = {
                    offer.referral_id: offer.id
                    for offer in await session.scalars(
                        select(ReferralOffer).where(
                            ReferralOffer.mentor_id == mentor.id,
                            ReferralOffer.outcome == OfferOutcome.PENDING,
                        )
                    )
                }
                for referral in await session.scalars(
                    select(Referral)
                    .where(Referral.mentor_id == mentor.id)
                    .order_by(Referral.updated_at.desc())
                    .limit(limit)
                ):
                    views.append(ReferralView.of(referral, "mentor", pending.get(referral.id)))
            for referral, name in await session.execute(
                select(Referral, Mentor.display_name)
                .outerjoin(Mentor, Mentor.id == Referral.mentor_id)
                .where(Referral.founder_id == user_id, Referral.consent.is_(True))
                .order_by(Referral.updated_at.desc())
                .limit(limit)
            ):
                known = referral.status in (*ONGOING_STATUSES, ReferralStatus.CLOSED)
                views.append(ReferralView.of(referral, mentor_name=name if known else None))
        order = {"offered": 0, "accepted": 0, "connected": 0, "open": 1, "waiting": 1}
        return sorted(
            views, key=lambda v: (order.get(v.status, 2), -as_utc(v.created_at).timestamp())
        )
