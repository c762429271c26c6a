"""Read, validate and write the FAQ files so the bot only ever sees a sound knowledge base."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.model import ACTIONS, FaqEntry, KnowledgeBase, Topic
from bot.languages import LANGUAGES

DEFAULT_KNOWLEDGE_DIR = Path(__file__).resolve().parents[2] / "knowledge"
TOPICS_FILE = "topics.yaml"
FAQ_DIR = "faq"
MIN_QUESTIONS = 4
MAX_ID_LENGTH = 40
MAX_YAML_DEPTH = 16  # the FAQ format nests 6 deep; deeper is a mistake or an attack
MAX_QUOTED = 80  # longest value quoted back in a problem

_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ENTRY_FIELDS = (
    "id",
    "topic",
    "reviewed",
    "questions",
    "keywords",
    "answer",
    "sources",
    "related",
    "action",
)
_TAG = re.compile(r"<[^>]*>")
_ALLOWED_TAG = re.compile(r'^<(?:/?[bi]|a href="[^"<>]+"|/a)>$')
_BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);)")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a knowledge file, located precisely enough for an editor to fix it."""

    file: str
    entry_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.entry_id is not None:
            where.append(f"entry '{shorten(self.entry_id)}'")
        if self.field is not None:
            where.append(f"field '{shorten(self.field)}'")
        if where:
            return f"{shorten(self.file)}: {', '.join(where)}: {self.message}"
        return f"{shorten(self.file)}: {self.message}"


class KnowledgeError(Exception):
    """Raised with every problem found, so nothing is ever half-loaded."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def shorten(text: str, limit: int = MAX_QUOTED) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis: a problem quotes a value, it
    never repeats a whole (possibly huge) one."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quote(value: object) -> str:
    return repr(shorten(str(value)))


@dataclass(frozen=True)
class YamlFault:
    """Why a text was not read as YAML, and where, so an editor can be told precisely."""

    kind: str  # "syntax", "alias" (anchors and aliases are refused) or "too_deep"
    line: int | None  # 1-based
    detail: str = ""  # the parser's own words for a syntax error, shortened

    def __str__(self) -> str:
        where = f" at line {self.line}" if self.line is not None else ""
        if self.kind == "alias":
            return f"YAML anchors and aliases (&, *) are not allowed{where}"
        if self.kind == "too_deep":
            return f"nested more than {MAX_YAML_DEPTH} levels deep{where}"
        return f"not valid YAML{where}: {self.detail}"


class UnreadableYamlError(KnowledgeError):
    """The text is not YAML the loader will read; ``fault`` says why and where."""

    def __init__(self, filename: str, fault: YamlFault) -> None:
        self.fault = fault
        super().__init__([Problem(filename, None, None, str(fault))])


class _Refused(yaml.YAMLError):
    def __init__(self, kind: str, mark: yaml.Mark | None) -> None:
        super().__init__(kind)
        self.kind = kind
        self.mark = mark


class _StringLoader(yaml.SafeLoader):
    """A YAML loader that reads every scalar except null as a string (no yes/no, no dates).

    It refuses anchors and aliases (a few hundred bytes of nested aliases expand to
    gigabytes; the FAQ format never needs them) and nesting deeper than ``MAX_YAML_DEPTH``
    (the composer recurses), before building anything from them."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused("alias", event.start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise _Refused("too_deep", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_StringLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_CSafeLoader: type[Any] | None = getattr(yaml, "CSafeLoader", None)
if _CSafeLoader is not None:

    class _QuickStringLoader(_CSafeLoader):  # type: ignore[misc,valid-type]
        """_StringLoader's reading of scalars, parsed by libyaml (several times faster)."""

    _QuickStringLoader.yaml_implicit_resolvers = _StringLoader.yaml_implicit_resolvers
    _QUICK_LOADER: type[Any] | None = _QuickStringLoader
else:  # PyYAML built without libyaml
    _QUICK_LOADER = None
_COLLECTION_START = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_COLLECTION_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _read_plain_yaml_quickly(text: str) -> tuple[bool, Any]:
    """(True, data) for a text with nothing _StringLoader refuses or reports (no anchors,
    aliases, deep nesting, odd characters or syntax errors), read by libyaml; else
    (False, None), and the careful loader reads it and says what is wrong and where.

    Reading the FAQ with the pure-Python loader was a fifth of a cold start."""
    if _QUICK_LOADER is None or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return False, None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_QUICK_LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                return False, None
            if isinstance(event, _COLLECTION_START):
                depth += 1
                if depth >= MAX_YAML_DEPTH - 1:  # its scalars would be one deeper still
                    return False, None
            elif isinstance(event, _COLLECTION_END):
                depth -= 1
        return True, yaml.load(text, Loader=_QUICK_LOADER)
    except yaml.YAMLError:
        return False, None


def read_yaml_text(text: str, filename: str) -> Any:
    """Parse one FAQ YAML text, or raise ``UnreadableYamlError`` saying why and where."""
    read, data = _read_plain_yaml_quickly(text)
    if read:
        return data
    try:
        return yaml.load(text, Loader=_StringLoader)  # a SafeLoader subclass
    except _Refused as refused:
        line = refused.mark.line + 1 if refused.mark is not None else None
        raise UnreadableYamlError(filename, YamlFault(refused.kind, line)) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        line = text.count("\n", 0, error.position) + 1
        detail = f"character #x{error.character:04x} is not allowed"
        raise UnreadableYamlError(filename, YamlFault("syntax", line, detail)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        detail = ", ".join(str(part) for part in (error.context, error.problem) if part)
        fault = YamlFault("syntax", line, shorten(" ".join(detail.split()), 160))
        raise UnreadableYamlError(filename, fault) from None
    except yaml.YAMLError as error:
        fault = YamlFault("syntax", None, shorten(" ".join(str(error).split())))
        raise UnreadableYamlError(filename, fault) from None


def _read_yaml(text: str, filename: str, problems: list[Problem]) -> Any:
    """Parse YAML text, recording why it could not be read as a problem instead of raising."""
    try:
        return read_yaml_text(text, filename)
    except UnreadableYamlError as error:
        problems.extend(error.problems)
        return None


def question_key(text: str) -> str:
    """Reduce a question to the form used to spot the same variant under two entries."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\s\u200b-\u200d\ufeff]+", " ", text)
    return text.strip(" ?!.。？！")


def parse_topics(data: Any, filename: str = TOPICS_FILE) -> tuple[Topic, ...]:
    """Validate a parsed topics.yaml and return its topics in display order."""
    problems: list[Problem] = []
    topics: list[Topic] = []
    mapping = data.get("topics") if isinstance(data, Mapping) else None
    if not isinstance(mapping, Mapping) or not mapping:
        raise KnowledgeError([Problem(filename, None, "topics", "missing or not a mapping")])
    for key, names in mapping.items():
        if not isinstance(key, str) or not _ID_PATTERN.match(key):
            problems.append(Problem(filename, None, f"topics.{key}", "not a lowercase slug"))
            continue
        if not isinstance(names, Mapping):
            problems.append(Problem(filename, None, f"topics.{key}", "not a mapping"))
            continue
        clean: dict[str, str] = {}
        for language in LANGUAGES:
            name = names.get(language)
            if not isinstance(name, str) or not name.strip():
                problems.append(Problem(filename, None, f"topics.{key}.{language}", "missing"))
            else:
                clean[language] = name.strip()
        topics.append(Topic(key=key, names=clean))
    if problems:
        raise KnowledgeError(problems)
    return tuple(topics)


class _EntryReader:
    """Check one raw entry field by field, collecting problems rather than stopping."""

    def __init__(self, filename: str, raw: Mapping[str, Any], index: int, topics: set[str]):
        self.filename = filename
        self.raw = raw
        self.topics = topics
        self.problems: list[Problem] = []
        raw_id = raw.get("id")
        self.entry_id = raw_id if isinstance(raw_id, str) and raw_id else f"#{index + 1}"

    def problem(self, field_name: str | None, message: str) -> None:
        """Record a problem for this entry."""
        self.problems.append(Problem(self.filename, self.entry_id, field_name, message))

    def text(self, value: Any, field_name: str) -> str | None:
        """Return a non-empty stripped string, or record why not."""
        if value is None:
            self.problem(field_name, "missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(field_name, "must be non-empty text")
            return None
        return value.strip()

    def text_list(self, value: Any, field_name: str) -> tuple[str, ...] | None:
        """Return a tuple of non-empty strings, or record why not."""
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(field_name, "must be a list")
            return None
        items = [self.text(item, f"{field_name}[{i}]") for i, item in enumerate(value)]
        if any(item is None for item in items):
            return None
        return tuple(item for item in items if item is not None)

    def per_language(self, field_name: str, required: bool) -> Mapping[str, Any]:
        """Return the language mapping of a bilingual field, recording missing languages."""
        value = self.raw.get(field_name)
        if value is None:
            value = {}
        if not isinstance(value, Mapping):
            self.problem(field_name, "must be a mapping of language to content")
            return {}
        for language in value:
            if language not in LANGUAGES:
                self.problem(f"{field_name}.{language}", f"unknown language (use {LANGUAGES})")
        if required:
            for language in LANGUAGES:
                if value.get(language) is None:
                    self.problem(f"{field_name}.{language}", "missing")
        return value

    def read(self) -> FaqEntry | None:
        """Build the entry if every field is sound."""
        raw = self.raw
        for key in raw:
            if key not in _ENTRY_FIELDS:
                self.problem(str(key), "unknown field")
        entry_id = self.text(raw.get("id"), "id")
        if entry_id is not None and (
            not _ID_PATTERN.match(entry_id) or len(entry_id) > MAX_ID_LENGTH
        ):
            self.problem("id", f"must be a lowercase ascii slug of at most {MAX_ID_LENGTH} chars")
        topic = self.text(raw.get("topic"), "topic")
        if topic is not None and topic not in self.topics:
            self.problem("topic", f"unknown topic {_quote(topic)}")
        reviewed = self.date(raw.get("reviewed"))
        questions = self.questions()
        keywords: dict[str, tuple[str, ...]] = {}
        for language, items in self.per_language("keywords", required=False).items():
            values = self.text_list(items, f"keywords.{language}")
            if values and language in LANGUAGES:
                keywords[language] = values
        answers: dict[str, str] = {}
        for language, value in self.per_language("answer", required=True).items():
            answer = self.text(value, f"answer.{language}") if value is not None else None
            if answer is not None and language in LANGUAGES:
                self.check_html(answer, f"answer.{language}")
                answers[language] = answer
        sources = self.text_list(raw.get("sources"), "sources")
        if sources == ():
            self.problem("sources", "at least one source is required")
        related = self.text_list(raw.get("related"), "related")
        action = raw.get("action")
        if action is not None and action not in ACTIONS:
            self.problem("action", f"must be one of {', '.join(ACTIONS)}")
        if self.problems or not (
            entry_id and topic and reviewed and sources and related is not None
        ):
            return None
        return FaqEntry(
            id=entry_id,
            topic=topic,
            questions=questions,
            answers=answers,
            keywords=keywords,
            sources=sources,
            related=related,
            action=action,
            reviewed=reviewed,
        )

    def date(self, value: Any) -> datetime.date | None:
        """Return the review date, accepting only ISO dates (YYYY-MM-DD)."""
        if value is None:
            self.problem("reviewed", "missing")
            return None
        try:
            return datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            self.problem("reviewed", f"{_quote(value)} is not a date (YYYY-MM-DD)")
            return None

    def questions(self) -> dict[str, tuple[str, ...]]:
        """Return the question variants per language, each with enough distinct variants."""
        result: dict[str, tuple[str, ...]] = {}
        for language, items in self.per_language("questions", required=True).items():
            field_name = f"questions.{language}"
            values = self.text_list(items, field_name)
            if values is None or language not in LANGUAGES:
                continue
            if len(values) < MIN_QUESTIONS:
                self.problem(field_name, f"needs at least {MIN_QUESTIONS} variants")
            seen: set[str] = set()
            for i, value in enumerate(values):
                key = question_key(value)
                if key in seen:
                    self.problem(
                        f"{field_name}[{i}]", f"repeats an earlier variant: {_quote(value)}"
                    )
                seen.add(key)
            result[language] = values
        return result

    def check_html(self, text: str, field_name: str) -> None:
        """Record answer markup that Telegram's HTML mode would refuse."""
        for tag in _TAG.findall(text):
            if not _ALLOWED_TAG.match(tag):
                self.problem(field_name, f"tag {tag} not allowed (only <b>, <i>, <a href>)")
        for name in ("b", "i", "a"):
            opened = len(re.findall(rf"<{name}[ >]", text))
            if opened != text.count(f"</{name}>"):
                self.problem(field_name, f"unbalanced <{name}> tags")
        stripped = _TAG.sub("", text)
        if "<" in stripped or ">" in stripped or _BARE_AMPERSAND.search(stripped):
            self.problem(field_name, "escape &, < and > as &amp;, &lt; and &gt;")


def _entries_of_document(
    data: Any, filename: str, topics: set[str], problems: list[Problem]
) -> list[FaqEntry]:
    """Read the entries of one parsed FAQ document, recording every problem found."""
    raw_entries = data.get("entries") if isinstance(data, Mapping) else None
    if not isinstance(raw_entries, list):
        problems.append(Problem(filename, None, "entries", "missing or not a list"))
        return []
    entries: list[FaqEntry] = []
    for index, raw in enumerate(raw_entries):
        if not isinstance(raw, Mapping):
            problems.append(Problem(filename, f"#{index + 1}", None, "not a mapping"))
            continue
        reader = _EntryReader(filename, raw, index, topics)
        entry = reader.read()
        problems.extend(reader.problems)
        if entry is not None:
            entries.append(entry)
    return entries


def _raw_ids(data: Any) -> set[str]:
    """Ids written in a document, valid entries or not, so one broken entry does not also
    break every link to it."""
    raw_entries = data.get("entries") if isinstance(data, Mapping) else None
    if not isinstance(raw_entries, list):
        return set()
    return {
        raw["id"]
        for raw in raw_entries
        if isinstance(raw, Mapping) and isinstance(raw.get("id"), str)
    }


def _check_across(
    located: list[tuple[str, FaqEntry]],
    others: Iterable[FaqEntry],
    problems: list[Problem],
    refused_ids: Iterable[str] = (),
) -> None:
    """Check what spans entries: unique ids and question variants, related links that resolve."""
    owner_of_id: dict[str, str] = {}
    owner_of_question: dict[str, str] = {}
    for entry in others:
        owner_of_id[entry.id] = "the knowledge base"
        for variants in entry.questions.values():
            for variant in variants:
                owner_of_question.setdefault(question_key(variant), entry.id)
    for filename, entry in located:
        if entry.id in owner_of_id:
            problems.append(
                Problem(
                    filename, entry.id, "id", f"duplicate id (also in {owner_of_id[entry.id]})"
                )
            )
        else:
            owner_of_id[entry.id] = filename
        for language, variants in entry.questions.items():
            for i, variant in enumerate(variants):
                owner = owner_of_question.setdefault(question_key(variant), entry.id)
                if owner != entry.id:
                    problems.append(
                        Problem(
                            filename,
                            entry.id,
                            f"questions.{language}[{i}]",
                            f"same question variant as entry {_quote(owner)}: {_quote(variant)}",
                        )
                    )
    refused = set(refused_ids)
    for filename, entry in located:
        for i, target in enumerate(entry.related):
            if target == entry.id:
                problems.append(Problem(filename, entry.id, f"related[{i}]", "links to itself"))
            elif target not in owner_of_id and target not in refused:
                problems.append(
                    Problem(filename, entry.id, f"related[{i}]", f"no entry {_quote(target)}")
                )


def _validate(
    documents: Mapping[str, Any], topics: Iterable[Topic], problems: list[Problem]
) -> tuple[FaqEntry, ...]:
    """Read every document and check across them, adding each problem found to ``problems``."""
    topic_keys = {topic.key for topic in topics}
    located: list[tuple[str, FaqEntry]] = []
    raw_ids: set[str] = set()
    for filename, data in documents.items():
        raw_ids |= _raw_ids(data)
        for entry in _entries_of_document(data, filename, topic_keys, problems):
            located.append((filename, entry))
    _check_across(located, (), problems, raw_ids)
    return tuple(entry for _, entry in located)


def parse_knowledge(documents: Mapping[str, Any], topics_document: Any) -> KnowledgeBase:
    """Validate parsed YAML documents (file name → data) into a knowledge base, or raise."""
    topics = parse_topics(topics_document)
    problems: list[Problem] = []
    entries = _validate(documents, topics, problems)
    if problems:
        raise KnowledgeError(problems)
    return KnowledgeBase(topics=topics, entries=entries)


def parse_entries_yaml(
    text: str,
    filename: str,
    topics: Iterable[Topic],
    others: Iterable[FaqEntry] = (),
) -> tuple[FaqEntry, ...]:
    """Validate one uploaded FAQ file against the topics and the entries it will sit beside."""
    return parse_entries_document(read_yaml_text(text, filename), filename, topics, others)


def parse_entries_document(
    data: Any,
    filename: str,
    topics: Iterable[Topic],
    others: Iterable[FaqEntry] = (),
) -> tuple[FaqEntry, ...]:
    """Validate one parsed FAQ document (see ``parse_entries_yaml``)."""
    problems: list[Problem] = []
    topic_keys = {topic.key for topic in topics}
    entries = _entries_of_document(data, filename, topic_keys, problems)
    located = [(filename, entry) for entry in entries]
    _check_across(located, others, problems, _raw_ids(data))
    if problems:
        raise KnowledgeError(problems)
    return tuple(entries)


def load_knowledge(directory: Path | str = DEFAULT_KNOWLEDGE_DIR) -> KnowledgeBase:
    """Load topics.yaml and faq/*.yaml from ``directory``, refusing everything on any problem."""
    directory = Path(directory)
    topics_path = directory / TOPICS_FILE
    if not topics_path.is_file():
        raise KnowledgeError([Problem(TOPICS_FILE, None, None, "file not found")])
    problems: list[Problem] = []
    topics_data = _read_yaml(topics_path.read_text(encoding="utf-8"), TOPICS_FILE, problems)
    if problems:
        raise KnowledgeError(problems)
    topics = parse_topics(topics_data)
    documents: dict[str, Any] = {}
    paths = sorted((directory / FAQ_DIR).glob("*.yaml"))
    if not paths:
        problems.append(Problem(FAQ_DIR, None, None, "no *.yaml files"))
    for path in paths:
        filename = f"{FAQ_DIR}/{path.name}"
        before = len(problems)
        data = _read_yaml(path.read_text(encoding="utf-8"), filename, problems)
        if len(problems) == before:
            documents[filename] = data
    entries = _validate(documents, topics, problems)
    if problems:
        raise KnowledgeError(problems)
    order = {topic.key: index for index, topic in enumerate(topics)}
    ordered = sorted(entries, key=lambda entry: order.get(entry.topic, len(order)))
    return KnowledgeBase(topics=topics, entries=tuple(ordered))


class _LiteralText(str):
    """Text to emit as a YAML literal block scalar."""


class _FlowList(list[Any]):
    """A short list to emit in flow style: [a, b]."""


class _Dumper(yaml.SafeDumper):
    """A YAML dumper for the FAQ format: literal answers, flow lists, block mappings, and no
    anchors or aliases for values shared between entries (the loader refuses them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_Dumper.add_representer(
    _LiteralText, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", data, "|")
)
_Dumper.add_representer(
    _FlowList,
    lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, True),
)


def _entry_document(entry: FaqEntry) -> dict[str, Any]:
    """Arrange one entry in the file layout described in knowledge/README.md."""
    document: dict[str, Any] = {
        "id": entry.id,
        "topic": entry.topic,
        "reviewed": entry.reviewed,
        "questions": {language: list(values) for language, values in entry.questions.items()},
    }
    if entry.keywords:
        document["keywords"] = {
            language: _FlowList(values) for language, values in entry.keywords.items()
        }
    document["answer"] = {
        language: _LiteralText(text + "\n") for language, text in entry.answers.items()
    }
    document["sources"] = list(entry.sources)
    document["related"] = _FlowList(entry.related)
    if entry.action is not None:
        document["action"] = entry.action
    return document


def dump_entries(entries: Iterable[FaqEntry]) -> str:
    """Write entries as FAQ YAML that parses back to exactly the same entries (admin export)."""
    document = {"entries": [_entry_document(entry) for entry in entries]}
    return yaml.dump(
        document,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000,
        indent=2,
    )
