"""The composition root: the one place that wires settings, storage, services and routes."""

from __future__ import annotations

import importlib
import logging

from bot.conversation.engine import Conversation
from bot.conversation.router import Router
from bot.db.engine import create_database
from bot.db.migrate import upgrade_database
from bot.services import Services
from bot.settings import Settings

log = logging.getLogger(__name__)

# Feature modules, each exposing ``router``; the first one's fallbacks answer unknown input.
ROUTER_MODULES: tuple[str, ...] = ("bot.conversation.basics",)


def build_router() -> Router:
    """Merge every feature module's routes into one table."""
    merged = Router()
    for name in ROUTER_MODULES:
        merged.include(importlib.import_module(name).router)
    return merged


async def start_services(settings: Settings, *, migrate: bool = True) -> Services:
    """Connect storage, apply migrations and build the domain services."""
    database = create_database(settings.database_url)
    if migrate:
        await upgrade_database(database)
    return Services(settings=settings, database=database)


async def stop_services(services: Services) -> None:
    """Close what ``start_services`` opened."""
    await services.database.dispose()


async def start_conversation(settings: Settings) -> Conversation:
    """Services plus routes: what every adapter runs on."""
    services = await start_services(settings)
    return Conversation(services, build_router())
