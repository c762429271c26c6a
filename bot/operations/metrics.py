"""Prometheus metrics of one bot process, in their own registry (several bots fit one process).

The adapters count updates, handling time and errors; figures that live in the database
(referrals by status, FAQ decisions) are read at scrape time, so they agree across instances
and domain code never imports prometheus.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import func, select

from bot.db.base import Base
from bot.db.engine import Database
from bot.operations.updates import DuplicateEventError

log = logging.getLogger(__name__)
HANDLING_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = CONTENT_TYPE_LATEST


@dataclass(frozen=True)
class StoredCount:
    """A gauge computed at scrape time: rows of ``table`` counted by ``column``."""

    metric: str
    description: str
    table: str
    column: str
    label: str


STORED_COUNTS: tuple[StoredCount, ...] = (
    StoredCount(
        "coopbot_faq_decisions",
        "Questions logged, by the FAQ matcher's decision (answer, suggest, fallback)",
        "question_log",
        "decision",
        "decision",
    ),
    StoredCount("coopbot_referrals", "Referrals by status", "referrals", "status", "status"),
)


class BotMetrics:
    """Counters and histograms the adapters update, plus gauges refreshed from the database."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "coopbot_updates_handled",
            "Updates handled (Telegram and LINE), by kind",
            ["kind"],
            registry=self.registry,
        )
        self.duplicates = Counter(
            "coopbot_updates_duplicate",
            "Updates skipped because another delivery of them was already handled",
            registry=self.registry,
        )
        self.handling = Histogram(
            "coopbot_update_handling_seconds",
            "Time to handle one update, reply included",
            buckets=HANDLING_BUCKETS,
            registry=self.registry,
        )
        self.errors = Counter(
            "coopbot_errors",
            "Errors while handling updates, by where they happened",
            ["where"],
            registry=self.registry,
        )
        self.stored = {
            count.metric: Gauge(
                count.metric, count.description, [count.label], registry=self.registry
            )
            for count in STORED_COUNTS
        }

    @contextmanager
    def observe(self, kind: str) -> Iterator[None]:
        """Count one update of ``kind`` and time its handling, failed or not; a second
        delivery of an update is counted apart."""
        started = time.perf_counter()
        try:
            yield
        except DuplicateEventError:
            self.duplicates.inc()
            raise
        except BaseException:
            self._handled(kind, started)
            raise
        self._handled(kind, started)

    def _handled(self, kind: str, started: float) -> None:
        self.handling.observe(time.perf_counter() - started)
        self.updates.labels(kind=kind).inc()

    async def refresh(self, database: Database) -> None:
        """Recompute the gauges that come from the database (tables that exist only)."""
        for count in STORED_COUNTS:
            table = Base.metadata.tables.get(count.table)
            gauge = self.stored[count.metric]
            if table is None or count.column not in table.c:
                continue
            column = table.c[count.column]
            try:
                async with database.sessions() as session:
                    rows = (
                        await session.execute(select(column, func.count()).group_by(column))
                    ).all()
            except Exception as error:
                log.warning("metric %s not refreshed: %s", count.metric, type(error).__name__)
                continue
            gauge.clear()
            for value, number in rows:
                gauge.labels(str(getattr(value, "value", value))).set(number)

    def render(self) -> bytes:
        """The Prometheus text exposition of every metric."""
        return generate_latest(self.registry)
