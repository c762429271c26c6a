"""The quick Thai dictionary must segment exactly as PyThaiNLP's own trie does."""

from __future__ import annotations

from pythainlp.corpus import thai_words
from pythainlp.tokenize.newmm import segment
from pythainlp.util import Trie

from bot.knowledge.thai_words import WordSet

SAMPLES = (
    "สหกรณ์แพลตฟอร์มคืออะไร",
    "อยากตั้งสหกรณ์ไรเดอร์ส่งอาหารต้องมีสมาชิกกี่คนครับ",
    "จดทะเบียนสหกรณ์มีค่าใช้จ่ายเท่าไหร่ใช้เวลานานไหม",
    "สหกรณแพลตฟอม",  # a typo: fragments must match too
    "ก",
    "",
)


def test_prefixes_are_those_of_the_pythainlp_trie() -> None:
    words = ["สหกรณ์", "สห", "ส", "สหกรณ์แพลตฟอร์ม", "แพลตฟอร์ม", "กร"]
    trie, quick = Trie(words), WordSet(words)
    for text in ("สหกรณ์แพลตฟอร์ม", "สหกร", "กรณ์", "x"):
        for start in range(len(text)):
            # a slice, not ``start``: PyThaiNLP before 5.1 has no ``start`` argument
            assert quick.prefixes(text, start) == trie.prefixes(text[start:])


def test_newmm_segments_alike_with_the_full_dictionary() -> None:
    words = thai_words()
    trie, quick = Trie(words), WordSet(words)
    for text in SAMPLES:
        assert segment(text, custom_dict=quick) == segment(text, custom_dict=trie)  # type: ignore[arg-type]


def test_added_words_are_known_and_found() -> None:
    quick = WordSet(["สหกรณ์"])
    quick.add(" พี่เลี้ยง ")
    assert "พี่เลี้ยง" in quick and len(quick) == 2
    assert quick.prefixes("พี่เลี้ยงสหกรณ์") == ["พี่เลี้ยง"]
