"""The mentors feature: founders asking for a mentor, mentors registering and answering
offers, the relay, mentor tools and the directory, plus the referral jobs.

Listed once in ``FEATURES``; ``bot.app`` builds the mentor service itself.
"""

from __future__ import annotations

from bot.conversation.mentoring import (
    directory,
    offers,
    registration,
    relay,
    request,
    review,
    tools,
)
from bot.conversation.router import Router
from bot.jobs import PeriodicJob
from bot.services import Services

router = Router()
for _module in (request, registration, review, offers, relay, tools, directory):
    router.include(_module.router)


async def referral_deadlines_job(services: Services) -> None:
    """Reminders at half the deadline, expiries and re-offers, waiting referrals."""
    await services.mentors.sweep_deadlines()


async def referral_followups_job(services: Services) -> None:
    """The fit question some days after a connection, and "did it help?" later."""
    await services.mentors.send_followups()


JOBS = (
    PeriodicJob("referral_deadlines_job", 30, referral_deadlines_job),
    PeriodicJob("referral_followups_job", 60, referral_followups_job),
)
