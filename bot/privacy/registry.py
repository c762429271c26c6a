"""Every place personal data is kept, listed once: how to export it and how to erase it.

A feature that stores something about a person adds an entry here (and a test that /mydata
shows it and /forget removes it). ``erase`` is None for records kept on purpose; ``kept``
then says why, in words shown to the user.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import N_
from bot.privacy import sources

Exporter = Callable[[AsyncSession, int], Awaitable[Any]]
Eraser = Callable[[AsyncSession, int], Awaitable[int]]


@dataclass(frozen=True)
class PersonalData:
    """One kind of personal data: its name in the export, its exporter and its eraser."""

    name: str
    export: Exporter
    erase: Eraser | None
    kept: str | None = None  # untranslated reason, when ``erase`` is None


REGISTRY: tuple[PersonalData, ...] = (
    PersonalData("conversation_state", sources.export_state, sources.erase_state),
    PersonalData("referrals_as_founder", sources.export_founder_referrals, sources.erase_founder),
    PersonalData("mentor_profile", sources.export_mentor, sources.erase_mentor),
    PersonalData("offers_as_mentor", sources.export_mentor_offers, sources.erase_nothing),
    PersonalData("recent_questions", sources.export_question_texts, sources.erase_question_texts),
    PersonalData("identities", sources.export_identities, sources.erase_identities),
    PersonalData("user", sources.export_user, sources.erase_user),
    PersonalData(
        "admin_records",
        sources.export_admin_records,
        None,
        kept=N_("Records of actions you took as an admin are kept, so the co-op can review them."),
    ),
)

# Every table is either covered above or known to hold nothing that identifies a person; a
# test fails when a new table appears in neither list, so nobody forgets to decide.
COVERED_TABLES = frozenset(
    {
        "users",
        "identities",
        "conversation_states",
        "referrals",
        "referral_offers",
        "mentors",
        "admins",
        "audit_log",
        "faq_revisions",
        "question_log",  # the words of the last day's questions (``pending_owner``)
    }
)
NOT_PERSONAL_TABLES = frozenset(
    {
        "processed_updates",  # event ids only
        "job_leases",  # instance names only
        "unanswered_questions",  # no user id or name; deleted after RETENTION_DAYS
        "answer_feedback",  # votes without user id
        "faq_topics",
        "faq_entries",
        "faq_version",
    }
)
