"""Before erasing someone: end their referrals through the mentor service, so that the other
side is told, pending offers move on to another mentor and the relay stops."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models.mentors import (
    ACTIVE_STATUSES,
    ONGOING_STATUSES,
    Mentor,
    Referral,
)
from bot.mentors.referrals import ENDED_BY_FOUNDER
from bot.services import Services

ENDED_BY_MENTOR = "other"  # the mentor's close outcome when they leave


async def wind_down_referrals(services: Services, user_id: int) -> None:
    """Withdraw or close every referral the user is part of, and retire them as a mentor."""
    mentors = services.mentors
    async with services.database.sessions() as session:
        as_founder = (
            await session.execute(
                select(Referral.id, Referral.status).where(Referral.founder_id == user_id)
            )
        ).all()
        mentor = await session.scalar(select(Mentor).where(Mentor.user_id == user_id))
        as_mentor = (
            []
            if mentor is None
            else (
                await session.scalars(
                    select(Referral.id).where(
                        Referral.mentor_id == mentor.id, Referral.status.in_(ONGOING_STATUSES)
                    )
                )
            ).all()
        )
    for referral_id, status in as_founder:
        if status in ACTIVE_STATUSES:
            await mentors.withdraw(referral_id, user_id)
        elif status in ONGOING_STATUSES:
            await mentors.close(referral_id, user_id, ENDED_BY_FOUNDER)
    for referral_id in as_mentor:
        await mentors.close(referral_id, user_id, ENDED_BY_MENTOR)
    if mentor is not None:
        await mentors.set_own_status(user_id, "remove")
