"""The ``/stats`` chart: questions per day, stacked by decision, as a PNG.

Rendered with matplotlib's Agg backend (no display) in a worker thread, so the event loop
keeps serving while it draws.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Mapping
from functools import cache
from typing import Any

from bot.admin.stats import DECISIONS, DailyCounts

COLOURS = {"answer": "#2e7d32", "suggest": "#f9a825", "fallback": "#c62828"}
THAI_FONTS = ("Noto Sans Thai", "Noto Sans Thai UI", "Sarabun", "TH Sarabun New", "Loma", "Garuda")


@cache
def thai_font() -> str | None:
    """A font with Thai letters: Noto Sans Thai from its Python package (a dependency), or
    one installed on the system (e.g. Debian's fonts-thai-tlwg); None if neither is there."""
    from matplotlib import font_manager

    _add_packaged_thai_font(font_manager.fontManager)
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in THAI_FONTS if name in installed), None)


def _add_packaged_thai_font(manager: Any) -> None:
    try:
        import fontpkg_noto_sans_thai as package  # type: ignore[import-untyped]
    except ImportError:
        return
    for path in sorted((package.ROOT / "files").glob("*.ttf")):
        manager.addfont(str(path))


def render_daily_chart(data: DailyCounts, labels: Mapping[str, str], title: str) -> bytes:
    """PNG bytes of a stacked bar chart; ``labels`` names each decision (translated)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    font = thai_font()
    if font is not None:
        matplotlib.rcParams["font.family"] = [font, "DejaVu Sans"]
    figure = Figure(figsize=(8, 3.6), dpi=100)
    axes = figure.subplots()
    positions = list(range(len(data.days)))
    bottom = [0] * len(positions)
    for decision in DECISIONS:
        values = data.counts.get(decision, (0,) * len(positions))
        axes.bar(
            positions,
            values,
            bottom=bottom,
            color=COLOURS[decision],
            label=labels.get(decision, decision),
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    step = max(1, len(positions) // 10)
    axes.set_xticks(positions[::step], [day.strftime("%d/%m") for day in data.days[::step]])
    axes.set_title(title)
    axes.legend(loc="upper left", fontsize="small")
    axes.spines[["top", "right"]].set_visible(False)
    from matplotlib.ticker import MaxNLocator  # loaded with matplotlib, off the start-up path

    locator = axes.yaxis.get_major_locator()
    if isinstance(locator, MaxNLocator):  # the default AutoLocator is one
        locator.set_params(integer=True)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


async def daily_chart_png(data: DailyCounts, labels: Mapping[str, str], title: str) -> bytes:
    """Render the chart without blocking the event loop."""
    return await asyncio.to_thread(render_daily_chart, data, labels, title)
