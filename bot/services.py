"""The long-lived objects a conversation needs, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.channels import Channels
from bot.db.engine import Database
from bot.messaging import Messenger, NullMessenger
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.admin.lifecycle import AdminTools
    from bot.jobs import JobRunner
    from bot.knowledge.service import FaqService
    from bot.mentors.service import MentorService


@dataclass
class Services:
    """Settings, storage and domain services; adapters attach their messenger at start."""

    settings: Settings
    database: Database
    messenger: Messenger = field(default_factory=NullMessenger)
    channels: Channels = field(default_factory=Channels)  # each adapter registers its own
    jobs: JobRunner | None = None
    faq: FaqService | None = None  # the live FAQ and its matcher, set by the FAQ feature
    admin: AdminTools | None = None  # live FAQ editing and the admin team (admin tools)
    mentors: MentorService | None = None  # mentor registry and referrals (mentors feature)

    async def is_admin(self, user_id: int) -> bool:
        """Admins named in ``ADMIN_IDS`` and those added at run time (stored in the database)."""
        if self.admin is not None:
            return self.admin.team.is_admin(user_id)
        return user_id in self.settings.admin_ids

    async def admin_recipients(self) -> list[int]:
        """Everyone to notify about admin matters (new mentors, referrals nobody can take)."""
        if self.admin is not None:
            return self.admin.team.recipients()
        return sorted(self.settings.admin_ids)
