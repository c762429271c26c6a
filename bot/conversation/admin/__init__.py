"""The admin tools, as a feature module: FAQ editing, files, history, the admin team (and the
inbox, mentors and statistics views). ``bot.app`` starts the admin domain services."""

from __future__ import annotations

from bot.conversation.admin import entries, faq, files, inbox, mentors, stats, team
from bot.conversation.router import Router

router = Router()
for module in (faq, entries, files, inbox, mentors, stats, team):
    router.include(module.router)

__all__ = ["router"]
