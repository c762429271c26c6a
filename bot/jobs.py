"""Periodic background jobs, independent of the transport (Telegram, webhook or console).

Jobs keep their own state in the database, so a restart loses nothing; a job that needs to
run on one instance only claims its work there (e.g. ``SELECT … FOR UPDATE SKIP LOCKED``).
The runner is generic in what jobs are given (the bot's ``Services``), so it need not know it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)
Context = TypeVar("Context")


@dataclass(frozen=True)
class PeriodicJob(Generic[Context]):
    """``run(services)`` every ``interval`` seconds; names end in ``_job`` and are unique."""

    name: str
    interval: float
    run: Callable[[Context], Awaitable[None]]


JobClaim = Callable[[PeriodicJob[Any]], Awaitable[bool]]


class JobRunner(Generic[Context]):
    """Runs each job in its own task; one failing run is logged and the job goes on.

    With ``claim`` (a lease in the shared database), a scheduled run happens only if this
    instance wins the claim, so of several instances one runs each job per interval."""

    def __init__(self, jobs: list[PeriodicJob[Context]], claim: JobClaim | None = None) -> None:
        self.jobs = jobs
        self.claim = claim
        self._services: Context | None = None
        self._tasks: dict[str, asyncio.Task[None]] = {}

    @property
    def services(self) -> Context:
        if self._services is None:
            raise RuntimeError("the jobs have not started")
        return self._services

    def start(self, services: Context) -> None:
        """Schedule every job; built before ``Services`` (which holds the runner), started
        with them."""
        self._services = services
        for job in self.jobs:
            if job.name in self._tasks:
                raise ValueError(f"job {job.name} registered twice")
            self._tasks[job.name] = asyncio.create_task(self._loop(job), name=job.name)

    async def run_once(self, name: str) -> None:
        """Run one job now (tests and admin commands use this instead of waiting)."""
        job = next(j for j in self.jobs if j.name == name)
        await job.run(self.services)

    async def run_if_claimed(self, name: str) -> bool:
        """A scheduled run: only if this instance wins the job's claim; True if it ran."""
        job = next(j for j in self.jobs if j.name == name)
        if self.claim is not None and not await self.claim(job):
            return False
        await job.run(self.services)
        return True

    async def _loop(self, job: PeriodicJob[Context]) -> None:
        while True:
            await asyncio.sleep(job.interval)
            try:
                await self.run_if_claimed(job.name)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("job %s failed; it will run again", job.name)

    async def stop(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
