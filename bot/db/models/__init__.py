"""Every model module, imported so the metadata (and Alembic) sees all tables."""

from bot.db.models.admin import (
    AuditEntry,
    FaqEntryRecord,
    FaqRevision,
    FaqTopicRecord,
    FaqVersion,
    StoredAdmin,
)
from bot.db.models.conversation import ConversationState
from bot.db.models.mentors import Mentor, Referral, ReferralOffer
from bot.db.models.operations import JobLease, ProcessedUpdate
from bot.db.models.usage import AnswerFeedback, QuestionLog, UnansweredQuestion
from bot.db.models.users import Identity, User

__all__ = [
    "AnswerFeedback",
    "AuditEntry",
    "ConversationState",
    "FaqEntryRecord",
    "FaqRevision",
    "FaqTopicRecord",
    "FaqVersion",
    "Identity",
    "JobLease",
    "Mentor",
    "ProcessedUpdate",
    "QuestionLog",
    "Referral",
    "ReferralOffer",
    "StoredAdmin",
    "UnansweredQuestion",
    "User",
]
