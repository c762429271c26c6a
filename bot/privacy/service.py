"""Export everything stored about a person, or erase it, across every registered table."""

from __future__ import annotations

import json
from typing import Any

from bot.db.base import utcnow
from bot.db.engine import Database
from bot.privacy.records import plain
from bot.privacy.registry import REGISTRY
from bot.privacy.winddown import wind_down_referrals
from bot.services import Services


async def export_personal_data(database: Database, user_id: int) -> dict[str, Any]:
    """Everything the registry knows about ``user_id``, one key per kind of data."""
    async with database.sessions() as session:
        data = {entry.name: await entry.export(session, user_id) for entry in REGISTRY}
    return {"user_id": user_id, "exported_at": plain(utcnow()), "data": data}


def export_as_json(export: dict[str, Any]) -> bytes:
    """The export as readable UTF-8 JSON (Thai stays Thai)."""
    return json.dumps(export, ensure_ascii=False, indent=2, default=str).encode()


async def erase_personal_data(database: Database, user_id: int) -> dict[str, int]:
    """Erase (or anonymise) everything erasable, in one transaction; counts by kind."""
    counts: dict[str, int] = {}
    async with database.sessions.begin() as session:
        for entry in REGISTRY:
            if entry.erase is not None:
                counts[entry.name] = await entry.erase(session, user_id)
    return counts


async def forget_person(services: Services, user_id: int) -> dict[str, int]:
    """/forget: end the person's referrals properly, then erase what is stored about them."""
    await wind_down_referrals(services, user_id)
    return await erase_personal_data(services.database, user_id)


def kept_reasons() -> list[str]:
    """Untranslated reasons for the records /forget keeps."""
    return [entry.kept for entry in REGISTRY if entry.erase is None and entry.kept]
