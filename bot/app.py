"""The composition root: the one place that builds settings, storage, services and features,
in order, and hands adapters a started ``Conversation``.

A feature module contributes routes (``router``: its commands, buttons and flows) and
periodic jobs (``JOBS``, a sequence of ``PeriodicJob``); it builds no services of its own.
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from bot.admin.lifecycle import start_admin_tools
from bot.channels import Channels
from bot.conversation.answer_view import prepare_review_dates
from bot.conversation.engine import Conversation
from bot.conversation.mentoring.notices import MessengerNotifier
from bot.conversation.router import Router
from bot.db.engine import Database, create_database
from bot.db.migrate import upgrade_database
from bot.db.outage import is_database_outage
from bot.jobs import JobRunner, PeriodicJob
from bot.knowledge.service import (
    FaqService,
    KnowledgeSource,
    load_default_knowledge,
    matcher_config,
)
from bot.mentors.directory import load_directory
from bot.mentors.service import MentorService
from bot.mentors.taxonomy import load_taxonomy
from bot.messaging import RoutingMessenger
from bot.operations.leases import lease_claim
from bot.services import Services
from bot.settings import Settings, StartupError

log = logging.getLogger(__name__)

FEATURES: tuple[str, ...] = (
    "bot.conversation.basics",
    "bot.conversation.faq",
    "bot.conversation.admin",
    "bot.conversation.privacy",
    "bot.conversation.mentoring",
    "bot.operations.housekeeping",
)


def feature_modules() -> list[ModuleType]:
    """The feature modules, imported."""
    return [importlib.import_module(name) for name in FEATURES]


def build_router() -> Router:
    """Merge every feature module's routes into one table."""
    merged = Router()
    for module in feature_modules():
        if hasattr(module, "router"):
            merged.include(module.router)
    return merged


def feature_jobs() -> list[PeriodicJob[Services]]:
    """Every feature module's periodic jobs."""
    return [job for module in feature_modules() for job in getattr(module, "JOBS", ())]


async def open_database(settings: Settings, *, migrate: bool = True) -> Database:
    """Connect storage and apply migrations; an unreachable database stops start-up with one
    line naming DATABASE_URL."""
    try:
        database = create_database(settings.database_url)
        if migrate:
            await upgrade_database(database)
    except Exception as error:
        if not (isinstance(error, OSError | DBAPIError) or is_database_outage(error)):
            raise
        raise StartupError(database_problem(settings.database_url, error)) from None
    return database


async def start_services(
    settings: Settings,
    *,
    migrate: bool = True,
    knowledge_source: KnowledgeSource = load_default_knowledge,
    channels: Channels | None = None,
) -> Services:
    """Build every long-lived object in order: storage, the FAQ (from ``knowledge_source``,
    then served from the database by the admin tools), the mentor service, the jobs.
    Adapters then register their channels (a test may share ``channels`` between two)."""
    database = await open_database(settings, migrate=migrate)
    try:
        faq = FaqService(matcher_config(settings), source=knowledge_source)
        await faq.start()
        prepare_review_dates(faq.knowledge)
        admin = await start_admin_tools(database, settings, faq)
    except BaseException:
        await database.dispose()
        raise

    async def admin_recipients() -> list[int]:
        return admin.team.recipients()

    taxonomy = load_taxonomy()
    mentors = MentorService(
        database,
        settings,
        taxonomy,
        MessengerNotifier(lambda: services),
        admin_recipients,
        directory=load_directory(t.key for t in taxonomy.faq_topics),
    )
    jobs: JobRunner[Services] = JobRunner(feature_jobs(), claim=lease_claim(database))
    channels = Channels() if channels is None else channels
    services = Services(
        settings=settings,
        database=database,
        faq=faq,
        admin=admin,
        mentors=mentors,
        jobs=jobs,
        channels=channels,
        messenger=RoutingMessenger(database, channels),
    )
    jobs.start(services)
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
    """Stop in the reverse order: jobs, the FAQ reload loop, then storage."""
    await services.jobs.stop()
    await services.admin.stop()
    await services.database.dispose()


async def start_conversation(
    settings: Settings, *, knowledge_source: KnowledgeSource = load_default_knowledge
) -> Conversation:
    """Started services plus routes: what every adapter runs on."""
    services = await start_services(settings, knowledge_source=knowledge_source)
    return Conversation(services, build_router())


async def stop_conversation(conversation: Conversation) -> None:
    await stop_services(conversation.services)
