"""Out-of-scope groups: read strictly, and questions closest to one fall back."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.knowledge.loader import load_knowledge
from bot.knowledge.matcher import Matcher
from bot.knowledge.scope import OutOfScopeGroup, ScopeError, load_out_of_scope, parse_out_of_scope


@pytest.fixture(scope="module")
def knowledge_matchers() -> tuple[Matcher, Matcher]:
    """The real FAQ matched with the real out-of-scope groups, and with none."""
    kb = load_knowledge()
    return Matcher.build(kb), Matcher.build(kb, out_of_scope=())


def test_the_shipped_file_is_valid_and_has_both_languages() -> None:
    groups = load_out_of_scope()
    assert groups
    for group in groups:
        assert set(group.examples) == {"th", "en"}, group.name


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"group": {}}, "expected a mapping under 'groups'"),
        ({"groups": {"apps": ["one"]}}, "group 'apps': expected examples per language"),
        ({"groups": {"apps": {"de": ["eins"]}}}, "group 'apps': unknown languages ['de']"),
        ({"groups": {"apps": {"th": "หนึ่ง"}}}, "group 'apps', th: expected a list"),
        ({"groups": {"apps": {"en": ["ok", ""]}}}, "group 'apps', en: expected a list"),
    ],
)
def test_malformed_files_are_refused_naming_file_and_group(data: object, message: str) -> None:
    with pytest.raises(ScopeError) as raised:
        parse_out_of_scope(data, "out_of_scope.yaml")
    assert str(raised.value).startswith("out_of_scope.yaml: ")
    assert message in str(raised.value)


def test_broken_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scope.yaml"
    path.write_text("groups: {apps: [unclosed", encoding="utf-8")
    with pytest.raises(ScopeError, match=r"scope\.yaml: not valid YAML"):
        load_out_of_scope(path)


def test_a_missing_file_means_no_groups(tmp_path: Path) -> None:
    assert load_out_of_scope(tmp_path / "absent.yaml") == ()


@pytest.mark.parametrize(
    "query",
    [
        "อยากสมัครเป็นไรเดอร์ส่งอาหารให้ Grab ต้องเตรียมอะไรบ้าง",
        "how do I sign up to deliver food for foodpanda",
    ],
)
def test_gig_app_sign_up_falls_back_instead_of_the_delivery_coop_entry(
    knowledge_matchers: tuple[Matcher, Matcher], query: str
) -> None:
    with_scope, without_scope = knowledge_matchers
    assert without_scope.match(query).decision != "fallback"
    result = with_scope.match(query)
    assert result.decision == "fallback" and result.candidates == ()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ไรเดอร์อยากรวมกลุ่มตั้งสหกรณ์ส่งอาหารของตัวเองจะทำงานยังไง", "food-delivery-coop"),
        ("how would a delivery co-op owned by its riders work", "food-delivery-coop"),
        ("สหกรณ์แบ่งกำไรให้สมาชิกยังไง", "profit-distribution"),
    ],
)
def test_real_questions_near_a_group_are_still_answered(
    knowledge_matchers: tuple[Matcher, Matcher], query: str, expected: str
) -> None:
    result = knowledge_matchers[0].match(query)
    assert result.decision == "answer" and result.best is not None
    assert result.best.entry_id == expected


def test_groups_never_appear_as_candidates(knowledge_matchers: tuple[Matcher, Matcher]) -> None:
    for query in ("หุ้น", "Grab", "ราคาหุ้นสหกรณ์", "delete account"):
        result = knowledge_matchers[0].match(query)
        assert all(not c.entry_id.startswith("!") for c in result.candidates)
        assert len(knowledge_matchers[0]) == len(load_knowledge().entries)


def test_groups_do_not_shift_the_scores_of_entries() -> None:
    kb = load_knowledge()
    group = OutOfScopeGroup("weather", {"en": ("will it rain tomorrow",), "th": ("ฝนจะตกไหม",)})
    plain, with_group = Matcher.build(kb, out_of_scope=()), Matcher.build(kb, out_of_scope=[group])
    for query in ("how do we register a co-op", "สหกรณ์แพลตฟอร์มคืออะไร"):
        plain_scores, group_scores = plain.scores(query), with_group.scores(query)
        assert plain_scores is not None and group_scores is not None
        assert group_scores[: len(kb.entries)] == pytest.approx(plain_scores, abs=1e-9)


def test_a_group_becomes_an_answerless_row_marked_out_of_scope() -> None:
    text = "groups:\n  weather:\n    th: [ฝนจะตกไหม]\n    en: [will it rain]\n"
    groups = parse_out_of_scope(yaml.safe_load(text), "x.yaml")
    row = groups[0].as_entry()
    assert row.id == "!weather" and row.answers == {}


def test_no_group_is_closer_than_the_faq_to_its_own_questions(
    knowledge_matchers: tuple[Matcher, Matcher],
) -> None:
    matcher = knowledge_matchers[0]
    stolen = [
        (entry.id, question)
        for entry in load_knowledge().entries
        for questions in entry.questions.values()
        for question in questions
        if matcher.match(question).decision == "fallback"
    ]
    assert stolen == []
