"""Thai typed in Latin letters ("sahakorn platform kue arai") meets the same entries as Thai."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.lexicon import LexiconError, load_lexicon
from bot.knowledge.matcher import Matcher
from tests.knowledge.conftest import assert_answered


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sahakorn platform kue arai", "what-is-platform-coop"),
        ("sahakon platform khue arai krub", "what-is-platform-coop"),
        ("jot tabien sahakorn nai prathet thai tong tham yang ngai", "register-coop-thailand"),
        ("jod tabian sahakon yangngai", "register-coop-thailand"),
        ("tong mee samachik yang noi kee kon jueng ja jot tabien sahakorn dai", "min-members"),
        ("kor pee liang rue tee pruksa chuay nae nam dai mai", "find-mentor"),
        ("yak pen pee liang hai pu kor tung sahakorn tong tam yang ngai", "become-mentor"),
        ("lak karn sahakorn jed kor mee arai bang", "coop-principles"),
        ("wisahakit chumchon tang jak sahakorn yangngai", "community-enterprise"),
        ("kor moon bon platform sahakorn pen khong krai", "data-ownership"),
        ("gam rai kong sahakorn baeng hai samachik yang ngai", "profit-distribution"),
        ("ratthaban mee ngern udnun sahakorn mai", "grants-thailand"),
        ("sahakorn tong mee kan truat sob banchi mai", "audit-accounts"),
        ("tua lok mee sahakorn platform kee haeng", "platform-coop-movement"),
    ],
)
def test_romanized_questions_are_answered(matcher: Matcher, query: str, expected: str) -> None:
    # Latin script reads as English; the user's chosen language still wins
    assert assert_answered(matcher, query, expected).language == "en"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("how do I register a co-op in Thailand", "register-coop-thailand"),
        ("who owns the data in a platform co-op", "data-ownership"),
        ("How does voting work in a co-op?", "one-member-one-vote"),
        ("How would a rider-owned food delivery co-op work?", "food-delivery-coop"),
    ],
)
def test_english_questions_still_answered(matcher: Matcher, query: str, expected: str) -> None:
    assert_answered(matcher, query, expected)


def test_romanized_forms_become_the_thai_concepts() -> None:
    lexicon = load_lexicon()
    assert lexicon.analyze("sahakorn platform kue arai") == lexicon.analyze("สหกรณ์แพลตฟอร์มคืออะไร")
    assert lexicon.analyze("jot tabien samachik") == ["~register", "~member"]
    assert lexicon.analyze("kue arai na krub") == ["~meaning"]  # a phrase, like คืออะไร
    assert lexicon.analyze("kue yang ngai mee mai") == []  # alone they are stop words


def test_english_words_the_faq_needs_keep_their_meaning() -> None:
    lexicon = load_lexicon()
    for word in ("data", "app", "platform", "mentor", "law", "vote", "share", "rider"):
        assert lexicon.analyze(word), word  # not dropped as a romanized stop word
    assert "~government" not in lexicon.analyze("what are the rates")  # "rat" is not รัฐ
    assert lexicon.analyze("phak rat") == ["~government"]


def _lexicon_dir(tmp_path: Path, romanized: str | None) -> Path:
    (tmp_path / "synonyms.yaml").write_text(
        "concepts:\n  coop: [co-op, สหกรณ์]\n  member: [member, สมาชิก]\n", encoding="utf-8"
    )
    (tmp_path / "stopwords.yaml").write_text("en: [what, is]\n", encoding="utf-8")
    (tmp_path / "words.txt").write_text("", encoding="utf-8")
    if romanized is not None:
        (tmp_path / "romanized.yaml").write_text(romanized, encoding="utf-8")
    return tmp_path


def test_romanized_file_is_merged(tmp_path: Path) -> None:
    directory = _lexicon_dir(
        tmp_path,
        "concepts:\n  coop: [sahakorn]\nphrases:\n  samachik sahakorn: [member, coop]\n"
        "stopwords: [kue, arai]\n",
    )
    lexicon = load_lexicon(directory)
    assert lexicon.analyze("sahakorn kue arai") == ["~coop"]
    assert lexicon.analyze("samachik sahakorn") == ["~member", "~coop"]
    assert lexicon.analyze("what is a co-op") == ["a", "~coop"]


def test_missing_romanized_file_is_fine(tmp_path: Path) -> None:
    lexicon = load_lexicon(_lexicon_dir(tmp_path, None))
    assert lexicon.analyze("sahakorn co-op") == ["sahakorn", "~coop"]


@pytest.mark.parametrize(
    "romanized",
    [
        "concepts:\n  cooperative: [sahakorn]\n",  # not a concept of synonyms.yaml
        "concepts:\n  member: [co-op]\n",  # already a form of another concept
    ],
)
def test_romanized_file_cannot_contradict_synonyms(tmp_path: Path, romanized: str) -> None:
    with pytest.raises(LexiconError):
        load_lexicon(_lexicon_dir(tmp_path, romanized))
