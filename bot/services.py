"""The long-lived objects a conversation needs, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.channels import Channels
from bot.db.engine import Database
from bot.messaging import Messenger
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.admin.lifecycle import AdminTools
    from bot.jobs import JobRunner
    from bot.knowledge.service import FaqService
    from bot.mentors.service import MentorService


@dataclass
class Services:
    """Settings, storage and domain services, all started (``bot.app`` builds them in order).
    ``messenger`` reaches users other than the one being answered, by internal user id,
    through the channel of one of their identities that an adapter registered in ``channels``."""

    settings: Settings
    database: Database
    faq: FaqService  # the live FAQ and its matcher
    admin: AdminTools  # live FAQ editing and the admin team
    mentors: MentorService  # mentor registry and referrals
    jobs: JobRunner[Services]
    channels: Channels  # each adapter registers its own
    messenger: Messenger

    async def is_admin(self, user_id: int) -> bool:
        """Admins named in ``ADMIN_IDS`` and those added at run time (stored in the database)."""
        return self.admin.team.is_admin(user_id)

    async def admin_recipients(self) -> list[int]:
        """Everyone to notify about admin matters (new mentors, referrals nobody can take)."""
        return self.admin.team.recipients()
