"""The composition root: the one place that wires settings, storage, services and features.

A feature module may expose any of: ``router`` (its commands, buttons and flows),
``async def start(services)`` / ``async def stop(services)`` (build and close its domain
services), and ``JOBS`` (a sequence of ``PeriodicJob``).
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType

from bot.conversation.engine import Conversation
from bot.conversation.router import Router
from bot.db.engine import create_database
from bot.db.migrate import upgrade_database
from bot.jobs import JobRunner, PeriodicJob
from bot.operations.leases import lease_claim
from bot.services import Services
from bot.settings import Settings

log = logging.getLogger(__name__)

FEATURE_MODULES: tuple[str, ...] = (
    "bot.conversation.basics",
    "bot.conversation.faq",
    "bot.conversation.admin",  # after faq: serves the FAQ from the database
    "bot.conversation.privacy",
    "bot.conversation.mentoring",
    "bot.operations.housekeeping",
)


def feature_modules() -> list[ModuleType]:
    """The feature modules, imported."""
    return [importlib.import_module(name) for name in FEATURE_MODULES]


def build_router() -> Router:
    """Merge every feature module's routes into one table."""
    merged = Router()
    for module in feature_modules():
        if hasattr(module, "router"):
            merged.include(module.router)
    return merged


async def start_services(settings: Settings, *, migrate: bool = True) -> Services:
    """Connect storage, apply migrations, start every feature's services and jobs."""
    database = create_database(settings.database_url)
    if migrate:
        await upgrade_database(database)
    services = Services(settings=settings, database=database)
    jobs: list[PeriodicJob] = []
    for module in feature_modules():
        start = getattr(module, "start", None)
        if start is not None:
            await start(services)
        jobs.extend(getattr(module, "JOBS", ()))
    services.jobs = JobRunner(services, jobs, claim=lease_claim(database))
    services.jobs.start()
    return services


async def stop_services(services: Services) -> None:
    """Stop jobs and features, then close storage."""
    if services.jobs is not None:
        await services.jobs.stop()
    for module in reversed(feature_modules()):
        stop = getattr(module, "stop", None)
        if stop is not None:
            await stop(services)
    await services.database.dispose()


async def start_conversation(settings: Settings) -> Conversation:
    """Services plus routes: what every adapter runs on."""
    services = await start_services(settings)
    return Conversation(services, build_router())
