"""The admin tools, as a feature module: FAQ editing, files, history, the admin team (and the
inbox, mentors and statistics views). ``start``/``stop`` run the admin domain services."""

from __future__ import annotations

from bot.admin.lifecycle import start, stop
from bot.conversation import (
    admin_entries,
    admin_faq,
    admin_files,
    admin_inbox,
    admin_mentors,
    admin_stats,
    admin_team,
)
from bot.conversation.router import Router

router = Router()
for module in (
    admin_faq,
    admin_entries,
    admin_files,
    admin_inbox,
    admin_mentors,
    admin_stats,
    admin_team,
):
    router.include(module.router)

__all__ = ["router", "start", "stop"]
