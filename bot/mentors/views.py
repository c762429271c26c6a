"""Plain, immutable values the mentor service takes and returns (never ORM objects)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from bot.db.models.mentors import Mentor, Referral

NAME_LENGTH = (2, 60)
BIO_LENGTH = (10, 600)
NEED_LENGTH = (10, 1000)
CAPACITY_RANGE = (1, 10)


class Answer(enum.Enum):
    """How a button press on a referral or offer went."""

    DONE = "done"
    NOT_YOURS = "not_yours"  # pressed by someone other than the person it was sent to
    ALREADY = "already"  # a second press: it was answered before
    EXPIRED = "expired"  # the offer ran out or the referral moved on
    UNKNOWN = "unknown"  # no such offer or referral


@dataclass(frozen=True)
class MentorProfile:
    """What a mentor tells about themself, from /become_mentor, /profile or an import file."""

    display_name: str
    languages: tuple[str, ...]
    topics: tuple[str, ...]
    region: str | None
    capacity: int
    bios: dict[str, str] = field(default_factory=dict)
    username: str | None = None


@dataclass(frozen=True)
class MentorView:
    """A mentor as admins and the mentor themself see them."""

    id: int
    user_id: int | None  # internal
    display_name: str
    username: str | None
    languages: tuple[str, ...]
    topics: tuple[str, ...]
    region: str | None
    capacity: int
    status: str
    unreachable: bool
    bios: dict[str, str]
    created_at: dt.datetime
    open_referrals: int = 0

    @classmethod
    def of(cls, mentor: Mentor, open_referrals: int = 0) -> MentorView:
        bios = {k: v for k, v in (("th", mentor.bio_th), ("en", mentor.bio_en)) if v}
        return cls(
            id=mentor.id,
            user_id=mentor.user_id,
            display_name=mentor.display_name,
            username=mentor.username,
            languages=tuple(mentor.languages),
            topics=tuple(mentor.topics),
            region=mentor.region,
            capacity=mentor.capacity,
            status=mentor.status,
            unreachable=mentor.unreachable,
            bios=bios,
            created_at=mentor.created_at,
            open_referrals=open_referrals,
        )


@dataclass(frozen=True)
class ReferralView:
    """A referral as one of its two sides sees it in /my_referrals."""

    id: int
    status: str
    topic: str
    language: str
    created_at: dt.datetime
    founder_name: str | None
    founder_username: str | None
    need: str | None
    relay: bool
    outcome: str | None
    role: str = "founder"  # whose view: "founder" or "mentor"
    pending_offer_id: int | None = None  # set for the mentor who holds the pending offer
    mentor_name: str | None = None

    @classmethod
    def of(
        cls,
        referral: Referral,
        role: str = "founder",
        pending_offer_id: int | None = None,
        mentor_name: str | None = None,
    ) -> ReferralView:
        return cls(
            id=referral.id,
            status=referral.status,
            topic=referral.topic,
            language=referral.language,
            created_at=referral.created_at,
            founder_name=referral.founder_name,
            founder_username=referral.founder_username,
            need=referral.need,
            relay=referral.relay,
            outcome=referral.outcome,
            role=role,
            pending_offer_id=pending_offer_id,
            mentor_name=mentor_name,
        )


@dataclass(frozen=True)
class StatusChange:
    """What an admin action did: ``changed`` False means the mentor was already there."""

    mentor: MentorView | None
    previous_status: str | None
    changed: bool
    offered_referrals: int = 0  # waiting referrals offered because of this change


@dataclass(frozen=True)
class Founder:
    """Who asks for a mentor: what they agreed to share with one mentor."""

    user_id: int
    first_name: str
    username: str | None


@dataclass(frozen=True)
class RelayPeer:
    """The other side of a relayed referral, and how the sender is named to them."""

    user_id: int
    sender_name: str
    language: str


@dataclass(frozen=True)
class ImportSummary:
    """The outcome of ``mentors import``: nothing is written when ``problems`` is not empty."""

    added: int = 0
    updated: int = 0
    problems: tuple[str, ...] = ()
