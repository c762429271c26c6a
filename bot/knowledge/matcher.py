"""Match a founder's question, in Thai or English, to FAQ entries and decide how sure we are.

Three signals are combined per entry:

* term relevance: BM25F over normalised, stemmed, synonym-canonicalised terms, with the
  question variants at full weight and keywords and answer text at lower weight; the score is
  divided by what the query could reach, so it reads as "how much of the question is covered";
* character n-grams (BM25F again) over the raw normalised text, which survive Thai typos that
  break word segmentation;
* fuzzy similarity (rapidfuzz) between the query and the closest question variant.

The decision uses the best score and its margin over the runner-up: a clear winner is
answered, a close race or a middling score is offered as suggestions, the rest falls back.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, process

from bot.knowledge.lexicon import CONCEPT_PREFIX, Lexicon, load_lexicon
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.text import (
    Language,
    detect_script_language,
    keyboard_thai,
    normalize,
)

Decision = Literal["answer", "suggest", "fallback"]

_TAG = re.compile(r"<[^>]+>|https?://\S+")
_THAI_RUN = re.compile(r"[\u0e01-\u0e5b]+")
_LATIN_RUN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class MatcherConfig:
    """Weights and calibrated thresholds; the defaults were tuned on the development set."""

    answer_score: float = 0.52
    answer_margin: float = 0.015
    suggest_score: float = 0.33
    suggest_ratio: float = 0.6
    max_suggestions: int = 3
    max_query_chars: int = 2000
    question_weight: float = 1.0
    keyword_weight: float = 0.7
    answer_weight: float = 0.2
    saturation: float = 0.6
    unknown_weight: float = 1.0
    term_weight: float = 0.55
    ngram_weight: float = 0.25
    fuzzy_weight: float = 0.20
    variant_weight: float = 0.2
    ngram_size: int = 3
    term_cap: float = 6.0
    gram_cap: float = 20.0
    fuzzy_scorer: str = "partial_ratio"
    typo_cutoff: float = 84.0
    shortlist: int = 12


@dataclass(frozen=True)
class Candidate:
    """One entry the question may be about, with a combined score in [0, 1]."""

    entry_id: str
    score: float


@dataclass(frozen=True)
class MatchResult:
    """What the matcher decided for one question, and on which candidates."""

    decision: Decision
    candidates: tuple[Candidate, ...]
    language: Language | None
    truncated: bool = False

    @property
    def best(self) -> Candidate | None:
        """The top candidate, if any."""
        return self.candidates[0] if self.candidates else None


@dataclass(frozen=True)
class _Postings:
    """A sparse entry × term weight matrix stored per term, plus each term's idf."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    typical_idf: float
    entries: tuple[np.ndarray, ...]
    weights: tuple[np.ndarray, ...]

    @classmethod
    def build(
        cls,
        fields: Sequence[tuple[Sequence[Counter[str]], float]],
        size: int,
        saturation: float,
        idf_fields: int = 1,
    ) -> _Postings:
        """Combine per-field term counts (BM25F, length-normalised) into saturated weights.

        Document frequency counts only the first ``idf_fields`` fields where a term occurs
        there, so words that every answer mentions still tell questions apart.
        """
        combined: list[Counter[str]] = [Counter() for _ in range(size)]
        focused: Counter[str] = Counter()
        for index in range(size):
            focused.update(
                {term for counters, _ in fields[:idf_fields] for term in counters[index]}
            )
        for counters, weight in fields:
            lengths = [sum(counter.values()) for counter in counters]
            average = (sum(lengths) / len(lengths)) if lengths and sum(lengths) else 1.0
            for index, counter in enumerate(counters):
                norm = 0.25 + 0.75 * (lengths[index] / average) if lengths[index] else 1.0
                for term, count in counter.items():
                    combined[index][term] += weight * count / norm
        document_frequency: Counter[str] = Counter()
        for counter in combined:
            document_frequency.update(counter.keys())
        for term in document_frequency:
            if focused[term]:
                document_frequency[term] = focused[term]
        vocabulary = {term: i for i, term in enumerate(sorted(document_frequency))}
        rows: list[list[int]] = [[] for _ in vocabulary]
        values: list[list[float]] = [[] for _ in vocabulary]
        for index, counter in enumerate(combined):
            for term, tf in counter.items():
                column = vocabulary[term]
                rows[column].append(index)
                values[column].append(tf / (tf + saturation))
        idf = np.array(
            [
                math.log(
                    1 + (size - document_frequency[term] + 0.5) / (document_frequency[term] + 0.5)
                )
                for term in vocabulary
            ],
            dtype=np.float64,
        )
        return cls(
            vocabulary=vocabulary,
            idf=idf,
            typical_idf=float(np.median(idf)) if len(idf) else 1.0,
            entries=tuple(np.array(row, dtype=np.int32) for row in rows),
            weights=tuple(np.array(value, dtype=np.float32) for value in values),
        )

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
            parts_entries.append(self.entries[column])
            parts_weights.append(self.weights[column] * idf)
        if not parts_entries or total <= 0:
            return np.zeros(size)
        scores = np.bincount(
            np.concatenate(parts_entries), np.concatenate(parts_weights), minlength=size
        )
        return np.minimum(scores / min(total, cap * self.typical_idf), 1.0)


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


class Matcher:
    """An immutable index over one knowledge base; rebuild and swap it when the FAQ changes."""

    def __init__(
        self,
        ids: tuple[str, ...],
        variants: tuple[tuple[str, ...], ...],
        variant_terms: tuple[tuple[frozenset[str], ...], ...],
        terms: _Postings,
        ngrams: _Postings,
        latin_vocabulary: tuple[str, ...],
        lexicon: Lexicon,
        config: MatcherConfig,
    ) -> None:
        self._ids = ids
        self._variants = variants
        self._variant_terms = variant_terms
        self._terms = terms
        self._ngrams = ngrams
        self._latin_vocabulary = latin_vocabulary
        self._latin_known = frozenset(latin_vocabulary)
        self._lexicon = lexicon
        self.config = config
        self._weight_sum = max(
            config.term_weight + config.ngram_weight + config.fuzzy_weight + config.variant_weight,
            1e-9,
        )

    @classmethod
    def build(
        cls,
        kb: KnowledgeBase,
        config: MatcherConfig | None = None,
        lexicon: Lexicon | None = None,
    ) -> Matcher:
        """Index every entry's questions, keywords and answer text."""
        config = config or MatcherConfig()
        lexicon = lexicon or load_lexicon()
        question_terms: list[Counter[str]] = []
        keyword_terms: list[Counter[str]] = []
        answer_terms: list[Counter[str]] = []
        question_grams: list[Counter[str]] = []
        keyword_grams: list[Counter[str]] = []
        variants: list[tuple[str, ...]] = []
        variant_terms: list[tuple[frozenset[str], ...]] = []
        latin: set[str] = set(lexicon.latin_vocabulary())
        for entry in kb.entries:
            questions = [q for values in entry.questions.values() for q in values]
            keywords = [k for values in entry.keywords.values() for k in values]
            normalised = [normalize(q) for q in questions]
            variants.append(tuple(normalised))
            words = [lexicon.words(q) for q in questions]
            keyword_words = [lexicon.words(k) for k in keywords]
            answer_words = [lexicon.words(_answer_text(a)) for a in entry.answers.values()]
            for group in (*words, *keyword_words):
                latin.update(word for word in group if word.isascii() and word.isalpha())
            analysed = [lexicon.terms(w) for w in words]
            variant_terms.append(tuple(frozenset(terms) for terms in analysed if terms))
            question_terms.append(Counter(t for terms in analysed for t in terms))
            keyword_terms.append(Counter(t for w in keyword_words for t in lexicon.terms(w)))
            answer_terms.append(Counter(t for w in answer_words for t in lexicon.terms(w)))
            question_grams.append(
                Counter(g for q in normalised for g in char_ngrams(q, config.ngram_size))
            )
            keyword_grams.append(
                Counter(g for k in keywords for g in char_ngrams(normalize(k), config.ngram_size))
            )
        size = len(kb.entries)
        terms = _Postings.build(
            [
                (question_terms, config.question_weight),
                (keyword_terms, config.keyword_weight),
                (answer_terms, config.answer_weight),
            ],
            size,
            config.saturation,
            idf_fields=2,
        )
        ngrams = _Postings.build(
            [(question_grams, config.question_weight), (keyword_grams, config.keyword_weight)],
            size,
            config.saturation,
            idf_fields=2,
        )
        return cls(
            ids=tuple(entry.id for entry in kb.entries),
            variants=tuple(variants),
            variant_terms=tuple(variant_terms),
            terms=terms,
            ngrams=ngrams,
            latin_vocabulary=tuple(sorted(w for w in latin if len(w) >= 3)),
            lexicon=lexicon,
            config=config,
        )

    def __len__(self) -> int:
        return len(self._ids)

    def match(self, query: str, language: str | None = None) -> MatchResult:
        """Find the entries a question is about and decide: answer, suggest or fall back."""
        config = self.config
        truncated = len(query) > config.max_query_chars
        if truncated:
            query = query[: config.max_query_chars]
        detected = detect_script_language(query)
        if detected == "en":
            converted = keyboard_thai(query, self._latin_known)
            if converted is not None:
                query, detected = converted, "th"
        fallback_language: Language | None = language if language in ("th", "en") else None
        result_language = detected or fallback_language
        scores = self.scores(query)
        if scores is None:
            return MatchResult("fallback", (), result_language, truncated)
        return self._decide(scores, result_language, truncated)

    def scores(self, query: str) -> np.ndarray | None:
        """Combined score of every entry for a query, or None when nothing can match."""
        config = self.config
        size = len(self._ids)
        text = normalize(query)
        if not size or not text:
            return None
        words = [self._correct(word) for word in self._lexicon.words(text)]
        terms = self._lexicon.terms(words)
        grams = char_ngrams(text, config.ngram_size)
        if not terms and not grams:
            return None
        term_scores = self._terms.coverage(terms, size, config.unknown_weight, config.term_cap)
        gram_scores = self._ngrams.coverage(grams, size, config.unknown_weight, config.gram_cap)
        combined = config.term_weight * term_scores + config.ngram_weight * gram_scores
        if config.fuzzy_weight > 0 or config.variant_weight > 0:
            combined = self._add_closest_variant(combined, text, set(terms))
        return combined / self._weight_sum

    def _correct(self, word: str) -> str:
        """Replace an unknown Latin word by the closest known one (typos: diffrent → different)."""
        if len(word) < 4 or not word.isascii() or not word.isalpha():
            return word
        if word in self._latin_known or CONCEPT_PREFIX in word:
            return word
        found = process.extract(
            word, self._latin_vocabulary, scorer=fuzz.ratio, score_cutoff=self.config.typo_cutoff
        )
        for candidate, _, _ in found:
            if candidate[0] == word[0]:  # typos rarely hit the first letter (rain ≠ train)
                return candidate
        return word

    def _add_closest_variant(self, combined: np.ndarray, text: str, terms: set[str]) -> np.ndarray:
        """Add, for the best-scoring entries, how closely one question variant is matched.

        Two views: fuzzy similarity of the text to the closest variant (typos, word order),
        and the idf-weighted share of a variant's terms that the query contains (a long
        message that holds the whole gist of a variant).
        """
        config = self.config
        count = min(config.shortlist, len(combined))
        shortlist = np.argpartition(-combined, count - 1)[:count]
        result = combined.copy()
        vocabulary = self._terms.vocabulary
        idf = self._terms.idf
        for index in shortlist:
            if config.fuzzy_weight > 0:
                best = process.extractOne(
                    text,
                    self._variants[index],
                    scorer=getattr(fuzz, config.fuzzy_scorer),
                    processor=None,
                )
                if best is not None:
                    result[index] += config.fuzzy_weight * best[1] / 100.0
            if config.variant_weight > 0 and terms:
                recall = 0.0
                for variant in self._variant_terms[index]:
                    weights = [float(idf[vocabulary[t]]) for t in variant if t in vocabulary]
                    total = sum(weights)
                    if total <= 0:
                        continue
                    found = sum(
                        float(idf[vocabulary[t]]) for t in variant & terms if t in vocabulary
                    )
                    recall = max(recall, found / total)
                result[index] += config.variant_weight * recall
        return result

    def _decide(
        self, scores: np.ndarray, language: Language | None, truncated: bool
    ) -> MatchResult:
        """Turn scores into a decision using the best score and its margin over the next."""
        config = self.config
        count = min(config.max_suggestions + 1, len(scores))
        top = np.argpartition(-scores, count - 1)[:count]
        order = top[np.argsort(-scores[top], kind="stable")]
        best = float(scores[order[0]])
        second = float(scores[order[1]]) if len(order) > 1 else 0.0
        if best >= config.answer_score and best - second >= config.answer_margin:
            return MatchResult(
                "answer", (Candidate(self._ids[order[0]], round(best, 4)),), language, truncated
            )
        if best < config.suggest_score:
            return MatchResult("fallback", (), language, truncated)
        floor = max(config.suggest_score, best * config.suggest_ratio)
        candidates = tuple(
            Candidate(self._ids[index], round(float(scores[index]), 4))
            for index in order[: config.max_suggestions]
            if scores[index] >= floor
        )
        return MatchResult("suggest", candidates, language, truncated)
