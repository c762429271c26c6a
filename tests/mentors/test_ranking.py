"""The ranking is a pure function: who is eligible, and in which order, for one referral."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.mentors.ranking import Candidate, Request, rank_mentors

NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
TAGS = {"registration": "legal", "bylaws": "governance"}
REQUEST = Request(topic="legal", language="en")


def mentor(mentor_id: int, **fields: object) -> Candidate:
    base = Candidate(
        mentor_id=mentor_id,
        languages=frozenset({"en"}),
        topics=frozenset({"legal"}),
        capacity=3,
    )
    return dataclasses.replace(base, **fields)


def ranked_ids(request: Request, *candidates: Candidate) -> list[int]:
    return [c.mentor_id for c in rank_mentors(request, candidates, TAGS, NOW)]


def test_only_eligible_mentors_are_ranked() -> None:
    assert ranked_ids(
        REQUEST,
        mentor(1),
        mentor(2, approved=False),  # pending, paused or removed
        mentor(3, unreachable=True),
        mentor(4, open_referrals=3),  # at capacity
        mentor(5, languages=frozenset({"th"})),
        mentor(6, topics=frozenset({"funding"})),
        mentor(7, topics=frozenset({"registration"})),  # a tag of the topic covers it
        mentor(8, topics=frozenset({"bylaws"})),  # a tag of another topic does not
    ) == [1, 7]


def test_a_mentor_already_offered_this_referral_is_never_asked_again() -> None:
    request = dataclasses.replace(REQUEST, already_offered=frozenset({1}))
    assert ranked_ids(request, mentor(1), mentor(2)) == [2]


def test_topic_fit_comes_first_then_region() -> None:
    request = dataclasses.replace(
        REQUEST, region="north", need_tags=frozenset({"registration", "delivery"})
    )
    exact = mentor(1, topics=frozenset({"legal", "registration", "delivery"}))
    nearby = mentor(2, region="north")
    generalist = mentor(3)
    tag_only = mentor(4, topics=frozenset({"registration"}), region="north")
    assert ranked_ids(request, generalist, nearby, exact, tag_only) == [1, 4, 2, 3]


def test_load_spreads_fewest_open_referrals_then_longest_idle() -> None:
    busy = mentor(1, open_referrals=2)
    asked_today = mentor(2, last_offered_at=NOW - dt.timedelta(hours=1))
    asked_last_week = mentor(3, last_offered_at=NOW - dt.timedelta(days=7))
    never_asked = mentor(4)
    assert ranked_ids(REQUEST, busy, asked_today, asked_last_week, never_asked) == [4, 3, 2, 1]


def test_on_an_even_load_acceptance_rate_then_fit_ratings_decide() -> None:
    same_day = NOW - dt.timedelta(hours=2)
    declines_often = mentor(1, offers_answered=10, offers_accepted=1, last_offered_at=same_day)
    accepts_often = mentor(2, offers_answered=10, offers_accepted=9, last_offered_at=same_day)
    well_rated = mentor(
        3, offers_answered=10, offers_accepted=9, fit_ratings=(5, 5, 4), last_offered_at=same_day
    )
    assert ranked_ids(REQUEST, declines_often, accepts_often, well_rated) == [3, 2, 1]


def test_a_new_mentor_is_not_ranked_below_one_who_always_declines() -> None:
    newcomer = mentor(1)
    decliner = mentor(2, offers_answered=6, offers_accepted=0)
    assert ranked_ids(REQUEST, decliner, newcomer) == [1, 2]


def test_ties_break_deterministically_by_last_offer_then_id() -> None:
    earlier = mentor(7, last_offered_at=NOW - dt.timedelta(hours=5))
    later = mentor(3, last_offered_at=NOW - dt.timedelta(hours=4))
    twins = [mentor(9), mentor(5), mentor(6)]
    assert ranked_ids(REQUEST, later, earlier) == [7, 3]
    assert ranked_ids(REQUEST, *twins) == [5, 6, 9]
    assert ranked_ids(REQUEST, *reversed(twins)) == [5, 6, 9]
