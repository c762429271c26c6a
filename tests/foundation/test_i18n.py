"""Translations: both catalogs really load, are complete and keep placeholders and tags."""

from __future__ import annotations

import datetime as dt

from bot.cli.i18n import extract_messages, problems
from bot.i18n import _, format_date, translations, use_language


def test_thai_catalog_really_loads() -> None:
    catalog = translations("th")
    assert type(catalog).__name__ == "GNUTranslations"
    with use_language("th"):
        assert _("Choose Thai or English") == "เลือกภาษาไทยหรืออังกฤษ"
    with use_language("en"):
        assert _("Choose Thai or English") == "Choose Thai or English"


def test_every_message_in_the_code_is_translated() -> None:
    assert len(extract_messages()) > 10
    assert problems("th") == []
    assert problems("en") == []


def test_thai_dates_use_the_buddhist_era() -> None:
    day = dt.date(2025, 6, 1)
    assert format_date(day, "th").endswith("2568")
    assert format_date(day, "en") == "1 Jun 2025"


async def test_concurrent_tasks_keep_their_own_language() -> None:
    import asyncio

    async def speak(language: str) -> str:
        with use_language(language):
            await asyncio.sleep(0.01)
            return _("Choose Thai or English")

    thai, english = await asyncio.gather(speak("th"), speak("en"))
    assert thai == "เลือกภาษาไทยหรืออังกฤษ"
    assert english == "Choose Thai or English"
