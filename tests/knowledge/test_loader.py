"""The loader accepts sound FAQ files and refuses broken ones, naming file, entry and field."""

from __future__ import annotations

import copy
import datetime
from pathlib import Path

import pytest
import yaml

from bot.knowledge import loader
from bot.knowledge.loader import (
    DEFAULT_KNOWLEDGE_DIR,
    KnowledgeError,
    Problem,
    dump_entries,
    load_knowledge,
    parse_entries_yaml,
)
from bot.knowledge.model import FaqEntry
from tests.knowledge.fixtures import FILES, with_change, write_knowledge


def problems_of(root: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    return [str(problem) for problem in caught.value.problems]


def test_sound_files_load_in_topic_order(tmp_path: Path) -> None:
    kb = load_knowledge(write_knowledge(tmp_path))
    assert [topic.key for topic in kb.topics] == ["basics", "legal", "funding"]
    assert [entry.topic for entry in kb.entries] == ["basics"] * 2 + ["legal"] * 2 + [
        "funding"
    ] * 2
    entry = kb.get("register-coop-thailand")
    assert entry is not None
    assert entry.reviewed == datetime.date(2026, 11, 26)
    assert entry.action == "directory"
    assert entry.questions["th"][0] == "จดทะเบียนสหกรณ์ต้องทำอย่างไร"
    assert [e.id for e in kb.entries_in("funding")] == ["funding-sources", "investors-control"]
    assert kb.get("nope") is None


def test_problem_message_names_file_entry_and_field() -> None:
    problem = Problem("faq/legal.yaml", "min-members", "answer.th", "missing")
    assert str(problem) == "faq/legal.yaml: entry 'min-members', field 'answer.th': missing"


def test_duplicate_id_is_refused(tmp_path: Path) -> None:
    files = copy.deepcopy(FILES)
    files["funding.yaml"][0]["id"] = "min-members"
    files["funding.yaml"][1]["related"] = ["min-members"]
    problems = problems_of(write_knowledge(tmp_path, files))
    assert any(
        p.startswith("faq/legal.yaml: entry 'min-members', field 'id': duplicate id")
        and "faq/funding.yaml" in p
        for p in problems
    )


def test_missing_language_is_refused(tmp_path: Path) -> None:
    files = with_change("legal.yaml", 1, answer={"en": "Seven."})
    problems = problems_of(write_knowledge(tmp_path, files))
    assert "faq/legal.yaml: entry 'min-members', field 'answer.th': missing" in problems


def test_missing_question_language_and_too_few_variants_are_refused(tmp_path: Path) -> None:
    files = with_change("basics.yaml", 0, questions={"en": ["What is it?", "Define it"]})
    problems = problems_of(write_knowledge(tmp_path, files))
    prefix = "faq/basics.yaml: entry 'what-is-platform-coop', field "
    assert prefix + "'questions.th': missing" in problems
    assert prefix + "'questions.en': needs at least 4 variants" in problems


def test_broken_related_link_is_refused(tmp_path: Path) -> None:
    files = with_change("funding.yaml", 0, related=["no-such-entry"])
    problems = problems_of(write_knowledge(tmp_path, files))
    assert (
        "faq/funding.yaml: entry 'funding-sources', field 'related[0]': no entry 'no-such-entry'"
        in problems
    )


def test_same_question_under_two_entries_is_refused(tmp_path: Path) -> None:
    files = copy.deepcopy(FILES)
    files["legal.yaml"][1]["questions"]["en"][3] = "co-op registration steps?"
    problems = problems_of(write_knowledge(tmp_path, files))
    assert any(
        p.startswith("faq/legal.yaml: entry 'min-members', field 'questions.en[3]': same question")
        and "register-coop-thailand" in p
        for p in problems
    )


def test_unknown_topic_is_refused(tmp_path: Path) -> None:
    files = with_change("legal.yaml", 0, topic="taxes")
    problems = problems_of(write_knowledge(tmp_path, files))
    assert (
        "faq/legal.yaml: entry 'register-coop-thailand', field 'topic': unknown topic 'taxes'"
        in problems
    )


@pytest.mark.parametrize("bad", ["2026-13-01", "26/11/2026", "soon"])
def test_bad_date_is_refused(tmp_path: Path, bad: str) -> None:
    files = with_change("basics.yaml", 1, reviewed=bad)
    problems = problems_of(write_knowledge(tmp_path, files))
    assert any(
        p.startswith("faq/basics.yaml: entry 'coop-vs-startup', field 'reviewed':") and bad in p
        for p in problems
    )


def test_other_field_rules(tmp_path: Path) -> None:
    files = copy.deepcopy(FILES)
    files["basics.yaml"][0]["sources"] = []
    files["basics.yaml"][0]["action"] = "dance"
    files["basics.yaml"][1]["answer"]["en"] = "Use <script>x</script> & more"
    files["legal.yaml"][0]["id"] = "Register Co-op!"
    files["legal.yaml"][1]["related"] = ["Register Co-op!"]
    problems = problems_of(write_knowledge(tmp_path, files))
    joined = "\n".join(problems)
    assert "entry 'what-is-platform-coop', field 'sources': at least one source" in joined
    assert "entry 'what-is-platform-coop', field 'action': must be one of" in joined
    assert "entry 'coop-vs-startup', field 'answer.en': tag <script> not allowed" in joined
    assert "entry 'coop-vs-startup', field 'answer.en': escape &" in joined
    assert "entry 'Register Co-op!', field 'id': must be a lowercase ascii slug" in joined


def test_every_problem_is_reported_and_nothing_is_loaded(tmp_path: Path) -> None:
    files = copy.deepcopy(FILES)
    files["basics.yaml"][0]["topic"] = "nowhere"
    files["funding.yaml"][1]["reviewed"] = "yesterday"
    root = write_knowledge(tmp_path, files)
    (root / "faq" / "broken.yaml").write_text("entries: [unclosed", encoding="utf-8")
    problems = problems_of(root)
    assert any(p.startswith("faq/basics.yaml: entry 'what-is-platform-coop'") for p in problems)
    assert any(p.startswith("faq/funding.yaml: entry 'investors-control'") for p in problems)
    assert any(p.startswith("faq/broken.yaml: not valid YAML") for p in problems)


def test_uploaded_file_is_checked_against_the_rest(tmp_path: Path) -> None:
    kb = load_knowledge(write_knowledge(tmp_path))
    others = [entry for entry in kb.entries if entry.topic != "legal"]
    text = (tmp_path / "faq" / "legal.yaml").read_text(encoding="utf-8")
    entries = parse_entries_yaml(text, "faq/legal.yaml", kb.topics, others)
    assert [entry.id for entry in entries] == ["register-coop-thailand", "min-members"]
    bad = text.replace("related:\n  - min-members", "related:\n  - gone")
    with pytest.raises(KnowledgeError) as caught:
        parse_entries_yaml(bad, "faq/legal.yaml", kb.topics, others)
    assert (
        "faq/legal.yaml: entry 'register-coop-thailand', field 'related[0]': no entry 'gone'"
        in (str(caught.value))
    )
    with pytest.raises(KnowledgeError):  # the same ids already live in the base
        parse_entries_yaml(text, "faq/legal.yaml", kb.topics, kb.entries)


def test_dump_then_parse_gives_exactly_the_same_entries(tmp_path: Path) -> None:
    kb = load_knowledge(write_knowledge(tmp_path))
    text = dump_entries(kb.entries)
    assert parse_entries_yaml(text, "export.yaml", kb.topics) == kb.entries
    assert "สหกรณ์แพลตฟอร์มคืออะไร" in text  # Thai is written as is, not escaped
    assert "  en: |" in text  # answers are literal block scalars


def test_round_trip_keeps_awkward_text() -> None:
    tricky = FaqEntry(
        id="tricky",
        topic="basics",
        questions={
            "en": ("yes", "1234", "null?", "What: about # this?"),
            "th": ("ครับ", "'quoted'", '"double"', "ข้อ ๑"),
        },
        answers={"en": "Line one\n\n  indented &amp; <b>bold</b>", "th": "บรรทัดเดียว"},
        keywords={"en": ("on", "off"), "th": ("ไม่",)},
        sources=("https://example.org/a?b=c#d",),
        related=("other",),
        action=None,
        reviewed=datetime.date(2025, 1, 2),
    )
    from bot.knowledge.model import Topic

    topics = [Topic("basics", {"en": "B", "th": "บ"})]
    other = FaqEntry(
        id="other",
        topic="basics",
        questions={"en": ("a1", "a2", "a3", "a4"), "th": ("ก1", "ก2", "ก3", "ก4")},
        answers={"en": "x", "th": "ก"},
        keywords={},
        sources=("https://example.org",),
        related=("tricky",),
        action="mentor",
        reviewed=datetime.date(2025, 1, 2),
    )
    text = dump_entries([tricky, other])
    assert parse_entries_yaml(text, "x.yaml", topics) == (tricky, other)


def test_real_knowledge_survives_a_dump_and_parse_round_trip() -> None:
    kb = load_knowledge()
    text = dump_entries(kb.entries)
    assert parse_entries_yaml(text, "all.yaml", kb.topics) == kb.entries


def test_libyaml_reads_the_shipped_faq_exactly_as_the_careful_loader() -> None:
    """The quick path (libyaml) must give the same data; anything else is read carefully."""
    for path in sorted(DEFAULT_KNOWLEDGE_DIR.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        read, data = loader._read_plain_yaml_quickly(text)
        assert read == (loader._QUICK_LOADER is not None)
        if read:
            assert data == yaml.load(text, Loader=loader._StringLoader), path.name


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1]\nb: *x\n",  # aliases
        "a: &x 1\n",  # an anchor alone
        "a:\n" + "".join("  " * i + "- \n" for i in range(1, 20)),  # deep nesting
        "a: [1, 2\n",  # a syntax error
        "a: \x07\n",  # a character YAML does not allow
    ],
)
def test_anything_the_careful_loader_reports_skips_the_quick_path(text: str) -> None:
    assert loader._read_plain_yaml_quickly(text) == (False, None)
