"""The composition root: the one place that wires settings, storage, services and features.

A feature module may expose any of: ``router`` (its commands, buttons and flows),
``async def start(services)`` / ``async def stop(services)`` (build and close its domain
services), and ``JOBS`` (a sequence of ``PeriodicJob``).
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from bot.conversation.engine import Conversation
from bot.conversation.router import Router
from bot.db.engine import create_database
from bot.db.migrate import upgrade_database
from bot.db.outage import is_database_outage
from bot.jobs import JobRunner, PeriodicJob
from bot.operations.leases import lease_claim
from bot.services import Services
from bot.settings import Settings, StartupError

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
    try:
        database = create_database(settings.database_url)
        if migrate:
            await upgrade_database(database)
    except Exception as error:
        if not (isinstance(error, OSError | DBAPIError) or is_database_outage(error)):
            raise
        raise StartupError(database_problem(settings.database_url, error)) from None
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


def database_problem(url: str, error: BaseException) -> str:
    """One line naming DATABASE_URL and where it points (never the password)."""
    parsed = make_url(url)
    cause = getattr(error, "orig", None) or error
    reason = getattr(cause, "strerror", None) or str(cause).splitlines()[0] or type(cause).__name__
    if parsed.get_backend_name() == "sqlite":
        return f"DATABASE_URL: cannot open the SQLite database {parsed.database}: {reason}"
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    return (
        f"DATABASE_URL: cannot reach PostgreSQL at {where} (database {parsed.database}): {reason}"
    )


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
