"""Periodic housekeeping: forget old update claims, apply the retention period.

Listed in ``bot.app.FEATURES`` for its ``JOBS``; the job runner's lease makes one instance
run each per interval.
"""

from __future__ import annotations

import logging

from bot.jobs import PeriodicJob
from bot.operations.updates import prune_processed_updates
from bot.privacy.retention import delete_old_unanswered
from bot.services import Services

log = logging.getLogger(__name__)
HOUR = 3600.0


async def prune_processed_updates_job(services: Services) -> None:
    """Update claims older than any redelivery are no longer needed."""
    removed = await prune_processed_updates(services.database)
    if removed:
        log.info("forgot %d old update claims", removed)


async def retention_job(services: Services) -> None:
    """Delete unanswered-question texts older than ``RETENTION_DAYS``."""
    days = services.settings.retention_days
    removed = await delete_old_unanswered(services.database, days)
    if removed:
        log.info("deleted %d unanswered questions older than %d days", removed, days)


JOBS = (
    PeriodicJob("prune_processed_updates_job", HOUR, prune_processed_updates_job),
    PeriodicJob("retention_job", 6 * HOUR, retention_job),
)
