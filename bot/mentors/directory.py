"""The directory of support organisations (``knowledge/organisations.yaml``) for /directory."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.loader import DEFAULT_KNOWLEDGE_DIR
from bot.knowledge.yamlfile import load_yaml
from bot.languages import LANGUAGES

log = logging.getLogger(__name__)
ORGANISATIONS_FILE = "organisations.yaml"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class DirectoryError(ValueError):
    """The organisations file is malformed; the message lists every problem."""


@dataclass(frozen=True)
class Organisation:
    """One real organisation that supports co-op founders."""

    id: str
    names: Mapping[str, str]
    descriptions: Mapping[str, str]
    topics: tuple[str, ...]
    contact: str
    source: str

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["en"]

    def description(self, language: str) -> str:
        return self.descriptions.get(language) or self.descriptions["en"]


@dataclass(frozen=True)
class Directory:
    """All organisations, in file order."""

    organisations: tuple[Organisation, ...] = ()

    def in_topic(self, topic: str) -> list[Organisation]:
        return [o for o in self.organisations if topic in o.topics]

    def topics(self, order: Iterable[str]) -> list[str]:
        """The topics (in ``order``) that have at least one organisation."""
        return [t for t in order if self.in_topic(t)]


def _bilingual(raw: Any, where: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        problems.append(f"{where}: a mapping with th and en")
        return {}
    values = {lang: str(raw.get(lang) or "").strip() for lang in LANGUAGES}
    problems += [f"{where}.{lang}: missing" for lang, value in values.items() if not value]
    return values


def parse_directory(data: Any, topic_keys: Iterable[str]) -> Directory:
    """Validate the parsed file: ids, names and descriptions in both languages, known topics,
    http(s) contact and source addresses."""
    known = set(topic_keys)
    entries = data.get("organisations") if isinstance(data, Mapping) else None
    if not isinstance(entries, list):
        raise DirectoryError(f"{ORGANISATIONS_FILE}: organisations: missing or not a list")
    problems: list[str] = []
    organisations: list[Organisation] = []
    seen: set[str] = set()
    for index, raw in enumerate(entries, 1):
        if not isinstance(raw, Mapping):
            problems.append(f"organisation {index}: not a mapping")
            continue
        org_id = str(raw.get("id") or "")
        where = f"organisation {org_id or index}"
        if not ID_PATTERN.match(org_id) or org_id in seen:
            problems.append(f"{where}: id missing, malformed or used twice")
        seen.add(org_id)
        topics = raw.get("topics")
        if not isinstance(topics, list) or not topics or not set(map(str, topics)) <= known:
            problems.append(f"{where}.topics: a list of keys from topics.yaml")
            topics = []
        links = {key: str(raw.get(key) or "") for key in ("contact", "source")}
        problems += [
            f"{where}.{key}: an http(s) address"
            for key, link in links.items()
            if not link.startswith(("http://", "https://"))
        ]
        organisations.append(
            Organisation(
                id=org_id,
                names=_bilingual(raw.get("name"), f"{where}.name", problems),
                descriptions=_bilingual(raw.get("description"), f"{where}.description", problems),
                topics=tuple(str(t) for t in topics),
                contact=links["contact"],
                source=links["source"],
            )
        )
    if problems:
        raise DirectoryError("\n".join(problems))
    return Directory(tuple(organisations))


def load_directory(topic_keys: Iterable[str], path: Path | None = None) -> Directory:
    """Read the directory; a missing or broken file gives an empty directory and an error in
    the log rather than a bot that won't start (the data tests catch a broken file first)."""
    path = path or DEFAULT_KNOWLEDGE_DIR / ORGANISATIONS_FILE
    if not path.is_file():
        log.warning("no %s: /directory will be empty", path)
        return Directory()
    try:
        return parse_directory(load_yaml(path.read_text(encoding="utf-8")), topic_keys)
    except (DirectoryError, yaml.YAMLError) as error:
        log.error("%s is not valid, /directory will be empty:\n%s", path, error)
        return Directory()
