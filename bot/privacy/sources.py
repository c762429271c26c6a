"""Export and erase functions for each table holding personal data (listed in ``registry``).

Erasing keeps anonymous history where it serves the co-op (referral statistics): the
personal columns are cleared, the rest stays. Each function takes the open session (one
transaction for the whole /forget) and the user's internal id.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import utcnow
from bot.db.models import ConversationState, Identity, User
from bot.db.models.admin import AuditEntry, FaqRevision, StoredAdmin
from bot.db.models.mentors import (
    ACTIVE_STATUSES,
    ONGOING_STATUSES,
    Mentor,
    MentorStatus,
    OfferOutcome,
    Referral,
    ReferralOffer,
    ReferralStatus,
)
from bot.db.repositories import usage
from bot.privacy.records import as_record, plain

FORGOTTEN = "forgotten"  # closed_by / outcome of a referral whose founder used /forget
OFFER_SUMMARY = ("offered_at", "deadline_at", "outcome", "answered_at", "decline_reason")
MENTOR_SIDE_OF_REFERRAL = (
    "id", "topic", "language", "status", "created_at", "accepted_at", "connected_at",
    "closed_at", "closed_by", "outcome", "mentor_fit",
)  # fmt: skip


async def export_user(session: AsyncSession, user_id: int) -> dict[str, Any] | None:
    """The user's row: id, language, first and last seen."""
    user = await session.get(User, user_id)
    return as_record(user) if user is not None else None


async def erase_user(session: AsyncSession, user_id: int) -> int:
    """Delete the user's row (their conversation state goes with it)."""
    result = await session.execute(delete(User).where(User.id == user_id))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def export_identities(session: AsyncSession, user_id: int) -> list[dict[str, Any]]:
    """Every messenger account of the user: which messenger, its id there, since when."""
    rows = await session.scalars(
        select(Identity).where(Identity.user_id == user_id).order_by(Identity.created_at)
    )
    return [as_record(row, only=("channel", "external_id", "created_at")) for row in rows]


async def erase_identities(session: AsyncSession, user_id: int) -> int:
    """Delete every messenger account of the user (the bot no longer knows who they are)."""
    result = await session.execute(delete(Identity).where(Identity.user_id == user_id))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def export_state(session: AsyncSession, user_id: int) -> dict[str, Any] | None:
    """The flow the user is in, with what they typed so far."""
    state = await session.get(ConversationState, user_id)
    return as_record(state) if state is not None else None


async def erase_state(session: AsyncSession, user_id: int) -> int:
    """Delete the flow in progress."""
    result = await session.execute(
        delete(ConversationState).where(ConversationState.user_id == user_id)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def _offers(session: AsyncSession, **where: int) -> list[ReferralOffer]:
    statement = select(ReferralOffer).filter_by(**where).order_by(ReferralOffer.id)
    return list((await session.scalars(statement)).all())


async def export_founder_referrals(session: AsyncSession, user_id: int) -> list[dict[str, Any]]:
    """Referrals the user asked for, with what became of each offer (mentors not named)."""
    referrals = await session.scalars(
        select(Referral).where(Referral.founder_id == user_id).order_by(Referral.id)
    )
    exported = []
    for referral in referrals:
        record = as_record(referral)
        record.pop("version", None)
        offers = await _offers(session, referral_id=referral.id)
        record["offers"] = [as_record(offer, only=OFFER_SUMMARY) for offer in offers]
        exported.append(record)
    return exported


async def erase_founder(session: AsyncSession, user_id: int) -> int:
    """Clear the founder's name, username and need; a referral still in progress ends."""
    referrals = list(
        (await session.scalars(select(Referral).where(Referral.founder_id == user_id))).all()
    )
    now = utcnow()
    for referral in referrals:
        if referral.status in ACTIVE_STATUSES or referral.status in ONGOING_STATUSES:
            for offer in await _offers(session, referral_id=referral.id):
                if offer.outcome == OfferOutcome.PENDING:
                    offer.outcome, offer.answered_at = OfferOutcome.WITHDRAWN, now
            if referral.status in ACTIVE_STATUSES:
                referral.status = ReferralStatus.CANCELLED
            else:
                referral.status = ReferralStatus.CLOSED
                referral.outcome = FORGOTTEN
            referral.closed_at, referral.closed_by = now, "founder"
            referral.relay = False
        referral.founder_id = None
        referral.founder_name = None
        referral.founder_username = None
        referral.need = None
        referral.updated_at = now
    await session.flush()
    return len(referrals)


async def _mentor(session: AsyncSession, user_id: int) -> Mentor | None:
    return await session.scalar(select(Mentor).where(Mentor.user_id == user_id))


async def export_mentor(session: AsyncSession, user_id: int) -> dict[str, Any] | None:
    """The user's mentor profile, if they registered as one."""
    mentor = await _mentor(session, user_id)
    return as_record(mentor) if mentor is not None else None


async def export_mentor_offers(session: AsyncSession, user_id: int) -> list[dict[str, Any]]:
    """Offers the user received as a mentor (the founders' own details are theirs, not here)."""
    mentor = await _mentor(session, user_id)
    if mentor is None:
        return []
    exported = []
    for offer in await _offers(session, mentor_id=mentor.id):
        record = as_record(offer, only=OFFER_SUMMARY)
        referral = await session.get(Referral, offer.referral_id)
        if referral is not None:
            record["referral"] = as_record(referral, only=MENTOR_SIDE_OF_REFERRAL)
        exported.append(record)
    return exported


async def erase_mentor(session: AsyncSession, user_id: int) -> int:
    """Anonymise the mentor profile and stop offers to them: a pending offer falls due now,
    so the referral moves on to the next mentor; offer history stays, without a name."""
    mentor = await _mentor(session, user_id)
    if mentor is None:
        return 0
    now = utcnow()
    for offer in await _offers(session, mentor_id=mentor.id):
        if offer.outcome == OfferOutcome.PENDING:
            offer.deadline_at = now
            offer.remind_at = now
            offer.reminded_at = offer.reminded_at or now  # no reminder to a forgotten mentor
    mentor.user_id = None
    mentor.display_name = ""
    mentor.username = None
    mentor.bio_th = None
    mentor.bio_en = None
    mentor.region = None
    mentor.contact_consent_at = None
    mentor.status = MentorStatus.REMOVED
    mentor.status_changed_at = now
    mentor.unreachable = True
    await session.flush()
    return 1


async def erase_nothing(session: AsyncSession, user_id: int) -> int:
    """For data that becomes anonymous when another entry is erased."""
    return 0


async def export_admin_records(session: AsyncSession, user_id: int) -> dict[str, Any] | None:
    """Admin rights given at run time, admin actions and FAQ changes made by the user."""
    admin = await session.get(StoredAdmin, user_id)
    actions = await session.scalars(
        select(AuditEntry).where(AuditEntry.actor_id == user_id).order_by(AuditEntry.id)
    )
    revisions = await session.scalars(
        select(FaqRevision).where(FaqRevision.actor_id == user_id).order_by(FaqRevision.id)
    )
    records = {
        "admin": as_record(admin) if admin is not None else None,
        "actions": [as_record(entry) for entry in actions],
        "faq_changes": [
            {key: plain(getattr(r, key)) for key in ("id", "entry_id", "at", "action", "note")}
            for r in revisions
        ],
    }
    return records if records["admin"] or records["actions"] or records["faq_changes"] else None


async def export_question_texts(session: AsyncSession, user_id: int) -> list[dict[str, Any]]:
    """The words of questions asked in the last day, kept for a 👎 or "None of these"."""
    return [
        {"asked_at": plain(record.asked_at), "text": record.pending_text}
        for record in await usage.pending_texts_of(session, user_id)
    ]


async def erase_question_texts(session: AsyncSession, user_id: int) -> int:
    """Delete those words now rather than when the day is over."""
    return await usage.forget_pending_texts_of(session, user_id)
