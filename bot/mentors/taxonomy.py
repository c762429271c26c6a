"""What mentors cover and where they are: FAQ topics, finer tags, sectors and regions as data."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.knowledge.loader import DEFAULT_KNOWLEDGE_DIR, TOPICS_FILE, parse_topics
from bot.knowledge.yamlfile import load_yaml
from bot.languages import LANGUAGES

TAGS_FILE = "mentor_tags.yaml"
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,19}$")


class TaxonomyError(ValueError):
    """``mentor_tags.yaml`` (or ``topics.yaml``) is malformed; the message says where."""


@dataclass(frozen=True)
class Label:
    """A topic, tag, sector or region: a short key and its names in both languages."""

    key: str
    names: Mapping[str, str]
    topic: str | None = None  # the FAQ topic a tag belongs to
    keywords: tuple[str, ...] = ()

    def name(self, language: str) -> str:
        """The name in ``language`` (English when missing)."""
        return self.names.get(language) or self.names.get("en") or self.key


@dataclass(frozen=True)
class Taxonomy:
    """Topics a founder can ask about, skills a mentor can offer, and regions."""

    topics: tuple[Label, ...]
    tags: tuple[Label, ...]  # finer tags (with a topic) then sectors (topic None)
    regions: tuple[Label, ...]
    faq_topics: tuple[Label, ...] = ()  # every topic of topics.yaml (the directory uses them)
    _by_key: dict[str, Label] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        everything = (*self.faq_topics, *self.topics, *self.tags, *self.regions)
        labels = {label.key: label for label in everything}
        object.__setattr__(self, "_by_key", labels)

    def label(self, key: str) -> Label | None:
        """The label with ``key``, if any."""
        return self._by_key.get(key)

    def name(self, key: str, language: str) -> str:
        """A key's display name (the key itself when unknown, e.g. a retired tag)."""
        label = self._by_key.get(key)
        return label.name(language) if label else key

    def is_topic(self, key: str) -> bool:
        return any(topic.key == key for topic in self.topics)

    def is_region(self, key: str) -> bool:
        return any(region.key == key for region in self.regions)

    def is_skill(self, key: str) -> bool:
        """A topic or tag a mentor may list."""
        return self.is_topic(key) or any(tag.key == key for tag in self.tags)

    @property
    def tag_topics(self) -> dict[str, str]:
        """Tag key → the FAQ topic it belongs to (sectors are left out)."""
        return {tag.key: tag.topic for tag in self.tags if tag.topic is not None}

    def tags_in(self, text: str) -> frozenset[str]:
        """Tags and sectors whose keywords appear in a founder's need."""
        folded = text.casefold()
        found = set()
        for tag in self.tags:
            for keyword in tag.keywords:
                if _mentions(folded, keyword.casefold()):
                    found.add(tag.key)
                    break
        return frozenset(found)


def _mentions(text: str, keyword: str) -> bool:
    """Latin keywords match whole words (``app`` not in ``happy``); Thai ones anywhere."""
    if keyword.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(keyword)}", text) is not None
    return keyword in text


def _names(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise TaxonomyError(f"{where}: not a mapping")
    names = {}
    for language in LANGUAGES:
        value = raw.get(language)
        if not isinstance(value, str) or not value.strip():
            raise TaxonomyError(f"{where}.{language}: missing name")
        names[language] = value.strip()
    return names


def _keywords(raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        raise TaxonomyError(f"{where}.keywords: not a mapping of language to a list")
    words: list[str] = []
    for language, values in raw.items():
        if language not in LANGUAGES or not isinstance(values, list):
            raise TaxonomyError(f"{where}.keywords.{language}: not a list of words")
        words.extend(str(value).strip() for value in values if str(value).strip())
    return tuple(words)


def _labels(raw: Any, section: str, topic_keys: Iterable[str] | None) -> tuple[Label, ...]:
    if not isinstance(raw, Mapping):
        raise TaxonomyError(f"{section}: missing or not a mapping")
    labels = []
    for key, value in raw.items():
        where = f"{section}.{key}"
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            raise TaxonomyError(f"{where}: not a lowercase key of at most 20 characters")
        topic = None
        if topic_keys is not None:
            topic = value.get("topic") if isinstance(value, Mapping) else None
            if not isinstance(topic, str) or topic not in topic_keys:
                raise TaxonomyError(f"{where}.topic: not one of {sorted(topic_keys)}")
        labels.append(
            Label(key, _names(value, where), topic, _keywords(value.get("keywords"), where))
        )
    return tuple(labels)


def parse_taxonomy(tags_document: Any, topics_document: Any) -> Taxonomy:
    """Validate ``mentor_tags.yaml`` against ``topics.yaml``."""
    faq_topics = {topic.key: topic for topic in parse_topics(topics_document)}
    if not isinstance(tags_document, Mapping):
        raise TaxonomyError(f"{TAGS_FILE}: not a mapping")
    keys = tags_document.get("topics")
    if not isinstance(keys, list) or not keys:
        raise TaxonomyError("topics: missing or not a list of topic keys")
    unknown = [key for key in keys if key not in faq_topics]
    if unknown:
        raise TaxonomyError(f"topics: not in {TOPICS_FILE}: {unknown}")
    topics = tuple(Label(key, dict(faq_topics[key].names)) for key in keys)
    tags = _labels(tags_document.get("tags"), "tags", keys)
    sectors = _labels(tags_document.get("sectors"), "sectors", None)
    regions = _labels(tags_document.get("regions"), "regions", None)
    all_keys = [label.key for label in (*topics, *tags, *sectors, *regions)]
    duplicates = sorted({key for key in all_keys if all_keys.count(key) > 1})
    if duplicates:
        raise TaxonomyError(f"keys used twice: {duplicates}")
    every_topic = tuple(Label(t.key, dict(t.names)) for t in faq_topics.values())
    return Taxonomy(topics=topics, tags=tags + sectors, regions=regions, faq_topics=every_topic)


def load_taxonomy(directory: Path = DEFAULT_KNOWLEDGE_DIR) -> Taxonomy:
    """Read ``topics.yaml`` and ``mentor_tags.yaml`` from the knowledge folder."""
    tags = load_yaml((directory / TAGS_FILE).read_text(encoding="utf-8"))
    topics = load_yaml((directory / TOPICS_FILE).read_text(encoding="utf-8"))
    return parse_taxonomy(tags, topics)
