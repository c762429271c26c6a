"""A Thai word typed with one letter or mark left out still reaches its concept, without
cutting real words apart."""

from __future__ import annotations

import pytest

from bot.knowledge.lexicon import load_lexicon, thai_slips
from bot.knowledge.matcher import Matcher
from tests.knowledge.conftest import assert_answered


def test_slips_leave_out_one_inner_letter_or_a_final_mark_and_never_make_a_real_word() -> None:
    slips = thai_slips({"own": ["กรรมสิทธิ์"], "member": ["สมาชิก"]}, set())
    assert slips["กรรมสิทธ์"] == "own"  # the vowel mark left out
    assert slips["กรรมสิทธิ"] == "own"  # a final mark may go too
    assert slips["สมชิก"] == "member"
    assert "สมาชิ" not in slips  # a final letter may not: สมาชิ|กรวม would cut สมาชิก|รวม
    assert "มาชิก" in slips
    assert not set(thai_slips({"coop": ["สหกรณ์"]}, {"สหกรณ"})) & {"สหกรณ"}  # known forms stay


def test_a_slip_shared_by_two_concepts_belongs_to_neither() -> None:
    slips = thai_slips({"a": ["กขคงจ"], "b": ["กขคฆจ"]}, set())
    assert "กขคจ" not in slips
    assert slips["กขงจ"] == "a"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("วิสหกิจเพื่อสังคมคืออะไร", "social-enterprise"),
        ("ข้อมูลในแอปเป็นกรรมสิทธ์ของใคร", "data-ownership"),
    ],
)
def test_questions_with_a_dropped_letter_are_answered(
    matcher: Matcher, query: str, expected: str
) -> None:
    assert_answered(matcher, query, expected)


def test_real_words_next_to_a_slip_are_not_cut() -> None:
    words = load_lexicon().words("สมาชิกรวมกี่ล้านคน")
    assert "สมาชิก" in words and "รวม" in words
