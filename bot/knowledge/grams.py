"""Character n-grams as integers, counted for many texts at once with numpy.

N-grams survive Thai typos that break word segmentation. There are millions of them in a
large knowledge base, so instead of strings each n-gram is a number (8 bits per character:
the characters that normalised text keeps are Thai letters, a–z, 0–9 and the space) and
counting is sorting, never a Python call per n-gram.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.knowledge.sparse import (
    FieldCounts,
    Scoring,
    SparseMatrix,
    Weighting,
    run_starts,
    sorted_unique,
)

MAX_SIZE = 4  # 8 bits a character, and the entry number above them, must fit in 63 bits

_THAI_RUN = re.compile(r"[\u0e01-\u0e5b]+")
_LATIN_RUN = re.compile(r"[a-z0-9]+")
_SEPARATOR = "\x01"  # between sources and Latin words: no n-gram crosses it
_PAD = "\x02"  # fills a Thai run shorter than one n-gram
_ALPHABET = " abcdefghijklmnopqrstuvwxyz0123456789" + "".join(
    chr(point) for point in range(0x0E01, 0x0E5C)
)
_CODES = np.zeros(0x0E5C, dtype=np.int64)
_CODES[ord(_PAD)] = 0
_CODES[ord(_SEPARATOR)] = 255
for _code, _char in enumerate(_ALPHABET, start=1):
    _CODES[ord(_char)] = _code
_SEPARATOR_CODE = 255


def gram_source(text: str, size: int) -> str:
    """What n-grams are taken from: the Thai runs joined (spaces between Thai words are
    unreliable), then each Latin word padded with spaces, separated so no n-gram spans two."""
    thai = "".join(_THAI_RUN.findall(text))
    if 0 < len(thai) < size:
        thai += _PAD * (size - len(thai))
    latin = _SEPARATOR.join(f" {word} " for word in _LATIN_RUN.findall(text))
    return f"{thai}{_SEPARATOR}{latin}"


def gram_codes(texts: Sequence[str], size: int) -> tuple[np.ndarray, np.ndarray]:
    """Every n-gram of each normalised text: (index of its text, n-gram code) arrays."""
    if not 1 <= size <= MAX_SIZE:
        raise ValueError(f"n-gram size must be 1 to {MAX_SIZE}, not {size}")
    sources = [gram_source(text, size) for text in texts]
    joined = _SEPARATOR.join(sources)
    chars = _CODES[np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)]
    owner = np.repeat(np.arange(len(sources)), [len(source) + 1 for source in sources])
    windows = len(chars) - size + 1
    if windows <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    codes = np.zeros(windows, dtype=np.int64)
    valid = np.ones(windows, dtype=bool)
    for offset in range(size):
        part = chars[offset : offset + windows]
        codes = (codes << 8) | part
        valid &= part != _SEPARATOR_CODE
    return owner[:windows][valid], codes[valid]


class GramCounts:
    """N-gram counts per field of each entry, in batches of (entry, column, count) arrays.

    Each batch numbers its n-grams by its own sorted list of distinct codes; the batches are
    counted (sorted) where the texts were analysed, possibly in a worker process, so the
    final build only merges short vocabularies and renumbers.
    """

    def __init__(self, fields: int, size: int) -> None:
        self.size = size
        self._parts: list[list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]] = [
            [] for _ in range(fields)
        ]

    def add(self, field: int, rows: Sequence[int], texts: Sequence[str]) -> None:
        """Count the n-grams of ``texts[i]`` as occurring in entry ``rows[i]``."""
        owners, codes = gram_codes(texts, self.size)
        if not len(codes):
            return
        keys = np.sort((np.asarray(rows, dtype=np.int64)[owners] << (8 * self.size)) | codes)
        starts = run_starts(keys)
        counts = np.diff(np.r_[starts, len(keys)]).astype(np.int32)
        unique = keys[starts]
        codes = unique & ((1 << (8 * self.size)) - 1)
        vocabulary = sorted_unique(codes)
        columns = np.searchsorted(vocabulary, codes).astype(np.int32)
        rows_of = (unique >> (8 * self.size)).astype(np.int32)
        self._parts[field].append((rows_of, columns, counts, vocabulary))

    def merge(self, other: GramCounts) -> None:
        """Append another collection's counts (of other entries)."""
        for mine, theirs in zip(self._parts, other._parts, strict=True):
            mine.extend(theirs)

    def build(self, size: int, weighting: Weighting) -> GramIndex:
        """Weigh the counts into a matrix whose columns are the sorted distinct n-grams."""
        batches = [part for parts in self._parts for part in parts]
        every = np.concatenate([batch[3] for batch in batches]) if batches else np.zeros(0)
        vocabulary = sorted_unique(every.astype(np.int64))
        fields = []
        for parts in self._parts:
            if not parts:
                empty = np.zeros(0, dtype=np.int64)
                fields.append(FieldCounts(empty, empty, np.zeros(0)))
                continue
            columns = [np.searchsorted(vocabulary, vocab)[local] for _, local, _, vocab in parts]
            fields.append(
                FieldCounts(
                    np.concatenate([rows for rows, _, _, _ in parts]),
                    np.concatenate(columns),
                    np.concatenate([counts for _, _, counts, _ in parts]).astype(np.float64),
                )
            )
        matrix = SparseMatrix.weigh(fields, len(vocabulary), size, weighting)
        return GramIndex(vocabulary, self.size, matrix)


@dataclass(frozen=True)
class GramIndex:
    """The n-gram matrix and its sorted n-gram codes (column i is code ``vocabulary[i]``)."""

    vocabulary: np.ndarray
    size: int
    matrix: SparseMatrix

    def query_grams(self, text: str) -> np.ndarray:
        """The distinct n-gram codes of a normalised query."""
        return np.unique(gram_codes([text], self.size)[1])

    def coverage(self, grams: np.ndarray, scoring: Scoring, entries: int) -> np.ndarray:
        """Score every entry by the idf-weighted share of the query's n-grams it covers."""
        positions = np.searchsorted(self.vocabulary, grams)
        positions = np.minimum(positions, max(len(self.vocabulary) - 1, 0))
        if len(self.vocabulary):
            known = self.vocabulary[positions] == grams
        else:
            known = np.zeros(len(grams), dtype=bool)
        columns = positions[known].tolist()
        return self.matrix.coverage(columns, len(grams) - len(columns), scoring, entries)
