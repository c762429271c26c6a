"""The matcher's index: per-entry text analysis and sparse BM25F weight matrices.

Building is the slow part of matching (segmentation and counting for every variant), so it
lives here apart from the decision logic. Large knowledge bases are analysed on several
processes when the platform can fork and the process has no other threads.
"""

from __future__ import annotations

import dataclasses
import html
import math
import multiprocessing
import os
import re
import threading
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, count

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


class TermCounts:
    """How often each term occurs in each field of each entry, collected compactly.

    Terms get ids as they are first seen (interned in C, without a Python call per term), and
    counts go into flat arrays, so a large knowledge base never holds per-entry counters.
    Collections made on other processes are merged by remapping their ids with numpy.
    """

    def __init__(self, fields: int) -> None:
        self._ids: defaultdict[str, int] = defaultdict(count().__next__)
        self._rows = [array("i") for _ in range(fields)]
        self._columns = [array("i") for _ in range(fields)]
        self._counts = [array("i") for _ in range(fields)]

    def add(self, row: int, field: int, counter: Counter[str]) -> None:
        """Record the term counts of one field of one entry."""
        if not counter:
            return
        ids = array("i", map(self._ids.__getitem__, counter))
        self._columns[field].extend(ids)
        self._rows[field].extend(array("i", (row,)) * len(ids))
        self._counts[field].extend(array("i", counter.values()))

    def merge(self, other: TermCounts) -> None:
        """Append another collection (of other rows), translating its term ids to ours."""
        mapping = np.fromiter(
            map(self._ids.__getitem__, other._ids), dtype=np.intc, count=len(other._ids)
        )
        for field, columns in enumerate(other._columns):
            translated = mapping[np.frombuffer(columns, dtype=np.intc)]
            self._columns[field].frombytes(translated.tobytes())
            self._rows[field].extend(other._rows[field])
            self._counts[field].extend(other._counts[field])

    def __getstate__(self) -> tuple[list[str], list[array], list[array], list[array]]:
        return list(self._ids), self._rows, self._columns, self._counts

    def __setstate__(self, state: tuple[list[str], list[array], list[array], list[array]]) -> None:
        terms, self._rows, self._columns, self._counts = state
        self._ids = defaultdict(
            count(len(terms)).__next__, zip(terms, range(len(terms)), strict=True)
        )

    def build(
        self, size: int, field_weights: Sequence[float], idf_fields: int, saturation: float
    ) -> SparseIndex:
        """Weigh the counts (BM25F: length-normalised, saturated) into compressed columns.

        Document frequency counts only the first ``idf_fields`` fields where a term occurs
        there, so words that every answer mentions still tell questions apart.
        """
        vocabulary = dict(self._ids)
        width = max(len(vocabulary), 1)
        keys_parts, values_parts, focused_parts = [], [], []
        for field, weight in enumerate(field_weights):
            rows = np.frombuffer(self._rows[field], dtype=np.intc).astype(np.int64)
            columns = np.frombuffer(self._columns[field], dtype=np.intc).astype(np.int64)
            counts = np.frombuffer(self._counts[field], dtype=np.intc).astype(np.float64)
            lengths = np.bincount(rows, weights=counts, minlength=max(size, 1))
            present = lengths[lengths > 0]
            average = float(present.mean()) if len(present) else 1.0
            norms = np.where(lengths > 0, 0.25 + 0.75 * lengths / average, 1.0)
            keys_parts.append(rows * width + columns)
            values_parts.append(counts * weight / norms[rows])
            if field < idf_fields:
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
        frequency = np.bincount(term_of, minlength=len(vocabulary)).astype(np.float64)
        if focused_parts:
            pairs = np.sort(np.concatenate(focused_parts))  # np.unique hashes, far slower
            pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs
            in_focus = np.bincount(pairs % width, minlength=len(vocabulary))
            frequency = np.where(in_focus > 0, in_focus, frequency)
        idf = np.log1p((size - frequency + 0.5) / (frequency + 0.5))
        by_term = np.argsort(term_of, kind="stable")
        indptr = np.searchsorted(term_of[by_term], np.arange(len(vocabulary) + 1))
        return SparseIndex(
            vocabulary=vocabulary,
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


# Fields of the two indexes, in the order their weights are given to TermCounts.build.
TERM_FIELDS = ("questions", "keywords", "answer")
GRAM_FIELDS = ("questions", "keywords")


@dataclass
class AnalysedEntries:
    """Entries analysed for indexing: term and n-gram counts, and each variant's text and terms."""

    terms: TermCounts = dataclasses.field(default_factory=lambda: TermCounts(len(TERM_FIELDS)))
    grams: TermCounts = dataclasses.field(default_factory=lambda: TermCounts(len(GRAM_FIELDS)))
    variants: list[tuple[str, ...]] = dataclasses.field(default_factory=list)
    variant_terms: list[tuple[frozenset[str], ...]] = dataclasses.field(default_factory=list)
    latin_words: set[str] = dataclasses.field(default_factory=set)

    def add(self, row: int, entry: FaqEntry, settings: AnalysisSettings) -> None:
        """Normalise, segment and count one entry's questions, keywords and answer text."""
        lexicon, size = settings.lexicon, settings.ngram_size
        questions = [normalize(q) for values in entry.questions.values() for q in values]
        keywords = [normalize(k) for values in entry.keywords.values() for k in values]
        words = [lexicon.words(q, normalized=True) for q in questions]
        keyword_words = [lexicon.words(k, normalized=True) for k in keywords]
        answer_words = [
            lexicon.words(_answer_text(answer)[: settings.answer_chars])
            for answer in entry.answers.values()
        ]
        analysed = [lexicon.terms(w) for w in words]
        self.terms.add(row, 0, Counter(chain.from_iterable(analysed)))
        self.terms.add(row, 1, Counter(chain.from_iterable(map(lexicon.terms, keyword_words))))
        self.terms.add(row, 2, Counter(chain.from_iterable(map(lexicon.terms, answer_words))))
        grams = [
            Counter(chain.from_iterable(char_ngrams(t, size) for t in texts))
            for texts in (questions, keywords)
        ]
        self.grams.add(row, 0, grams[0])
        self.grams.add(row, 1, grams[1])
        self.variants.append(tuple(questions))
        self.variant_terms.append(tuple(frozenset(terms) for terms in analysed if terms))
        self.latin_words.update(
            word for group in (*words, *keyword_words) for word in group if word.isascii()
        )

    def extend(self, other: AnalysedEntries) -> None:
        """Append entries analysed elsewhere (the rows that follow ours)."""
        self.terms.merge(other.terms)
        self.grams.merge(other.grams)
        self.variants.extend(other.variants)
        self.variant_terms.extend(other.variant_terms)
        self.latin_words |= other.latin_words


@dataclass(frozen=True)
class AnalysisSettings:
    """What analysis needs besides the entries: the vocabulary and two sizes from the config."""

    lexicon: Lexicon
    ngram_size: int
    answer_chars: int


def _analyse_slice(
    entries: Sequence[FaqEntry], first_row: int, settings: AnalysisSettings
) -> AnalysedEntries:
    """Analyse consecutive entries, numbering them from ``first_row``."""
    analysed = AnalysedEntries()
    for row, entry in enumerate(entries, start=first_row):
        analysed.add(row, entry, settings)
    return analysed


_worker_settings: AnalysisSettings | None = None


def _analyse_in_worker(job: tuple[Sequence[FaqEntry], int]) -> AnalysedEntries:
    """Analyse a slice of entries in a forked worker, with the parent's lexicon."""
    if _worker_settings is None:
        raise RuntimeError("worker started without the parent's lexicon")
    return _analyse_slice(job[0], job[1], _worker_settings)


def analyse_entries(entries: Sequence[FaqEntry], settings: AnalysisSettings) -> AnalysedEntries:
    """Analyse every entry in order, on several forked processes when there are many.

    Each worker returns compact arrays with its own term ids, which are cheap to send back
    and merge; the parent analyses the first slice itself meanwhile.
    """
    workers = min(os.cpu_count() or 1, 8)
    if (
        len(entries) < PARALLEL_FROM
        or workers < 2
        or "fork" not in multiprocessing.get_all_start_methods()
        or threading.active_count() > 1  # forking a threaded process can deadlock the child
    ):
        return _analyse_slice(entries, 0, settings)
    global _worker_settings
    _worker_settings = settings
    size = math.ceil(len(entries) / workers)
    jobs = [(entries[start : start + size], start) for start in range(size, len(entries), size)]
    try:
        with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
            pending = pool.imap(_analyse_in_worker, jobs)
            analysed = _analyse_slice(entries[:size], 0, settings)
            for part in pending:
                analysed.extend(part)
    finally:
        _worker_settings = None
    return analysed
