"""Normalisation, segmentation, stemming and language detection for Thai and English."""

from __future__ import annotations

import pytest

from bot.knowledge.lexicon import load_lexicon
from bot.knowledge.text import (
    detect_language,
    keyboard_thai,
    normalize,
    question_tail,
    segment,
    stem,
)


def test_zero_width_characters_are_removed() -> None:
    assert normalize("สหกรณ์\u200bแพลตฟอร์ม\u200d") == "สหกรณ์แพลตฟอร์ม"


def test_thai_digits_become_arabic() -> None:
    assert normalize("หลักการ ๗ ข้อ ปี ๒๕๖๙") == "หลักการ 7 ข้อ ปี 2569"


def test_repeated_letters_are_collapsed() -> None:
    assert normalize("คืออะไรรรร ครับบบบ") == "คืออะไร ครับ"
    assert normalize("sooooo cool") == "soo cool"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("ครับบ", "ครับ"), ("มากก", "มาก"), ("ได้ไหมม", "ได้ไหม"), ("ค่ะะ", "ค่ะ"), ("มาาาก", "มาก")],
)
def test_emphatic_doubling_is_undone(typed: str, meant: str) -> None:
    assert normalize(typed) == meant


@pytest.mark.parametrize("word", ["ระบบ", "กรรม", "สสว."])
def test_real_doubled_letters_are_kept(word: str) -> None:
    assert normalize(word) == word


def test_doubled_thai_vowel_and_tone_order_are_repaired() -> None:
    assert normalize("เเปลก") == "แปลก"  # two sara e typed for sara ae
    assert normalize("ก\u0e48\u0e35") == normalize("ก\u0e35\u0e48")  # tone mark before vowel


def test_sara_am_survives_compatibility_normalisation() -> None:
    assert normalize("คำถาม") == "คำถาม"
    assert normalize("ค\u0e4d\u0e32ถาม") == "คำถาม"


def test_case_and_width_are_folded() -> None:
    assert normalize("  PDPA\tＰＤＰＡ\n") == "pdpa pdpa"


def test_control_characters_become_spaces() -> None:
    assert normalize("a\x00b\x1fc") == "a b c"


def test_thai_segmentation_keeps_domain_words_whole() -> None:
    words = segment(normalize("อยากหาพี่เลี้ยงสหกรณ์แพลตฟอร์ม"), load_lexicon().dictionary_words)
    assert words == ["อยาก", "หา", "พี่เลี้ยง", "สหกรณ์แพลตฟอร์ม"]
    assert load_lexicon().terms(words) == ["~find", "~mentor", "~coop", "~platform"]


def test_mixed_script_is_split_by_script() -> None:
    assert segment(normalize("co-op กับ startup ต่างกันยังไง")) == [
        "co",
        "op",
        "กับ",
        "startup",
        "ต่างกัน",
        "ยังไง",
    ]


def test_thai_abbreviation_with_dots_stays_one_word() -> None:
    assert segment(normalize("พ.ร.บ.สหกรณ์")) == ["พ.ร.บ.", "สหกรณ์"]


def test_misspelled_thai_maps_to_the_same_concept() -> None:
    lexicon = load_lexicon()
    assert lexicon.analyze("สหกรณแพลตฟอม") == lexicon.analyze("สหกรณ์แพลตฟอร์ม")


def test_thai_and_english_synonyms_meet_on_one_concept() -> None:
    lexicon = load_lexicon()
    assert lexicon.analyze("พี่เลี้ยง") == lexicon.analyze("mentor") == ["~mentor"]
    assert lexicon.analyze("cooperatives") == lexicon.analyze("สหกรณ์") == ["~coop"]
    assert lexicon.analyze("capital") == lexicon.analyze("เงินทุน") == ["~funding"]


def test_question_particles_are_stop_words() -> None:
    assert load_lexicon().analyze("คืออะไรครับ ยังไงคะ หน่อย") == ["~meaning"]
    assert load_lexicon().analyze("what is the") == []


def test_compound_words_are_split_into_known_parts() -> None:
    assert load_lexicon().analyze("แหล่งเงินทุน") == ["~funding", "~funding"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [("votes", "vot"), ("voting", "vot"), ("voted", "vot"), ("cooperatives", "cooperativ")],
)
def test_stemming_brings_inflections_together(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_short_and_non_latin_words_are_not_stemmed() -> None:
    assert stem("is") == "is"
    assert stem("สหกรณ์") == "สหกรณ์"
    assert stem("b2b") == "b2b"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("สหกรณ์คืออะไร", "th"),
        ("What is a co-op?", "en"),
        ("platform co-op คืออะไร", "th"),
        ("🙂 123 !!", None),
        ("", None),
        ("l;ylfu", "th"),
    ],
)
def test_language_detection(text: str, language: str | None) -> None:
    assert detect_language(text) == language


def test_thai_typed_on_english_layout_is_recovered() -> None:
    assert keyboard_thai("l;ylfu") == "สวัสดี"


@pytest.mark.parametrize(
    "text", ["hello world", "test", "what is a coop", "PDPA", "ok", "hmm", "lol", "CPD"]
)
def test_plain_english_is_not_taken_for_mistyped_thai(text: str) -> None:
    assert keyboard_thai(text) is None


def test_the_tail_of_a_long_message_is_its_last_sentence() -> None:
    story = "We sell crafts online and the fees keep rising. Our group has twelve people. "
    assert question_tail(story + "How do shares work in a co-op?", 30) == (
        "How do shares work in a co-op"
    )
    assert question_tail(story + "Quick one: how do shares work in a co-op?", 15) == (
        "how do shares work in a co-op"
    )  # whole, however short the minimum: the question's first words say what it asks
    long_last = "and then " * 12 + "how do shares work in a co-op?"
    assert question_tail(story + long_last, 15) == "shares work in a co-op"


def test_a_run_on_thai_message_ends_in_enough_words_to_carry_a_question() -> None:
    message = "พวกเรารับงานผ่านแอปมาหลายปี โดนหักค่าคอมเยอะมาก คุยกันหลายรอบแล้ว อยากรู้ว่า ตั้งสหกรณ์ต้องมีกี่คน"
    tail = question_tail(message, 20)
    assert tail is not None and tail.endswith("ตั้งสหกรณ์ต้องมีกี่คน")
    assert len(tail.replace(" ", "")) >= 20 and len(tail) < len(message) / 2


def test_a_short_message_has_no_separate_tail() -> None:
    assert question_tail("how do co-ops vote?", 30) is None
    assert question_tail("   ", 30) is None


def test_a_run_on_english_voice_note_is_read_from_its_last_question_word() -> None:
    note = (
        "we don't want to pay for licences and we like software nobody owns so what "
        "open source stuff is out there that a co-op could actually run"
    )
    assert question_tail(note, 30) == (
        "what open source stuff is out there that a co-op could actually run"
    )
    listing = (
        "we need money for servers and none of us is rich so where do co-ops get "
        "their funding from, members, loans, grants, what works"
    )  # "what works" alone is too short to carry the question
    assert question_tail(listing, 30) == (
        "where do co-ops get their funding from, members, loans, grants, what works"
    )
