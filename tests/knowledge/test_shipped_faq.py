"""The curated FAQ as founders read it on a phone: every entry answers in both languages with
enough ways of asking, cites a source, fits one screen, shows at most three sources, leads
with what is known (one "not confirmed" line at most, at the end) and marks every Thai year."""

from __future__ import annotations

import html
import re

import pytest

from bot.conversation.answer_view import SOURCES_SHOWN, answer_text
from bot.i18n import LANGUAGES, use_language
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import FaqEntry

MAX_VISIBLE_CHARS = 700  # about one phone screen of answer text
MIN_VARIANTS = 8
ROUND_2_IDS = (
    "coop-tax",
    "registration-cost-time",
    "local-coop-office",
    "digital-platform-law",
    "member-eligibility",
    "leaving-coop",
    "coop-development-fund",
    "thai-app-coops",
)
CAVEATS = {"en": re.compile(r"not confirmed", re.I), "th": re.compile("ยังไม่มีข้อมูลยืนยัน")}
# A four-digit year not preceded by its era (ค.ศ./พ.ศ.): a range's second year is exempt.
BARE_YEAR = re.compile(r"(?<![\d,.\-–/])(?<!ค\.ศ\. )(?<!พ\.ศ\. )((?:19|20|25)\d\d)(?![\d,])")
ENTRIES = load_knowledge().entries


def visible(text: str) -> str:
    """What the founder sees of some Telegram HTML."""
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def test_the_faq_has_the_48_spec_intents_including_the_round_2_ones() -> None:
    ids = {entry.id for entry in ENTRIES}
    assert len(ids) >= 48
    assert set(ROUND_2_IDS) <= ids


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.id)
def test_every_entry_has_eight_variants_per_language_and_a_source(entry: FaqEntry) -> None:
    for language in LANGUAGES:
        assert len(entry.questions[language]) >= MIN_VARIANTS, language
    assert entry.sources


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.id)
def test_every_answer_fits_a_phone_screen_with_at_most_three_sources(entry: FaqEntry) -> None:
    for language in LANGUAGES:
        assert len(visible(entry.answer(language))) <= MAX_VISIBLE_CHARS, language
        with use_language(language):
            rendered = answer_text(entry, language)
        sources_line = rendered.split("📚", 1)[1]
        assert sources_line.count("<a href=") == min(len(entry.sources), SOURCES_SHOWN)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.id)
def test_answers_lead_with_what_is_known_and_keep_one_caveat_at_the_end(entry: FaqEntry) -> None:
    for language in LANGUAGES:
        paragraphs = entry.answer(language).strip().split("\n\n")
        caveat = CAVEATS[language]
        assert not caveat.search(paragraphs[0].split("\n")[0]), language
        assert len(caveat.findall(entry.answer(language))) <= 1, language
        assert not any(caveat.search(p) for p in paragraphs[:-1]), language


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.id)
def test_every_year_in_a_thai_answer_says_its_era(entry: FaqEntry) -> None:
    assert BARE_YEAR.findall(entry.answer("th")) == []
