"""Every model module, imported so the metadata (and Alembic) sees all tables."""

from bot.db.models.conversation import ConversationState
from bot.db.models.operations import JobLease, ProcessedUpdate
from bot.db.models.users import User

__all__ = ["ConversationState", "JobLease", "ProcessedUpdate", "User"]
