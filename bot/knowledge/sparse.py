"""Sparse BM25F weight matrices: entry × term weights in compressed columns, and scoring.

Terms (words, concepts) and character n-grams are collected differently (see ``index`` and
``grams``) but weighed and scored the same way, here, on integer column ids.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class FieldCounts:
    """How often term ``columns[i]`` occurs in one field of entry ``rows[i]``."""

    rows: np.ndarray
    columns: np.ndarray
    counts: np.ndarray


@dataclass(frozen=True)
class Scoring:
    """How unknown query terms weigh, and the cap on a query's weight, in typical terms."""

    unknown_weight: float
    cap: float


@dataclass(frozen=True)
class Weighting:
    """How counts become weights (BM25F).

    ``field_weights`` weigh each field; document frequency counts only the first
    ``idf_fields`` fields where a term occurs there, so words that every answer mentions
    still tell questions apart; only the first ``reference_rows`` rows (all when None) count
    towards idf and the average length, so rows appended for another purpose don't shift
    how the others are weighed.
    """

    field_weights: tuple[float, ...]
    idf_fields: int
    saturation: float
    reference_rows: int | None = None


@dataclass(frozen=True)
class SparseMatrix:
    """Saturated BM25F weights by column (term), plus each column's idf."""

    idf: np.ndarray
    typical_idf: float
    indptr: np.ndarray
    rows: np.ndarray
    weights: np.ndarray

    @classmethod
    def weigh(
        cls, fields: Sequence[FieldCounts], width: int, size: int, weighting: Weighting
    ) -> SparseMatrix:
        """Length-normalise and saturate counts over ``size`` entries and ``width`` columns."""
        width = max(width, 1)
        reference = size if weighting.reference_rows is None else weighting.reference_rows
        field_weights, idf_fields = weighting.field_weights, weighting.idf_fields
        keys_parts, values_parts, focused_parts = [], [], []
        for number, (counts, weight) in enumerate(zip(fields, field_weights, strict=True)):
            rows = counts.rows.astype(np.int64)
            keys = rows * width + counts.columns.astype(np.int64)
            lengths = np.bincount(rows, weights=counts.counts, minlength=max(size, 1))
            present = lengths[:reference][lengths[:reference] > 0]
            average = float(present.mean()) if len(present) else 1.0
            norms = np.where(lengths > 0, 0.25 + 0.75 * lengths / average, 1.0)
            keys_parts.append(keys)
            values_parts.append(counts.counts * weight / norms[rows])
            if number < idf_fields:
                focused_parts.append(keys)
        keys = np.concatenate(keys_parts) if keys_parts else np.zeros(0, dtype=np.int64)
        order = np.argsort(keys, kind="stable")  # fields arrive sorted: timsort merges runs
        keys = keys[order]
        starts = run_starts(keys)
        unique = keys[starts]
        values = np.concatenate(values_parts)[order] if len(keys) else np.zeros(0)
        tf = np.add.reduceat(values, starts) if len(keys) else values
        entry_of, term_of = unique // width, unique % width
        counted = entry_of < reference
        frequency = np.bincount(term_of[counted], minlength=width).astype(np.float64)
        if focused_parts and len(focused_parts) < len(keys_parts):
            pairs = sorted_unique(np.concatenate(focused_parts))
            pairs = pairs[pairs // width < reference]
            in_focus = np.bincount(pairs % width, minlength=width)
            frequency = np.where(in_focus > 0, in_focus, frequency)
        idf = np.log1p((reference - frequency + 0.5) / (frequency + 0.5))
        by_term = np.argsort(term_of, kind="stable")
        indptr = np.searchsorted(term_of[by_term], np.arange(width + 1))
        return cls(
            idf=idf,
            typical_idf=float(np.median(idf[frequency > 0])) if frequency.any() else 1.0,
            indptr=indptr.astype(np.int64),
            rows=entry_of[by_term].astype(np.int32),
            weights=(tf / (tf + weighting.saturation))[by_term].astype(np.float32),
        )

    def coverage(
        self, columns: Sequence[int], unknown: int, weights: Scoring, size: int
    ) -> np.ndarray:
        """Score every entry by the idf-weighted share of the query's distinct terms it covers.

        ``unknown`` terms are in no entry and weigh as the rarest term would. The query's
        weight is capped at ``cap`` typical terms, so a long story that contains the question
        is judged by what it matches rather than by all it says besides.
        """
        total = unknown * weights.unknown_weight * math.log(1 + (size + 0.5) / 0.5)
        parts_entries: list[np.ndarray] = []
        parts_weights: list[np.ndarray] = []
        for column in columns:
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
        return np.minimum(scores / min(total, weights.cap * self.typical_idf), 1.0)


def run_starts(values: np.ndarray) -> np.ndarray:
    """Positions where a run of equal values starts in a sorted array."""
    if not len(values):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, values[1:] != values[:-1]])


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (by sorting: np.unique hashes, far slower here)."""
    ordered = np.sort(values)
    return ordered[run_starts(ordered)]
