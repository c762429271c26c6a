"""Leases on periodic jobs, so that of several instances one runs each job per interval."""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.db.base import utcnow
from bot.db.engine import Database
from bot.db.models import JobLease
from bot.jobs import JobClaim, PeriodicJob


def instance_name() -> str:
    """A name unique to this process, readable in the lease table (host, pid, random part)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


async def claim_lease(database: Database, name: str, holder: str, seconds: float) -> bool:
    """Take the lease on job ``name`` for ``seconds`` if it is free, expired or already ours."""
    now = utcnow()
    expires = now + dt.timedelta(seconds=seconds)
    async with database.sessions.begin() as session:
        renewed = await session.execute(
            update(JobLease)
            .where(
                JobLease.name == name,
                or_(JobLease.expires_at <= now, JobLease.holder == holder),
            )
            .values(holder=holder, expires_at=expires)
        )
        if renewed.rowcount:  # type: ignore[attr-defined]
            return True
        dialect = sqlite if database.is_sqlite else postgresql
        inserted = await session.execute(
            dialect.insert(JobLease)
            .values(name=name, holder=holder, expires_at=expires)
            .on_conflict_do_nothing(index_elements=["name"])
            .returning(JobLease.name)
        )
        return inserted.scalar_one_or_none() is not None


def lease_claim(database: Database) -> JobClaim:
    """The ``JobRunner`` claim for this process: a lease as long as the job's interval."""
    holder = instance_name()

    async def claim(job: PeriodicJob[Any]) -> bool:
        return await claim_lease(database, job.name, holder, job.interval)

    return claim
