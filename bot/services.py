"""The long-lived objects a conversation needs, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.channels import Channels
from bot.db.engine import Database
from bot.messaging import Messenger, RoutingMessenger
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.admin.lifecycle import AdminTools
    from bot.jobs import JobRunner
    from bot.knowledge.service import FaqService
    from bot.mentors.service import MentorService


@dataclass
class Services:
    """Settings, storage and domain services; adapters register their channel at start."""

    settings: Settings
    database: Database
    channels: Channels = field(default_factory=Channels)  # each adapter registers its own
    messenger: Messenger = field(init=False)  # by internal user id, through ``channels``
    jobs: JobRunner | None = None
    faq: FaqService | None = None  # the live FAQ and its matcher, set by the FAQ feature
    admin: AdminTools | None = None  # live FAQ editing and the admin directory (admin tools)
    mentors: MentorService | None = None  # mentor registry and referrals (mentors feature)

    def __post_init__(self) -> None:
        self.messenger = RoutingMessenger(self.database, self.channels)

    async def is_admin(self, user_id: int) -> bool:
        """Admins named in ``ADMIN_IDS`` and those added at run time (stored in the database),
        by internal user id; nobody without the admin tools."""
        return self.admin is not None and self.admin.directory.is_admin(user_id)

    async def admin_recipients(self) -> list[int]:
        """Everyone to notify about admin matters (new mentors, referrals nobody can take)."""
        return self.admin.directory.recipients() if self.admin is not None else []
