"""Mentors joining, editing their profile, pausing, and admins approving or removing them."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.accounts import ACCOUNT_EXAMPLE, account_label, parse_account
from bot.db.models.mentors import (
    Mentor,
    MentorStatus,
    OfferOutcome,
    Referral,
    ReferralOffer,
    ReferralStatus,
)
from bot.db.repositories.identities import ensure_user_in
from bot.mentors.base import ServiceBase
from bot.mentors.matching import offer_next
from bot.mentors.notices import ADMINS, MentorPending, MentorStatusChanged, Notice, OfferClosed
from bot.mentors.registry import (
    apply_profile,
    mentor_by_user,
    open_referral_counts,
    profile_problems,
)
from bot.mentors.views import ImportSummary, MentorProfile, MentorView, StatusChange

# the mentors file names each mentor by an account written as in ADMIN_IDS (``account``);
# files written before other messengers name a Telegram user id under the legacy key
ACCOUNT_KEY = "account"
LEGACY_ID_KEY = "telegram_id"
IMPORT_FIELDS = frozenset(
    {ACCOUNT_KEY, LEGACY_ID_KEY, "name", "username", "languages", "topics", "region",
     "capacity", "bio", "status"}
)  # fmt: skip

S = MentorStatus
# action → (statuses it applies to, the status it sets)
STATUS_ACTIONS: dict[str, tuple[tuple[MentorStatus, ...], MentorStatus]] = {
    "approve": ((S.PENDING, S.REJECTED, S.PAUSED, S.REMOVED), S.APPROVED),
    "reject": ((S.PENDING,), S.REJECTED),
    "pause": ((S.APPROVED,), S.PAUSED),
    "resume": ((S.PAUSED,), S.APPROVED),
    "remove": ((S.PENDING, S.APPROVED, S.PAUSED, S.REJECTED), S.REMOVED),
}
TOLD_MENTOR = (S.APPROVED, S.REJECTED, S.REMOVED)  # status changes the mentor hears about


class Roster(ServiceBase):
    """The mentor registry's use cases."""

    async def mentor_for_user(self, user_id: int) -> MentorView | None:
        """The user's mentor record, if they registered."""
        async with self.database.sessions() as session:
            mentor = await mentor_by_user(session, user_id)
            if mentor is None:
                return None
            load = await open_referral_counts(session, [mentor.id])
            return MentorView.of(mentor, load.get(mentor.id, 0))

    async def get_mentor(self, mentor_id: int) -> MentorView | None:
        async with self.database.sessions() as session:
            mentor = await session.get(Mentor, mentor_id)
            return MentorView.of(mentor) if mentor else None

    async def list_mentors(self, status: str | None = None) -> list[MentorView]:
        """Mentors (of one status, or all), oldest first, with their open referrals."""
        async with self.database.sessions() as session:
            query = select(Mentor).order_by(Mentor.id)
            if status is not None:
                query = query.where(Mentor.status == status)
            mentors = list(await session.scalars(query))
            load = await open_referral_counts(session, [m.id for m in mentors])
            return [MentorView.of(m, load.get(m.id, 0)) for m in mentors]

    async def register(
        self, user_id: int, profile: MentorProfile, source: str
    ) -> tuple[MentorView | None, list[str]]:
        """A new (or returning) mentor, pending review; admins are asked to approve.
        ``source`` is the channel they registered on."""
        problems = profile_problems(profile, self.taxonomy)
        if problems:
            return None, problems
        now = self.clock()
        async with self.database.sessions.begin() as session:
            mentor = await mentor_by_user(session, user_id)
            if mentor is not None and mentor.status not in (S.REJECTED, S.REMOVED):
                return MentorView.of(mentor), ["already registered"]
            if mentor is None:
                mentor = Mentor(user_id=user_id, source=source)
                session.add(mentor)
            apply_profile(mentor, profile)
            mentor.status, mentor.status_changed_at = S.PENDING, now
            mentor.unreachable = False
            mentor.contact_consent_at = now
            await session.flush()
            view = MentorView.of(mentor)
        language = profile.languages[0]
        await self._deliver(
            [
                MentorPending(
                    recipient=ADMINS,
                    language="",
                    mentor_id=view.id,
                    name=view.display_name,
                    username=view.username,
                    languages=view.languages,
                    topics=view.topics,
                    region=view.region,
                    capacity=view.capacity,
                    bio=view.bios.get(language, ""),
                )
            ]
        )
        return view, []

    async def update_profile(
        self, user_id: int, profile: MentorProfile
    ) -> tuple[MentorView | None, list[str]]:
        """The mentor edits their profile (waiting referrals it now fits reach them with the
        next sweep, after this answer)."""
        problems = profile_problems(profile, self.taxonomy)
        if problems:
            return None, problems
        async with self.database.sessions.begin() as session:
            mentor = await mentor_by_user(session, user_id)
            if mentor is None:
                return None, ["not a mentor"]
            apply_profile(mentor, profile)
            await session.flush()
            view = MentorView.of(mentor)
        return view, []

    async def set_own_status(self, user_id: int, action: str) -> StatusChange:
        """``/pause`` and ``/resume`` by the mentor themself (resuming also marks them
        reachable again; waiting referrals reach them with the next sweep)."""
        async with self.database.sessions.begin() as session:
            mentor = await mentor_by_user(session, user_id)
            if mentor is None:
                return StatusChange(None, None, changed=False)
            if action == "resume":
                mentor.unreachable = False
            mentor_id = mentor.id
        return await self._change_status(mentor_id, action, by_admin=False)

    async def approve(self, mentor_id: int) -> StatusChange:
        """Admin: let the mentor receive offers; waiting referrals that fit are offered."""
        return await self._change_status(mentor_id, "approve")

    async def reject(self, mentor_id: int) -> StatusChange:
        """Admin: turn down a pending registration."""
        return await self._change_status(mentor_id, "reject")

    async def pause(self, mentor_id: int) -> StatusChange:
        """Admin: no new offers for now (pending offers stay until answered or expired)."""
        return await self._change_status(mentor_id, "pause")

    async def resume(self, mentor_id: int) -> StatusChange:
        """Admin: offers again after a pause."""
        return await self._change_status(mentor_id, "resume")

    async def remove(self, mentor_id: int) -> StatusChange:
        """Admin: no more offers; their pending offers move on to other mentors."""
        return await self._change_status(mentor_id, "remove")

    async def _change_status(
        self, mentor_id: int, action: str, *, by_admin: bool = True
    ) -> StatusChange:
        allowed, target = STATUS_ACTIONS[action]
        now = self.clock()

        async def change(session: AsyncSession) -> tuple[StatusChange, list[Notice]]:
            mentor = await session.get(Mentor, mentor_id)
            if mentor is None:
                return StatusChange(None, None, changed=False), []
            previous = mentor.status
            if previous not in allowed:
                return StatusChange(MentorView.of(mentor), previous, changed=False), []
            mentor.status, mentor.status_changed_at = target, now
            notices = await self._withdraw_offers(session, mentor) if target == S.REMOVED else []
            if by_admin and target in TOLD_MENTOR and mentor.user_id is not None:
                language = await self._language_of(session, mentor.user_id, mentor.languages[0])
                notices.insert(0, MentorStatusChanged(mentor.user_id, language, target))
            await session.flush()
            return StatusChange(MentorView.of(mentor), previous, changed=True), notices

        result, notices = await self._transition(change)
        await self._deliver(notices)
        if result.changed and by_admin and target == S.APPROVED:
            return dataclasses.replace(result, offered_referrals=await self.offer_waiting())
        return result

    async def _withdraw_offers(self, session: AsyncSession, mentor: Mentor) -> list[Notice]:
        """Withdraw a removed mentor's pending offers and offer those referrals onwards."""
        now = self.clock()
        notices: list[Notice] = []
        offers = await session.scalars(
            select(ReferralOffer).where(
                ReferralOffer.mentor_id == mentor.id,
                ReferralOffer.outcome == OfferOutcome.PENDING,
            )
        )
        for offer in list(offers):
            offer.outcome, offer.answered_at = OfferOutcome.WITHDRAWN, now
            referral = await session.get(Referral, offer.referral_id)
            if mentor.user_id is not None and referral is not None:
                language = await self._language_of(session, mentor.user_id, mentor.languages[0])
                notices.append(OfferClosed(mentor.user_id, language, referral.topic, False))
            if referral is not None and referral.status == ReferralStatus.OFFERED:
                notices += await offer_next(self, session, referral, now)
        return notices

    async def import_mentors(self, records: Sequence[Any]) -> ImportSummary:
        """Add or update mentors from an admin's file: all valid, in one transaction, or
        nothing at all."""
        parsed: list[tuple[tuple[str, str], MentorProfile, MentorStatus]] = []
        problems: list[str] = []
        seen: dict[tuple[str, str], int] = {}  # account → the record that named it first
        for index, record in enumerate(records, 1):
            entry, entry_problems = self._parse_import(record)
            problems += [f"mentor {index}: {p}" for p in entry_problems]
            if entry is not None:
                first = seen.setdefault(entry[0], index)
                if first != index:
                    label = account_label(*entry[0])
                    twice = f"{ACCOUNT_KEY} {label} appears twice (also mentor {first})"
                    problems.append(f"mentor {index}: {twice}")
                parsed.append(entry)
        if problems or not parsed:
            return ImportSummary(problems=tuple(problems or ["no mentors in the file"]))
        added = updated = 0
        now = self.clock()
        async with self.database.sessions.begin() as session:
            for (channel, external_id), profile, status in parsed:
                user_id = await ensure_user_in(session, channel, external_id, profile.languages[0])
                mentor = await mentor_by_user(session, user_id)
                if mentor is None:
                    mentor = Mentor(user_id=user_id, source="import")
                    session.add(mentor)
                    added += 1
                else:
                    updated += 1
                apply_profile(mentor, profile)
                if mentor.status != status:
                    mentor.status, mentor.status_changed_at = status, now
                mentor.contact_consent_at = mentor.contact_consent_at or now
        return ImportSummary(added=added, updated=updated)

    def _parse_import(
        self, record: Any
    ) -> tuple[tuple[tuple[str, str], MentorProfile, MentorStatus] | None, list[str]]:
        if not isinstance(record, Mapping):
            return None, ["not a mapping"]
        unknown = set(record) - IMPORT_FIELDS
        problems = [f"unknown fields {sorted(unknown)}"] if unknown else []
        account, account_problem = import_account(record)
        if account_problem:
            problems.append(account_problem)
        status = str(record.get("status", S.APPROVED))
        if status not in (S.APPROVED, S.PENDING, S.PAUSED):
            problems.append("status: approved, pending or paused")
        bios = record.get("bio") or {}
        capacity = record.get("capacity", 2)
        if not isinstance(bios, Mapping) or not isinstance(capacity, int):
            return None, [*problems, "bio: a mapping of language to text; capacity: a number"]
        username = str(record.get("username") or "").lstrip("@") or None
        profile = MentorProfile(
            display_name=str(record.get("name") or ""),
            languages=tuple(str(x) for x in record.get("languages") or ()),
            topics=tuple(str(x) for x in record.get("topics") or ()),
            region=str(record["region"]) if record.get("region") else None,
            capacity=capacity,
            bios={str(k): str(v) for k, v in bios.items()},
            username=username,
        )
        problems += profile_problems(profile, self.taxonomy)
        if problems or account is None:
            return None, problems
        return (account, profile, MentorStatus(status)), []


def import_account(record: Mapping[Any, Any]) -> tuple[tuple[str, str] | None, str | None]:
    """The ``(channel, external_id)`` a mentors-file record names, or the problem: exactly one
    of ``account`` (read like ``ADMIN_IDS``) or the legacy ``telegram_id`` (a bare number)."""
    expected = f"expected like {ACCOUNT_EXAMPLE}"
    if ACCOUNT_KEY in record and LEGACY_ID_KEY in record:
        return (
            None,
            f"{ACCOUNT_KEY}: give it alone, without the legacy {LEGACY_ID_KEY}; {expected}",
        )
    if LEGACY_ID_KEY in record:
        legacy = record[LEGACY_ID_KEY]
        account = (
            parse_account(str(legacy))
            if isinstance(legacy, int) and not isinstance(legacy, bool) and legacy > 0
            else None
        )
        if account is None:
            return (
                None,
                f"{LEGACY_ID_KEY} (legacy): a positive number; or {ACCOUNT_KEY}, {expected}",
            )
        return account, None
    if ACCOUNT_KEY not in record:
        return None, f"{ACCOUNT_KEY}: missing; {expected}"
    raw = record[ACCOUNT_KEY]
    readable = isinstance(raw, (int, str)) and not isinstance(raw, bool)
    account = parse_account(str(raw)) if readable else None
    if account is None:
        return None, f"{ACCOUNT_KEY}: {shown(raw)} is not an account; {expected}"
    return account, None


def shown(value: object, limit: int = 40) -> str:
    """A value from the file as a problem line quotes it (never a whole paragraph)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
