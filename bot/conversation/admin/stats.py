"""``/stats``: how the bot is used over the last 7 and 30 days, with a chart of questions per
day by decision (a PNG)."""

from __future__ import annotations

import datetime as dt

from bot.admin.chart import daily_chart_png, thai_font
from bot.admin.stats import UsageFigures, daily_counts, usage_figures
from bot.conversation.admin.common import tools_of
from bot.conversation.markup import escape
from bot.conversation.mentoring.common import status_name
from bot.conversation.reply import Attachment, Reply, Response
from bot.conversation.router import Router
from bot.conversation.turn import Turn
from bot.db.base import utcnow
from bot.i18n import N_, _, format_number, use_language
from bot.mentors.statistics import ReferralStatistics

router = Router()
PERIODS = (7, 30)
CHART_DAYS = 30
DECISION_NAMES = {
    "answer": N_("answered"),
    "suggest": N_("suggestions"),
    "fallback": N_("no answer"),
}


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def _usage_lines(figures: UsageFigures) -> list[str]:
    languages = " · ".join(
        f"{name} {format_number(figures.by_language.get(code, 0))}"
        for code, name in (("th", _("Thai")), ("en", _("English")))
    )
    rates = " · ".join(
        f"{_(DECISION_NAMES[decision])} {_percent(figures.rate(decision))}"
        for decision in DECISION_NAMES
    )
    votes = figures.thumbs_up + figures.thumbs_down
    top = ", ".join(f"{escape(entry)} ({n})" for entry, n in figures.top_entries) or "–"
    return [
        "<b>" + _("Last {days} days").format(days=figures.days) + "</b>",
        _("Questions: {count} ({languages})").format(
            count=format_number(figures.questions), languages=languages
        ),
        rates,
        _("👍 rate: {rate} of {votes} votes").format(
            rate=_percent(figures.thumbs_up_rate), votes=votes
        ),
        _("Most asked: {entries}").format(entries=top),
    ]


def _mentoring_lines(days: int, figures: ReferralStatistics) -> list[str]:
    statuses = " · ".join(
        f"{status_name(status)} {count}"
        for status, count in sorted(figures.referrals_by_status.items())
    )
    hours = figures.median_hours_to_acceptance
    median = (
        "–" if hours is None else _("{hours} hours").format(hours=format_number(round(hours, 1)))
    )
    return [
        "<b>" + _("Mentor requests, last {days} days").format(days=days) + "</b>",
        _("By status: {statuses}").format(statuses=statuses or "–"),
        _("Median time until a mentor accepted: {time}").format(time=median),
        _("Active mentors: {count}").format(count=figures.active_mentors),
    ]


@router.command(
    "stats", N_("Usage statistics with a chart (admins)"), admin=True, private_only=True
)
async def show_stats(turn: Turn) -> Response:
    """Figures for 7 and 30 days, then the chart."""
    tools_of(turn)
    database, now = turn.services.database, utcnow()
    lines = ["📊 " + _("How the bot is used"), ""]
    for days in PERIODS:
        lines += [*_usage_lines(await usage_figures(database, days, now)), ""]
    mentors = turn.services.mentors
    for days in PERIODS:
        since = now - dt.timedelta(days=days)
        lines += [*_mentoring_lines(days, await mentors.statistics(since=since)), ""]
    chart_language = turn.language if turn.language == "en" or thai_font() else "en"
    with use_language(chart_language):
        labels = {decision: _(name) for decision, name in DECISION_NAMES.items()}
        title = _("Questions per day, last {days} days").format(days=CHART_DAYS)
    png = await daily_chart_png(await daily_counts(database, CHART_DAYS, now), labels, title)
    chart = Reply(
        _("Questions per day, last {days} days").format(days=CHART_DAYS),
        attachment=Attachment("questions-per-day.png", png, kind="photo"),
    )
    return Response.of(Reply("\n".join(lines).strip()), chart)
