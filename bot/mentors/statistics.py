"""Figures for admins (``/stats``): referrals by status, time to acceptance, active mentors."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from sqlalchemy import func, select

from bot.db.models.mentors import Mentor, MentorStatus, Referral, ReferralOffer
from bot.mentors.base import ServiceBase, as_utc


@dataclass(frozen=True)
class ReferralStatistics:
    """Everything ``/stats`` shows about mentoring, for referrals created since ``since``."""

    referrals_by_status: dict[str, int] = field(default_factory=dict)
    offers_by_outcome: dict[str, int] = field(default_factory=dict)
    mentors_by_status: dict[str, int] = field(default_factory=dict)
    active_mentors: int = 0  # approved and reachable
    median_hours_to_acceptance: float | None = None  # request → a mentor accepted
    founder_fit_average: float | None = None
    mentor_fit_average: float | None = None
    helped: dict[str, int] = field(default_factory=dict)  # yes / partly / no


class Statistics(ServiceBase):
    """Read-only queries; personal columns are never read here."""

    async def statistics(self, since: dt.datetime | None = None) -> ReferralStatistics:
        """All mentoring figures at once (one short read transaction)."""
        created = [Referral.created_at >= since] if since is not None else []
        async with self.database.sessions() as session:
            by_status = dict(
                (
                    await session.execute(
                        select(Referral.status, func.count())
                        .where(*created)
                        .group_by(Referral.status)
                    )
                ).all()
            )
            by_outcome = dict(
                (
                    await session.execute(
                        select(ReferralOffer.outcome, func.count())
                        .join(Referral, Referral.id == ReferralOffer.referral_id)
                        .where(*created)
                        .group_by(ReferralOffer.outcome)
                    )
                ).all()
            )
            mentors = dict(
                (
                    await session.execute(
                        select(Mentor.status, func.count()).group_by(Mentor.status)
                    )
                ).all()
            )
            active = await session.scalar(
                select(func.count())
                .select_from(Mentor)
                .where(Mentor.status == MentorStatus.APPROVED, Mentor.unreachable.is_(False))
            )
            waits = [
                (as_utc(accepted) - as_utc(asked)).total_seconds() / 3600
                for asked, accepted in (
                    await session.execute(
                        select(Referral.created_at, Referral.accepted_at).where(
                            Referral.accepted_at.is_not(None), *created
                        )
                    )
                ).all()
                if accepted is not None
            ]
            founder_fit, mentor_fit = (
                await session.execute(
                    select(func.avg(Referral.founder_fit), func.avg(Referral.mentor_fit)).where(
                        *created
                    )
                )
            ).one()
            helped = {
                answer: count
                for answer, count in (
                    await session.execute(
                        select(Referral.helped, func.count())
                        .where(Referral.helped.is_not(None), *created)
                        .group_by(Referral.helped)
                    )
                ).all()
                if answer is not None
            }
        return ReferralStatistics(
            referrals_by_status=by_status,
            offers_by_outcome=by_outcome,
            mentors_by_status=mentors,
            active_mentors=int(active or 0),
            median_hours_to_acceptance=statistics.median(waits) if waits else None,
            founder_fit_average=float(founder_fit) if founder_fit is not None else None,
            mentor_fit_average=float(mentor_fit) if mentor_fit is not None else None,
            helped=helped,
        )
