"""The mentor service the rest of the bot holds as ``services.mentors``."""

from __future__ import annotations

from bot.mentors.lookups import ReferralLookups
from bot.mentors.roster import Roster
from bot.mentors.statistics import Statistics
from bot.mentors.sweeper import Sweeper


class MentorService(Roster, Sweeper, ReferralLookups, Statistics):
    """Registry, referrals, deadlines, follow-ups and statistics, in one place (see
    ``bot.mentors`` for the summary of what to call)."""
