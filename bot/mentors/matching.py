"""The one transition every path ends in: offer the referral to the best mentor left, or wait."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.mentors import (
    Mentor,
    OfferOutcome,
    Referral,
    ReferralOffer,
    ReferralStatus,
)
from bot.mentors.base import ServiceBase
from bot.mentors.notices import ADMINS, NobodyAvailable, Notice, OfferMade, ReferralWaiting
from bot.mentors.ranking import Request, rank_mentors
from bot.mentors.registry import load_candidates


async def offered_mentor_ids(session: AsyncSession, referral_id: int) -> frozenset[int]:
    """Every mentor this referral was ever offered to (they are never asked twice)."""
    ids = await session.scalars(
        select(ReferralOffer.mentor_id).where(ReferralOffer.referral_id == referral_id)
    )
    return frozenset(ids)


async def offer_notice(
    service: ServiceBase,
    session: AsyncSession,
    referral: Referral,
    offer: ReferralOffer,
    mentor: Mentor,
    *,
    reminder: bool = False,
) -> OfferMade:
    """The offer (or its reminder) as the mentor will read it, in the mentor's language."""
    assert mentor.user_id is not None
    fallback = referral.language if referral.language in mentor.languages else mentor.languages[0]
    return OfferMade(
        recipient=mentor.user_id,
        language=await service._language_of(session, mentor.user_id, fallback),
        offer_id=offer.id,
        founder_name=referral.founder_name or "",
        topic=referral.topic,
        need=referral.need or "",
        founder_language=referral.language,
        deadline_at=offer.deadline_at,
        reminder=reminder,
    )


async def offer_next(
    service: ServiceBase, session: AsyncSession, referral: Referral, now: dt.datetime
) -> list[Notice]:
    """Offer to the best eligible mentor not asked before; with nobody left the referral
    waits, and the founder and admins are told once."""
    request = Request(
        topic=referral.topic,
        language=referral.language,
        region=referral.region,
        need_tags=service.taxonomy.tags_in(referral.need or ""),
        already_offered=await offered_mentor_ids(session, referral.id),
    )
    candidates = await load_candidates(session, exclude_user=referral.founder_id)
    ranked = rank_mentors(request, candidates, service.taxonomy.tag_topics, now)
    if ranked:
        mentor = await session.get(Mentor, ranked[0].mentor_id)
        assert mentor is not None
        offer = ReferralOffer(
            referral_id=referral.id,
            mentor_id=mentor.id,
            offered_at=now,
            remind_at=now + service.deadline / 2,
            deadline_at=now + service.deadline,
            outcome=OfferOutcome.PENDING,
        )
        session.add(offer)
        mentor.last_offered_at = now
        referral.status = ReferralStatus.OFFERED
        referral.mentor_id = mentor.id
        referral.waiting_since = None
        referral.updated_at = now
        await session.flush()
        return [await offer_notice(service, session, referral, offer, mentor)]
    if referral.status == ReferralStatus.WAITING:
        return []  # still nobody: nothing changes, nobody is told again
    referral.status = ReferralStatus.WAITING
    referral.mentor_id = None
    referral.waiting_since = now
    referral.updated_at = now
    await session.flush()
    notices: list[Notice] = [
        ReferralWaiting(
            recipient=ADMINS,
            language="",
            referral_id=referral.id,
            topic=referral.topic,
            founder_language=referral.language,
        )
    ]
    if referral.founder_id is not None:
        language = await service._language_of(session, referral.founder_id, referral.language)
        told = bool(await service.admin_recipients())  # an admin hears of the waiting referral
        notices.insert(0, NobodyAvailable(referral.founder_id, language, referral.topic, told))
    return notices
