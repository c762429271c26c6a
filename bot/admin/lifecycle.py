"""Start-up of the admin tools: seed and load the live FAQ, attach the admin team, and
run the reload loop that keeps every instance's FAQ current.

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
from bot.knowledge.loader import KnowledgeError, load_knowledge
from bot.knowledge.model import KnowledgeBase
from bot.services import Services

log = logging.getLogger(__name__)
RELOAD_INTERVAL_SECONDS = 2.0
RELOAD_JOB_NAME = "faq_reload_job"


@dataclass
class AdminTools:
    """The admin domain services, attached to ``Services.admin``."""

    team: AdminTeam
    live: LiveFaq
    editor: FaqEditor
    reload_task: asyncio.Task[None] | None = field(default=None, repr=False)


async def reload_faq_job(services: Services) -> None:
    """Pick up FAQ and admin changes made through any instance (or the command line)."""
    tools = services.admin
    if tools is None:
        return
    await tools.team.refresh()
    await tools.live.refresh()


async def _reload_forever(services: Services, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await reload_faq_job(services)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s failed; it will run again", RELOAD_JOB_NAME)


async def _files_or_nothing() -> KnowledgeBase:
    """``knowledge/`` (without the FAQ feature), or nothing to seed if it has problems."""
    try:
        return await asyncio.to_thread(load_knowledge)
    except KnowledgeError as error:
        log.error("knowledge/ has problems, so nothing is seeded from it:\n%s", error)
        return KnowledgeBase(topics=(), entries=())


async def start(services: Services) -> None:
    """Seed the FAQ on first start, serve it from the database, start the reload loop.

    Runs after the FAQ feature: what it loaded from the files seeds an empty database, and
    is only re-indexed if the database holds something else.
    """
    team = AdminTeam(services.database, services.settings.admin_ids)
    await team.refresh()
    faq = services.faq
    files = faq.knowledge if faq is not None else await _files_or_nothing()

    async def publish(kb: KnowledgeBase) -> None:
        if services.faq is not None:
            await services.faq.replace(kb)

    live = LiveFaq(services.database, publish, published=files if faq is not None else None)
    await live.seed_if_empty(files)
    if faq is not None:
        faq.source = live.knowledge  # a reload reads the database, not the files
    await live.refresh(force=True)
    tools = AdminTools(team, live, FaqEditor(services.database, live.refresh))
    services.admin = tools
    tools.reload_task = asyncio.create_task(
        _reload_forever(services, RELOAD_INTERVAL_SECONDS), name=RELOAD_JOB_NAME
    )


async def stop(services: Services) -> None:
    """Stop the reload loop."""
    tools = services.admin
    if tools is None or tools.reload_task is None:
        return
    tools.reload_task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await tools.reload_task
    tools.reload_task = None
