"""The matcher's index: per-entry text analysis and sparse BM25F weight matrices.

Building is the slow part of matching (segmentation and counting for every variant), so it
lives here apart from the decision logic. Large knowledge bases are analysed on several
processes when the platform can fork and the process has no other threads.
"""

from __future__ import annotations

import html
import math
import multiprocessing
import os
import re
import threading
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from bot.knowledge.lexicon import Lexicon
from bot.knowledge.model import FaqEntry
from bot.knowledge.text import normalize

PARALLEL_FROM = 2000  # entries; below this, forking costs more than it saves

_TAG = re.compile(r"<[^>]+>|https?://\S+")
_THAI_RUN = re.compile(r"[\u0e01-\u0e5b]+")
_LATIN_RUN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class SparseIndex:
    """A sparse entry × term weight matrix in compressed columns, plus each term's idf."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    typical_idf: float
    indptr: np.ndarray
    rows: np.ndarray
    weights: np.ndarray

    def coverage(
        self, terms: Iterable[str], size: int, unknown_weight: float, cap: float
    ) -> np.ndarray:
        """Score every entry by the idf-weighted share of the query's terms it covers.

        The query's weight is capped at ``cap`` typical terms, so a long story that contains
        the question is judged by what it matches rather than by all it says besides.
        """
        unknown_idf = math.log(1 + (size + 0.5) / 0.5)
        total = 0.0
        parts_entries: list[np.ndarray] = []
        parts_weights: list[np.ndarray] = []
        for term in set(terms):
            column = self.vocabulary.get(term)
            if column is None:
                total += unknown_weight * unknown_idf
                continue
            idf = float(self.idf[column])
            total += idf
            start, end = self.indptr[column], self.indptr[column + 1]
            parts_entries.append(self.rows[start:end])
            parts_weights.append(self.weights[start:end] * idf)
        if not parts_entries or total <= 0:
            return np.zeros(size)
        scores = np.bincount(
            np.concatenate(parts_entries), np.concatenate(parts_weights), minlength=size
        )
        return np.minimum(scores / min(total, cap * self.typical_idf), 1.0)

    def idf_of(self, term: str) -> float:
        """The idf of a known term (0 for unknown ones)."""
        column = self.vocabulary.get(term)
        return 0.0 if column is None else float(self.idf[column])


class SparseIndexBuilder:
    """Collects per-entry, per-field term counts compactly, then weighs them (BM25F).

    Counts go into flat arrays as entries are analysed, so a large knowledge base never holds
    every entry's counters at once. Document frequency counts only the first ``idf_fields``
    fields where a term occurs there, so words that every answer mentions still tell
    questions apart.
    """

    def __init__(self, field_weights: Sequence[float], idf_fields: int) -> None:
        self.field_weights = tuple(field_weights)
        self.idf_fields = idf_fields
        self.vocabulary: dict[str, int] = {}
        fields = range(len(self.field_weights))
        self._rows = [array("q") for _ in fields]
        self._columns = [array("q") for _ in fields]
        self._counts = [array("d") for _ in fields]
        self._lengths: list[dict[int, float]] = [{} for _ in fields]

    def add(self, row: int, field: int, counter: Counter[str]) -> None:
        """Record the term counts of one field of one entry."""
        if not counter:
            return
        vocabulary = self.vocabulary
        ids = [vocabulary.setdefault(term, len(vocabulary)) for term in counter]
        self._columns[field].extend(ids)
        self._rows[field].extend([row] * len(ids))
        self._counts[field].extend(counter.values())
        self._lengths[field][row] = float(sum(counter.values()))

    def build(self, size: int, saturation: float) -> SparseIndex:
        """Weigh the counts (length-normalised, saturated) into compressed columns."""
        width = max(len(self.vocabulary), 1)
        keys_parts, values_parts, focused_parts = [], [], []
        for field, weight in enumerate(self.field_weights):
            rows = np.frombuffer(self._rows[field], dtype=np.int64)
            columns = np.frombuffer(self._columns[field], dtype=np.int64)
            counts = np.frombuffer(self._counts[field], dtype=np.float64)
            lengths = np.zeros(max(size, 1))
            for row, length in self._lengths[field].items():
                lengths[row] = length
            present = lengths[lengths > 0]
            average = float(present.mean()) if len(present) else 1.0
            norms = np.where(lengths > 0, 0.25 + 0.75 * lengths / average, 1.0)
            keys_parts.append(rows * width + columns)
            values_parts.append(counts * weight / norms[rows])
            if field < self.idf_fields:
                focused_parts.append(rows * width + columns)
        keys = np.concatenate(keys_parts) if keys_parts else np.zeros(0, dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else keys
        unique = keys[starts]
        tf = (
            np.add.reduceat(np.concatenate(values_parts)[order], starts)
            if len(keys)
            else np.zeros(0)
        )
        entry_of, term_of = unique // width, unique % width
        frequency = np.bincount(term_of, minlength=len(self.vocabulary)).astype(np.float64)
        if focused_parts:
            pairs = np.sort(np.concatenate(focused_parts))
            pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs
            in_focus = np.bincount(pairs % width, minlength=len(self.vocabulary))
            frequency = np.where(in_focus > 0, in_focus, frequency)
        idf = np.log1p((size - frequency + 0.5) / (frequency + 0.5))
        by_term = np.argsort(term_of, kind="stable")
        indptr = np.searchsorted(term_of[by_term], np.arange(len(self.vocabulary) + 1))
        return SparseIndex(
            vocabulary=self.vocabulary,
            idf=idf,
            typical_idf=float(np.median(idf)) if len(idf) else 1.0,
            indptr=indptr.astype(np.int64),
            rows=entry_of[by_term].astype(np.int32),
            weights=(tf / (tf + saturation))[by_term].astype(np.float32),
        )


def char_ngrams(text: str, size: int) -> list[str]:
    """Character n-grams of Thai runs (spaces removed) and padded Latin words."""
    grams: list[str] = []
    thai = "".join(_THAI_RUN.findall(text))
    grams.extend(thai[i : i + size] for i in range(max(len(thai) - size + 1, 0)))
    if 0 < len(thai) < size:
        grams.append(thai)
    for word in _LATIN_RUN.findall(text):
        padded = f" {word} "
        grams.extend(padded[i : i + size] for i in range(len(padded) - size + 1))
    return grams


def _answer_text(raw: str) -> str:
    """Answer text without markup or links, for indexing."""
    return html.unescape(_TAG.sub(" ", raw))


@dataclass(frozen=True)
class EntryText:
    """One entry analysed for indexing: counts per field and each variant's text and terms."""

    variants: tuple[str, ...]
    variant_terms: tuple[frozenset[str], ...]
    question_terms: Counter[str]
    keyword_terms: Counter[str]
    answer_terms: Counter[str]
    question_grams: Counter[str]
    keyword_grams: Counter[str]
    latin_words: frozenset[str]


def analyse_entry(
    entry: FaqEntry, lexicon: Lexicon, ngram_size: int, answer_chars: int
) -> EntryText:
    """Normalise, segment and count one entry's questions, keywords and answer text."""
    questions = [normalize(q) for values in entry.questions.values() for q in values]
    keywords = [normalize(k) for values in entry.keywords.values() for k in values]
    words = [lexicon.words(q, normalized=True) for q in questions]
    keyword_words = [lexicon.words(k, normalized=True) for k in keywords]
    answer_words = [
        lexicon.words(_answer_text(answer)[:answer_chars]) for answer in entry.answers.values()
    ]
    analysed = [lexicon.terms(w) for w in words]
    return EntryText(
        variants=tuple(questions),
        variant_terms=tuple(frozenset(terms) for terms in analysed if terms),
        question_terms=Counter(chain.from_iterable(analysed)),
        keyword_terms=Counter(chain.from_iterable(lexicon.terms(w) for w in keyword_words)),
        answer_terms=Counter(chain.from_iterable(lexicon.terms(w) for w in answer_words)),
        question_grams=Counter(chain.from_iterable(char_ngrams(q, ngram_size) for q in questions)),
        keyword_grams=Counter(chain.from_iterable(char_ngrams(k, ngram_size) for k in keywords)),
        latin_words=frozenset(
            word for group in (*words, *keyword_words) for word in group if word.isascii()
        ),
    )


_worker_state: tuple[Lexicon, int, int] | None = None


def _analyse_in_worker(entries: Sequence[FaqEntry]) -> list[EntryText]:
    """Analyse a slice of entries in a forked worker, with the parent's lexicon."""
    if _worker_state is None:
        raise RuntimeError("worker started without the parent's lexicon")
    lexicon, ngram_size, answer_chars = _worker_state
    return [analyse_entry(entry, lexicon, ngram_size, answer_chars) for entry in entries]


def analyse_entries(
    entries: Sequence[FaqEntry], lexicon: Lexicon, ngram_size: int, answer_chars: int
) -> Iterator[EntryText]:
    """Analyse every entry in order, on several forked processes when there are many."""
    workers = min(os.cpu_count() or 1, 8)
    if (
        len(entries) < PARALLEL_FROM
        or workers < 2
        or "fork" not in multiprocessing.get_all_start_methods()
        or threading.active_count() > 1  # forking a threaded process can deadlock the child
    ):
        for entry in entries:
            yield analyse_entry(entry, lexicon, ngram_size, answer_chars)
        return
    global _worker_state
    _worker_state = (lexicon, ngram_size, answer_chars)
    size = math.ceil(len(entries) / (workers * 8))
    slices = [entries[start : start + size] for start in range(0, len(entries), size)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for part in pool.imap(_analyse_in_worker, slices):
                yield from part
    finally:
        _worker_state = None
