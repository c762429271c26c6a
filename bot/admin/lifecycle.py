"""Start-up of the admin tools: seed and load the live FAQ, load the admin team, and run the
reload loop that keeps every instance's FAQ current.

The reload runs on every instance (each holds its own index), so it is not a leased
``PeriodicJob`` (those run on one instance per interval) but a task of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

from bot.admin.editing import FaqEditor
from bot.admin.live import LiveFaq
from bot.admin.team import AdminTeam
from bot.db.engine import Database
from bot.knowledge.service import FaqService
from bot.settings import Settings

log = logging.getLogger(__name__)
RELOAD_INTERVAL_SECONDS = 2.0
RELOAD_JOB_NAME = "faq_reload_job"


@dataclass
class AdminTools:
    """The admin domain services, held as ``Services.admin``."""

    team: AdminTeam
    live: LiveFaq
    editor: FaqEditor
    reload_task: asyncio.Task[None] | None = field(default=None, repr=False)

    async def reload(self) -> None:
        """Pick up FAQ and admin changes made through any instance (or the command line)."""
        await self.team.refresh()
        await self.live.refresh()

    def start_reloading(self, interval: float = RELOAD_INTERVAL_SECONDS) -> None:
        self.reload_task = asyncio.create_task(
            _reload_forever(self, interval), name=RELOAD_JOB_NAME
        )

    async def stop(self) -> None:
        """Stop the reload loop."""
        task, self.reload_task = self.reload_task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _reload_forever(tools: AdminTools, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await tools.reload()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s failed; it will run again", RELOAD_JOB_NAME)


async def start_admin_tools(database: Database, settings: Settings, faq: FaqService) -> AdminTools:
    """Seed the FAQ on first start, serve it from the database, start the reload loop.

    Takes the started FAQ service: what it loaded from the files seeds an empty database,
    and is only re-indexed if the database holds something else."""
    team = AdminTeam(database, settings.admin_ids, settings.default_language)
    await team.refresh()
    live = LiveFaq(database, faq.replace, published=faq.knowledge)
    await live.seed_if_empty(faq.knowledge)
    faq.source = live.knowledge  # a reload reads the database, not the files
    await live.refresh(force=True)
    tools = AdminTools(team, live, FaqEditor(database, live.refresh))
    tools.start_reloading()
    return tools
