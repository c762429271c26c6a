"""Who gets a referral next: a pure function over plain data, so it is easy to test and explain.

Eligible: approved, reachable, under capacity, speaks the founder's language, covers the topic
(the topic itself or a finer tag of it), and was never offered this referral before.
Order, most important first:
1. topic fit: tags and sectors named in the founder's need that the mentor lists (2 each),
   plus 1 for listing the topic itself rather than only a tag of it;
2. same region as the founder;
3. fewest open referrals (pending offers plus accepted referrals);
4. longest since the last offer, in whole days (capped), so the load spreads across days;
5. past acceptance rate, smoothed so a new mentor starts at one half;
6. the founders' fit ratings (1-5), smoothed towards the middle;
7. the exact time of the last offer (longest ago first), then the mentor id: a total order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

IDLE_DAYS_CAP = 14
NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Candidate:
    """A mentor as the ranking sees them: profile, load and track record."""

    mentor_id: int
    languages: frozenset[str]
    topics: frozenset[str]  # FAQ topics and finer tags
    region: str | None = None
    capacity: int = 1
    open_referrals: int = 0
    last_offered_at: dt.datetime | None = None
    offers_answered: int = 0  # accepted + declined + expired (not withdrawn or blocked)
    offers_accepted: int = 0
    fit_ratings: tuple[int, ...] = ()
    approved: bool = True  # approved and not paused or removed
    unreachable: bool = False


@dataclass(frozen=True)
class Request:
    """What the founder asked for, and whom this referral was already offered to."""

    topic: str
    language: str
    region: str | None = None
    need_tags: frozenset[str] = frozenset()
    already_offered: frozenset[int] = field(default_factory=frozenset)


def covers(candidate: Candidate, topic: str, tag_topics: Mapping[str, str]) -> bool:
    """The mentor lists the topic, or a finer tag that belongs to it."""
    return topic in candidate.topics or any(
        tag_topics.get(tag) == topic for tag in candidate.topics
    )


def is_eligible(candidate: Candidate, request: Request, tag_topics: Mapping[str, str]) -> bool:
    """Every hard condition for receiving this offer."""
    return (
        candidate.approved
        and not candidate.unreachable
        and candidate.open_referrals < candidate.capacity
        and request.language in candidate.languages
        and candidate.mentor_id not in request.already_offered
        and covers(candidate, request.topic, tag_topics)
    )


def topic_fit(candidate: Candidate, request: Request) -> int:
    """How closely the mentor's skills match what the founder wrote."""
    return 2 * len(request.need_tags & candidate.topics) + (request.topic in candidate.topics)


def acceptance_rate(candidate: Candidate) -> float:
    """Accepted offers over answered ones, with one imaginary yes and one no (Laplace)."""
    return (candidate.offers_accepted + 1) / (candidate.offers_answered + 2)


def fit_score(candidate: Candidate) -> float:
    """Mean fit rating, with one imaginary middle rating (3) so one bad score is not fatal."""
    return (sum(candidate.fit_ratings) + 3) / (len(candidate.fit_ratings) + 1)


def _sort_key(candidate: Candidate, request: Request, now: dt.datetime) -> tuple[object, ...]:
    last = candidate.last_offered_at or NEVER
    idle_days = IDLE_DAYS_CAP if last is NEVER else min((now - last).days, IDLE_DAYS_CAP)
    same_region = request.region is not None and candidate.region == request.region
    return (
        -topic_fit(candidate, request),
        -same_region,
        candidate.open_referrals,
        -idle_days,
        -round(acceptance_rate(candidate), 1),
        -round(fit_score(candidate), 1),
        last,
        candidate.mentor_id,
    )


def rank_mentors(
    request: Request,
    candidates: Iterable[Candidate],
    tag_topics: Mapping[str, str],
    now: dt.datetime,
) -> list[Candidate]:
    """The eligible mentors, best first; the same input always gives the same order."""
    eligible = [c for c in candidates if is_eligible(c, request, tag_topics)]
    return sorted(eligible, key=lambda c: _sort_key(c, request, now))
