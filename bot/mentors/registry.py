"""Mentor records: validating a profile, finding mentors, and measuring their load and record.

Functions take a session and never commit; the service owns the transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.mentors import (
    ONGOING_STATUSES,
    Mentor,
    MentorStatus,
    OfferOutcome,
    Referral,
    ReferralOffer,
)
from bot.languages import LANGUAGES
from bot.mentors.base import as_utc
from bot.mentors.ranking import Candidate
from bot.mentors.taxonomy import Taxonomy
from bot.mentors.views import BIO_LENGTH, CAPACITY_RANGE, NAME_LENGTH, MentorProfile

ANSWERED_OUTCOMES = (
    OfferOutcome.ACCEPTED,
    OfferOutcome.DECLINED,
    OfferOutcome.SUGGESTED,
    OfferOutcome.EXPIRED,
)


def _length_problem(value: str, bounds: tuple[int, int], what: str) -> str | None:
    if not bounds[0] <= len(value.strip()) <= bounds[1]:
        return f"{what}: {bounds[0]}-{bounds[1]} characters"
    return None


def profile_problems(profile: MentorProfile, taxonomy: Taxonomy) -> list[str]:
    """Everything wrong with a profile, in words an admin can act on (empty when sound)."""
    problems = []
    if problem := _length_problem(profile.display_name, NAME_LENGTH, "name"):
        problems.append(problem)
    if not profile.languages or any(lang not in LANGUAGES for lang in profile.languages):
        problems.append("languages: one or both of th, en")
    unknown = [key for key in profile.topics if not taxonomy.is_skill(key)]
    if unknown:
        problems.append(f"topics: unknown {unknown}")
    if not any(taxonomy.is_topic(key) or key in taxonomy.tag_topics for key in profile.topics):
        problems.append("topics: at least one topic (or a tag of one)")
    if profile.region is not None and not taxonomy.is_region(profile.region):
        problems.append(f"region: one of {[r.key for r in taxonomy.regions]}")
    if not CAPACITY_RANGE[0] <= profile.capacity <= CAPACITY_RANGE[1]:
        problems.append(f"capacity: {CAPACITY_RANGE[0]}-{CAPACITY_RANGE[1]}")
    for language in profile.languages:
        bio = profile.bios.get(language, "")
        if problem := _length_problem(bio, BIO_LENGTH, f"bio.{language}"):
            problems.append(problem)
    return problems


def apply_profile(mentor: Mentor, profile: MentorProfile) -> None:
    """Copy a validated profile onto the record (bios of languages not offered are dropped)."""
    mentor.display_name = profile.display_name.strip()
    mentor.languages = list(dict.fromkeys(profile.languages))
    mentor.topics = list(dict.fromkeys(profile.topics))
    mentor.region = profile.region
    mentor.capacity = profile.capacity
    bios = {lang: profile.bios.get(lang, "").strip() or None for lang in profile.languages}
    mentor.bio_th, mentor.bio_en = bios.get("th"), bios.get("en")
    if profile.username is not None:
        mentor.username = profile.username or None


async def mentor_by_user(session: AsyncSession, user_id: int) -> Mentor | None:
    """The mentor record of a Telegram user, if they registered."""
    return await session.scalar(select(Mentor).where(Mentor.user_id == user_id))


async def open_referral_counts(
    session: AsyncSession, mentor_ids: Iterable[int] | None = None
) -> dict[int, int]:
    """Pending offers plus accepted or connected referrals, per mentor."""
    counts: defaultdict[int, int] = defaultdict(int)
    offers = select(ReferralOffer.mentor_id, func.count()).where(
        ReferralOffer.outcome == OfferOutcome.PENDING
    )
    ongoing = select(Referral.mentor_id, func.count()).where(
        Referral.status.in_(ONGOING_STATUSES), Referral.mentor_id.is_not(None)
    )
    if mentor_ids is not None:
        ids = list(mentor_ids)
        offers = offers.where(ReferralOffer.mentor_id.in_(ids))
        ongoing = ongoing.where(Referral.mentor_id.in_(ids))
    for statement in (
        offers.group_by(ReferralOffer.mentor_id),
        ongoing.group_by(Referral.mentor_id),
    ):
        for mentor_id, count in (await session.execute(statement)).all():
            if mentor_id is not None:
                counts[mentor_id] += count
    return dict(counts)


async def load_candidates(session: AsyncSession, exclude_user: int | None) -> list[Candidate]:
    """Every approved, reachable mentor with their load and track record."""
    mentors = list(
        await session.scalars(
            select(Mentor).where(
                Mentor.status == MentorStatus.APPROVED,
                Mentor.unreachable.is_(False),
                Mentor.user_id.is_not(None),
            )
        )
    )
    mentors = [m for m in mentors if m.user_id != exclude_user]
    if not mentors:
        return []
    ids = [m.id for m in mentors]
    load = await open_referral_counts(session, ids)
    answered: defaultdict[int, int] = defaultdict(int)
    accepted: defaultdict[int, int] = defaultdict(int)
    outcomes = select(ReferralOffer.mentor_id, ReferralOffer.outcome, func.count()).where(
        ReferralOffer.mentor_id.in_(ids), ReferralOffer.outcome.in_(ANSWERED_OUTCOMES)
    )
    for mentor_id, outcome, count in (
        await session.execute(outcomes.group_by(ReferralOffer.mentor_id, ReferralOffer.outcome))
    ).all():
        answered[mentor_id] += count
        if outcome == OfferOutcome.ACCEPTED:
            accepted[mentor_id] += count
    ratings: defaultdict[int, list[int]] = defaultdict(list)
    rated = select(Referral.mentor_id, Referral.founder_fit).where(
        Referral.mentor_id.in_(ids), Referral.founder_fit.is_not(None)
    )
    for rated_id, score in (await session.execute(rated)).all():
        if rated_id is not None and score is not None:
            ratings[rated_id].append(int(score))
    return [
        Candidate(
            mentor_id=m.id,
            languages=frozenset(m.languages),
            topics=frozenset(m.topics),
            region=m.region,
            capacity=m.capacity,
            open_referrals=load.get(m.id, 0),
            last_offered_at=as_utc(m.last_offered_at) if m.last_offered_at else None,
            offers_answered=answered[m.id],
            offers_accepted=accepted[m.id],
            fit_ratings=tuple(ratings[m.id]),
        )
        for m in mentors
    ]
