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

from bot.knowledge.grams import GramCounts
from bot.knowledge.lexicon import Lexicon
from bot.knowledge.model import FaqEntry
from bot.knowledge.sparse import FieldCounts, Scoring, SparseMatrix, Weighting
from bot.knowledge.text import normalize

PARALLEL_FROM = 2000  # entries; below this, forking costs more than it saves
GRAM_BATCH = 20_000  # texts whose n-grams are counted in one go

_TAG = re.compile(r"<[^>]+>|https?://\S+")


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

    def ids_of(self, terms: Iterable[str]) -> array:
        """The ids of terms (new ones get the next ids)."""
        return array("i", map(self._ids.__getitem__, terms))

    def merge(self, other: TermCounts) -> np.ndarray:
        """Append another collection (of other rows), translating its term ids to ours.

        Returns the translation (their id → our id) for other arrays of their ids.
        """
        mapping = np.fromiter(
            map(self._ids.__getitem__, other._ids), dtype=np.intc, count=len(other._ids)
        )
        for field, columns in enumerate(other._columns):
            self._columns[field].frombytes(_translate(mapping, columns))
            self._rows[field].extend(other._rows[field])
            self._counts[field].extend(other._counts[field])
        return mapping

    def __getstate__(self) -> tuple[list[str], list[array], list[array], list[array]]:
        return list(self._ids), self._rows, self._columns, self._counts

    def __setstate__(self, state: tuple[list[str], list[array], list[array], list[array]]) -> None:
        terms, self._rows, self._columns, self._counts = state
        self._ids = defaultdict(
            count(len(terms)).__next__, zip(terms, range(len(terms)), strict=True)
        )

    def build(self, size: int, weighting: Weighting) -> TermIndex:
        """Weigh the counts into a matrix whose columns are this collection's term ids."""
        fields = [
            FieldCounts(
                np.frombuffer(rows, dtype=np.intc),
                np.frombuffer(columns, dtype=np.intc),
                np.frombuffer(counts, dtype=np.intc).astype(np.float64),
            )
            for rows, columns, counts in zip(self._rows, self._columns, self._counts, strict=True)
        ]
        vocabulary = dict(self._ids)
        matrix = SparseMatrix.weigh(fields, len(vocabulary), size, weighting)
        return TermIndex(vocabulary, matrix)


@dataclass(frozen=True)
class TermIndex:
    """The term matrix and the column of each term."""

    vocabulary: dict[str, int]
    matrix: SparseMatrix

    def coverage(self, terms: Iterable[str], scoring: Scoring, entries: int) -> np.ndarray:
        """Score every entry by the idf-weighted share of the query's terms it covers."""
        found = [self.vocabulary.get(term) for term in set(terms)]
        columns = [column for column in found if column is not None]
        return self.matrix.coverage(columns, len(found) - len(columns), scoring, entries)

    def ids_of(self, terms: Iterable[str]) -> set[int]:
        """The columns of the known terms among ``terms``."""
        vocabulary = self.vocabulary
        return {vocabulary[term] for term in terms if term in vocabulary}

    def idf_of(self, term: str) -> float:
        """The idf of a known term (0 for unknown ones)."""
        column = self.vocabulary.get(term)
        return 0.0 if column is None else float(self.matrix.idf[column])


def _answer_text(raw: str) -> str:
    """Answer text without markup or links, for indexing."""
    return html.unescape(_TAG.sub(" ", raw))


# Fields of the two indexes, in the order their weights are given to build().
TERM_FIELDS = ("questions", "keywords", "answer")
GRAM_FIELDS = ("questions", "keywords")


@dataclass
class AnalysedEntries:
    """Entries analysed for indexing: term and n-gram counts, and each variant's text and terms."""

    grams: GramCounts
    terms: TermCounts = dataclasses.field(default_factory=lambda: TermCounts(len(TERM_FIELDS)))
    pending_grams: list[tuple[list[int], list[str]]] = dataclasses.field(
        default_factory=lambda: [([], []) for _ in GRAM_FIELDS]
    )
    variants: list[tuple[str, ...]] = dataclasses.field(default_factory=list)
    variant_term_ids: array = dataclasses.field(default_factory=lambda: array("i"))
    variant_lengths: array = dataclasses.field(default_factory=lambda: array("i"))
    variants_per_entry: array = dataclasses.field(default_factory=lambda: array("i"))
    latin_words: set[str] = dataclasses.field(default_factory=set)

    def add(self, row: int, entry: FaqEntry, settings: AnalysisSettings) -> None:
        """Normalise, segment and count one entry's questions, keywords and answer text."""
        lexicon = settings.lexicon
        questions = [normalize(q) for values in entry.questions.values() for q in values]
        keyword_texts = [
            lexicon.analyse_short(k) for values in entry.keywords.values() for k in values
        ]
        keywords = [text.normalized for text in keyword_texts]
        words = [lexicon.words(q, normalized=True) for q in questions]
        answer_words = [
            lexicon.words(_answer_text(answer)[: settings.answer_chars])
            for answer in entry.answers.values()
        ]
        analysed = [lexicon.terms(w) for w in words]
        self.terms.add(row, 0, Counter(chain.from_iterable(analysed)))
        self.terms.add(row, 1, Counter(chain.from_iterable(t.terms for t in keyword_texts)))
        self.terms.add(row, 2, Counter(chain.from_iterable(map(lexicon.terms, answer_words))))
        for (rows, texts), field_texts in zip(
            self.pending_grams, (questions, keywords), strict=True
        ):
            rows.extend([row] * len(field_texts))
            texts.extend(field_texts)
        if len(self.pending_grams[0][1]) >= GRAM_BATCH:
            self.count_grams()
        self.variants.append(tuple(questions))
        self.variant_term_ids.extend(self.terms.ids_of(chain.from_iterable(analysed)))
        self.variant_lengths.extend(array("i", map(len, analysed)))
        self.variants_per_entry.append(len(analysed))
        self.latin_words.update(
            word
            for group in (*words, *(t.words for t in keyword_texts))
            for word in group
            if word.isascii()
        )

    def variant_terms(self) -> VariantTerms:
        """Each variant's term ids, by entry (ids are the term matrix's columns)."""
        lengths = np.frombuffer(self.variant_lengths, dtype=np.intc)
        per_entry = np.frombuffer(self.variants_per_entry, dtype=np.intc)
        return VariantTerms(
            ids=np.frombuffer(self.variant_term_ids, dtype=np.intc).copy(),
            variant_starts=np.r_[0, np.cumsum(lengths)],
            entry_starts=np.r_[0, np.cumsum(per_entry)],
        )

    def count_grams(self) -> None:
        """Count the n-grams of the texts added so far, many texts at a time (numpy)."""
        for field, (rows, texts) in enumerate(self.pending_grams):
            self.grams.add(field, rows, texts)
            rows.clear()
            texts.clear()

    def extend(self, other: AnalysedEntries) -> None:
        """Append entries analysed elsewhere (the rows that follow ours)."""
        mapping = self.terms.merge(other.terms)
        self.grams.merge(other.grams)
        self.variants.extend(other.variants)
        self.variant_term_ids.frombytes(_translate(mapping, other.variant_term_ids))
        self.variant_lengths.extend(other.variant_lengths)
        self.variants_per_entry.extend(other.variants_per_entry)
        self.latin_words |= other.latin_words


@dataclass(frozen=True)
class VariantTerms:
    """The term ids of every question variant, flat: variant v of the whole index holds
    ``ids[variant_starts[v]:variant_starts[v + 1]]``, entry e the variants
    ``entry_starts[e]`` up to ``entry_starts[e + 1]``."""

    ids: np.ndarray
    variant_starts: np.ndarray
    entry_starts: np.ndarray

    def of_entry(self, entry: int) -> list[np.ndarray]:
        """The term ids of each of one entry's variants."""
        first, last = self.entry_starts[entry], self.entry_starts[entry + 1]
        starts = self.variant_starts
        return [self.ids[starts[v] : starts[v + 1]] for v in range(first, last)]


def _translate(mapping: np.ndarray, ids: array) -> bytes:
    """Ids in another collection's numbering, renumbered through ``mapping``, as bytes."""
    return mapping[np.frombuffer(ids, dtype=np.intc)].astype(np.intc).tobytes()


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
    analysed = AnalysedEntries(GramCounts(len(GRAM_FIELDS), settings.ngram_size))
    for row, entry in enumerate(entries, start=first_row):
        analysed.add(row, entry, settings)
    analysed.count_grams()
    return analysed


_worker_settings: AnalysisSettings | None = None


def _analyse_in_worker(job: tuple[Sequence[FaqEntry], int]) -> AnalysedEntries:
    """Analyse a slice of entries in a forked worker, with the parent's lexicon."""
    if _worker_settings is None:
        raise RuntimeError("worker started without the parent's lexicon")
    return _analyse_slice(job[0], job[1], _worker_settings)


def analyse_entries(entries: Sequence[FaqEntry], settings: AnalysisSettings) -> AnalysedEntries:
    """Analyse every entry in order, on several forked processes when there are many.

    Workers analyse slices and return compact arrays with their own term ids, cheap to send
    back; the parent only merges them, in order, as they arrive.
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
    size = math.ceil(len(entries) / (workers * 4))
    jobs = [(entries[start : start + size], start) for start in range(0, len(entries), size)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.imap(_analyse_in_worker, jobs)
            analysed = next(parts)
            for part in parts:
                analysed.extend(part)
    finally:
        _worker_settings = None
    return analysed
