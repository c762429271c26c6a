"""Mentors, the founders' referrals and every offer made for them.

Personal data sits in clearly named columns so it can be exported or erased on its own
(``/mydata``, ``/forget``) while the anonymous referral history stays for statistics:
``Mentor.user_id/display_name/username/bio_th/bio_en`` and
``Referral.founder_id/founder_name/founder_username/need``.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, TimestampMixin, utcnow


class MentorStatus(enum.StrEnum):
    """Where a mentor stands; only ``approved`` mentors get offers."""

    PENDING = "pending"
    APPROVED = "approved"
    PAUSED = "paused"
    REJECTED = "rejected"
    REMOVED = "removed"


class ReferralStatus(enum.StrEnum):
    """The referral state machine (see the README's diagram)."""

    OPEN = "open"  # consented, no offer made yet
    OFFERED = "offered"  # one mentor has a pending offer
    WAITING = "waiting"  # nobody fits right now
    ACCEPTED = "accepted"  # a mentor accepted; contacts being handed over
    CONNECTED = "connected"  # both sides have each other's contact (or the relay)
    CLOSED = "closed"  # ended, with an outcome
    CANCELLED = "cancelled"  # the founder said no to sharing, or withdrew


ACTIVE_STATUSES = (ReferralStatus.OPEN, ReferralStatus.OFFERED, ReferralStatus.WAITING)
ONGOING_STATUSES = (ReferralStatus.ACCEPTED, ReferralStatus.CONNECTED)


class OfferOutcome(enum.StrEnum):
    """What became of one offer to one mentor."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    SUGGESTED = "suggested"  # declined, pointing to a colleague
    EXPIRED = "expired"
    BLOCKED = "blocked"  # the mentor could not be reached (blocked the bot)
    WITHDRAWN = "withdrawn"  # the founder withdrew or the mentor was removed


class Mentor(TimestampMixin, Base):
    """A volunteer who takes referrals on the topics and tags they listed."""

    __tablename__ = "mentors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )  # personal: the user who is this mentor (None once they used /forget)
    display_name: Mapped[str] = mapped_column(String(80))  # personal
    username: Mapped[str | None] = mapped_column(String(64))  # personal
    bio_th: Mapped[str | None] = mapped_column(Text)  # personal
    bio_en: Mapped[str | None] = mapped_column(Text)  # personal
    languages: Mapped[list[Any]] = mapped_column(default=list)
    topics: Mapped[list[Any]] = mapped_column(default=list)  # FAQ topics and finer tags
    region: Mapped[str | None] = mapped_column(String(20))
    capacity: Mapped[int] = mapped_column(default=2)
    status: Mapped[str] = mapped_column(String(12), default=MentorStatus.PENDING, index=True)
    unreachable: Mapped[bool] = mapped_column(default=False)
    contact_consent_at: Mapped[dt.datetime | None] = mapped_column()
    source: Mapped[str] = mapped_column(String(10))  # the channel they joined on, or "import"
    status_changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_offered_at: Mapped[dt.datetime | None] = mapped_column()

    def bio(self, language: str) -> str | None:
        """The bio in ``language``, else the other one."""
        bios = (self.bio_th, self.bio_en) if language == "th" else (self.bio_en, self.bio_th)
        return bios[0] or bios[1]


class Referral(Base):
    """A founder's request for a mentor; ``version`` makes every transition a conditional
    UPDATE, so two workers can never both move the same referral."""

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    founder_id: Mapped[int | None] = mapped_column(index=True)  # personal
    founder_name: Mapped[str | None] = mapped_column(String(80))  # personal
    founder_username: Mapped[str | None] = mapped_column(String(64))  # personal
    need: Mapped[str | None] = mapped_column(Text)  # personal
    topic: Mapped[str] = mapped_column(String(20))
    region: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(2))
    consent: Mapped[bool] = mapped_column(default=False)
    consented_at: Mapped[dt.datetime | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(12), index=True)
    mentor_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("mentors.id", ondelete="SET NULL"), index=True
    )
    relay: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    waiting_since: Mapped[dt.datetime | None] = mapped_column()
    accepted_at: Mapped[dt.datetime | None] = mapped_column()
    connected_at: Mapped[dt.datetime | None] = mapped_column()
    closed_at: Mapped[dt.datetime | None] = mapped_column()
    closed_by: Mapped[str | None] = mapped_column(String(10))
    outcome: Mapped[str | None] = mapped_column(String(20))
    founder_fit: Mapped[int | None] = mapped_column()  # 1-5, the founder's view of the pairing
    mentor_fit: Mapped[int | None] = mapped_column()  # 1-5, the mentor's view
    helped: Mapped[str | None] = mapped_column(String(8))  # yes / partly / no
    fit_asked_at: Mapped[dt.datetime | None] = mapped_column()
    helped_asked_at: Mapped[dt.datetime | None] = mapped_column()
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - read by SQLAlchemy


class ReferralOffer(Base):
    """One offer of a referral to one mentor: when, until when, and what came of it."""

    __tablename__ = "referral_offers"
    __table_args__ = (Index("ix_referral_offers_outcome_deadline", "outcome", "deadline_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    mentor_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("mentors.id", ondelete="CASCADE"), index=True
    )
    offered_at: Mapped[dt.datetime] = mapped_column()
    remind_at: Mapped[dt.datetime] = mapped_column()
    deadline_at: Mapped[dt.datetime] = mapped_column()
    reminded_at: Mapped[dt.datetime | None] = mapped_column()
    outcome: Mapped[str] = mapped_column(String(12), default=OfferOutcome.PENDING)
    answered_at: Mapped[dt.datetime | None] = mapped_column()
    decline_reason: Mapped[str | None] = mapped_column(String(20))
