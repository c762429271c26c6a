"""The mentors feature: founders asking for a mentor, mentors registering and answering
offers, the relay, mentor tools and the directory, plus the referral jobs.

Listed once in ``FEATURE_MODULES``; builds ``services.mentors`` at start.
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
from bot.conversation.mentoring.notices import MessengerNotifier
from bot.conversation.router import Router
from bot.jobs import PeriodicJob
from bot.mentors.directory import load_directory
from bot.mentors.service import MentorService
from bot.mentors.taxonomy import load_taxonomy
from bot.services import Services

router = Router()
for _module in (request, registration, review, offers, relay, tools, directory):
    router.include(_module.router)


async def start(services: Services) -> None:
    """Load the taxonomy and directory, and attach the mentor service."""
    taxonomy = load_taxonomy()

    async def admin_recipients() -> list[int]:
        return await services.admin_recipients()

    services.mentors = MentorService(
        services.database,
        services.settings,
        taxonomy,
        MessengerNotifier(services),
        admin_recipients,
        directory=load_directory(t.key for t in taxonomy.faq_topics),
    )


async def stop(services: Services) -> None:
    services.mentors = None


async def referral_deadlines_job(services: Services) -> None:
    """Reminders at half the deadline, expiries and re-offers, waiting referrals."""
    if services.mentors is not None:
        await services.mentors.sweep_deadlines()


async def referral_followups_job(services: Services) -> None:
    """The fit question some days after a connection, and "did it help?" later."""
    if services.mentors is not None:
        await services.mentors.send_followups()


JOBS = (
    PeriodicJob("referral_deadlines_job", 30, referral_deadlines_job),
    PeriodicJob("referral_followups_job", 60, referral_followups_job),
)
