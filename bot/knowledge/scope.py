"""What the bot does not cover, as example questions the matcher can recognise and decline.

Some questions sit next to the FAQ's topics without being about them: signing up as a rider
for a commercial delivery app shares words with the rider-owned co-op entry, a savings
co-op's yearly dividend shares words with how co-ops share surplus. Plain thresholds answer
those with the neighbouring entry. Described here as groups of examples, they compete with the
entries in the index, and a question that is closest to one of them falls back instead.

The same file lists the words that make a question one about co-ops, so a question the bot
cannot answer is told apart: a gap in the FAQ (about co-ops) or outside what it covers.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.lexicon import DEFAULT_LEXICON_DIR, read_trusted_yaml
from bot.knowledge.model import FaqEntry
from bot.knowledge.text import normalize
from bot.languages import LANGUAGES

DEFAULT_SCOPE_FILE = DEFAULT_LEXICON_DIR / "out_of_scope.yaml"
ROW_PREFIX = "!"  # marks an out-of-scope group among the matcher's rows; entry ids can't


class ScopeError(ValueError):
    """Raised when the out-of-scope file is malformed; the message names file and group."""


@dataclass(frozen=True)
class OutOfScopeGroup:
    """One kind of question the bot declines, with examples in each language."""

    name: str
    examples: dict[str, tuple[str, ...]]

    def as_entry(self) -> FaqEntry:
        """The group as an answerless entry, so the matcher indexes it like the others."""
        return FaqEntry(
            id=ROW_PREFIX + self.name,
            topic="",
            questions=self.examples,
            answers={},
            keywords={},
            sources=(),
            related=(),
            action=None,
            reviewed=datetime.date.min,
        )


def parse_out_of_scope(data: Any, where: str) -> tuple[OutOfScopeGroup, ...]:
    """Read ``{groups: {name: {th: [...], en: [...]}}}``, refusing anything else whole."""
    groups = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(groups, dict):
        raise ScopeError(f"{where}: expected a mapping under 'groups'")
    parsed: list[OutOfScopeGroup] = []
    for name, examples in groups.items():
        if not isinstance(examples, dict) or not examples:
            raise ScopeError(f"{where}: group '{name}': expected examples per language")
        unknown = sorted(set(map(str, examples)) - set(LANGUAGES))
        if unknown:
            raise ScopeError(f"{where}: group '{name}': unknown languages {unknown}")
        by_language: dict[str, tuple[str, ...]] = {}
        for language, texts in examples.items():
            if not isinstance(texts, list) or not all(
                isinstance(text, str) and text.strip() for text in texts
            ):
                raise ScopeError(
                    f"{where}: group '{name}', {language}: expected a list of example questions"
                )
            by_language[str(language)] = tuple(texts)
        parsed.append(OutOfScopeGroup(str(name), by_language))
    return tuple(parsed)


def parse_coop_words(data: Any, where: str) -> tuple[str, ...]:
    """Read ``{coop_words: {th: [...], en: [...]}}`` as one tuple of normalised words."""
    section = data.get("coop_words", {}) if isinstance(data, dict) else {}
    if not isinstance(section, dict) or not all(
        isinstance(words, list) and all(isinstance(word, str) and word.strip() for word in words)
        for words in section.values()
    ):
        raise ScopeError(f"{where}: 'coop_words': expected a list of words per language")
    return tuple(normalize(word) for words in section.values() for word in words)


def _read(path: Path) -> Any:
    try:
        return read_trusted_yaml(path)
    except yaml.YAMLError as error:
        raise ScopeError(f"{path.name}: not valid YAML ({error})") from error


@functools.lru_cache(maxsize=4)
def load_out_of_scope(path: Path = DEFAULT_SCOPE_FILE) -> tuple[OutOfScopeGroup, ...]:
    """Read the out-of-scope examples once; a missing file means no groups."""
    if not path.exists():
        return ()
    return parse_out_of_scope(_read(path), path.name)


@functools.lru_cache(maxsize=4)
def load_coop_words(path: Path = DEFAULT_SCOPE_FILE) -> tuple[str, ...]:
    """Read the co-op words once; a missing file means none."""
    if not path.exists():
        return ()
    return parse_coop_words(_read(path), path.name)


def mentions_coops(question: str, words: tuple[str, ...] | None = None) -> bool:
    """Whether a question is about co-ops at all: one the FAQ can't answer is then a gap in
    it, worth a mentor's time, rather than something outside what the bot covers."""
    text = normalize(question)
    return any(word in text for word in (load_coop_words() if words is None else words))
