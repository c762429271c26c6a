"""Character n-grams as integer codes: what they are taken from and how they are counted."""

from __future__ import annotations

import numpy as np
import pytest

from bot.knowledge.grams import GramCounts, gram_codes
from bot.knowledge.sparse import Scoring, Weighting


def reference_grams(text: str, size: int) -> list[str]:
    """The n-grams as strings: the Thai runs joined, then each Latin word padded."""
    thai = "".join(ch for ch in text if "\u0e01" <= ch <= "\u0e5b")
    grams = [thai[i : i + size] for i in range(len(thai) - size + 1)]
    if 0 < len(thai) < size:
        grams.append(thai)
    latin = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in text)
    for word in latin.split():
        padded = f" {word} "
        grams.extend(padded[i : i + size] for i in range(len(padded) - size + 1))
    return grams


@pytest.mark.parametrize(
    "text",
    [
        "สหกรณ์แพลตฟอร์ม",
        "platform co op",
        "ขอ co-op ไรเดอร์ 2 คน",
        "กา",
        "a",
        "",
        "จดทะเบียน สหกรณ์ ยังไง",
    ],
)
@pytest.mark.parametrize("size", [2, 3, 4])
def test_codes_are_one_per_reference_gram(text: str, size: int) -> None:
    owners, codes = gram_codes([text], size)
    expected = reference_grams(text, size)
    assert len(codes) == len(expected)
    assert set(owners.tolist()) <= {0}
    # equal strings get equal codes and different strings different codes
    by_gram: dict[str, int] = {}
    for gram, code in zip(expected, codes.tolist(), strict=True):
        assert by_gram.setdefault(gram, code) == code
    assert len(set(by_gram.values())) == len(by_gram)


def test_each_gram_belongs_to_its_own_text() -> None:
    owners, codes = gram_codes(["abc", "สหกรณ์", "xy"], 3)
    assert owners.tolist() == [0, 0, 0, 1, 1, 1, 1, 2, 2]
    assert len(set(codes[owners == 0].tolist()) & set(codes[owners == 2].tolist())) == 0


def test_spaces_between_thai_words_do_not_change_the_grams() -> None:
    assert np.array_equal(
        gram_codes(["สหกรณ์ แพลตฟอร์ม"], 3)[1], gram_codes(["สหกรณ์แพลตฟอร์ม"], 3)[1]
    )


def test_unsupported_size_is_refused() -> None:
    with pytest.raises(ValueError):
        gram_codes(["abc"], 9)


def test_counts_rank_the_entry_that_shares_the_grams() -> None:
    counts = GramCounts(fields=1, size=3)
    counts.add(0, [0, 1, 1], ["ทุนสหกรณ์", "แอปไรเดอร์", "rider app"])
    index = counts.build(2, Weighting((1.0,), idf_fields=1, saturation=0.6))
    scoring = Scoring(unknown_weight=1.0, cap=20.0)
    scores = index.coverage(index.query_grams("ไรเดอร"), scoring, 2)
    assert scores[1] > 0 and scores[0] == 0
    assert index.coverage(index.query_grams("zzz"), scoring, 2).tolist() == [0.0, 0.0]
