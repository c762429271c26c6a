"""Match a founder's question, in Thai or English, to FAQ entries and decide how sure we are.

Four signals are combined per entry (weights in :class:`MatcherConfig`):

* term relevance: BM25F over normalised, stemmed, synonym-canonicalised terms, with the
  question variants at full weight and keywords and answer text at lower weight; the score is
  divided by what the query could reach, so it reads as "how much of the question is covered";
* character n-grams (BM25F again) over the raw normalised text, which survive Thai typos that
  break word segmentation;
* fuzzy similarity (rapidfuzz ``partial_ratio``) between the query and the closest variant;
* variant recall: the idf-weighted share of one variant's terms found in the query, so a long
  message that holds the gist of a variant scores well despite everything else it says.

The decision is a small logistic model (:mod:`bot.knowledge.decision`) over the best score,
its lead over the runner-up, close runners-up, the nearest out-of-scope group, the unknown
share of the question and its length: a confident winner is answered, a close race or a
middling score is offered as suggestions, the rest falls back.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

from bot.knowledge.decision import DecisionFeatures, DecisionModel, load_decision_model
from bot.knowledge.grams import GramIndex
from bot.knowledge.index import AnalysisSettings, TermIndex, VariantTerms, analyse_entries
from bot.knowledge.lexicon import CONCEPT_PREFIX, Lexicon, load_lexicon
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.scope import OutOfScopeGroup, load_out_of_scope, mentions_coops
from bot.knowledge.sparse import Scoring, Weighting
from bot.knowledge.text import (
    Language,
    detect_script_language,
    keyboard_thai,
    normalize,
    question_tail,
    scripts_of,
)
from bot.languages import supported_language

Decision = Literal["answer", "suggest", "fallback"]


@dataclass(frozen=True)
class MatcherConfig:
    """Weights and thresholds; the defaults were tuned on the development set.

    ``answer_score`` and ``answer_margin`` are floors: above them a score of ``sure_score``
    answers, and below that the calibrated decision model (``decision.json``) decides.
    """

    answer_score: float = 0.40
    answer_margin: float = 0.015
    sure_score: float = 0.52  # at or above it (and the margin) the model is not consulted
    # English questions share more stemmed words between entries, so their scores bunch:
    # a sure English answer needs this lead, a narrower one is left to the model.
    english_sure_margin: float = 0.04
    # a sure answer also needs this lead over the nearest out-of-scope group
    sure_oos_gap: float = 0.1
    # a question that names co-ops (``coop_words``) and whose best entry is within this of
    # the out-of-scope group that beat it gets suggestions instead of the decline
    coop_oos_slack: float = 0.05
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
    answer_chars: int = 1000
    term_cap: float = 6.0
    gram_cap: float = 20.0
    fuzzy_scorer: str = "partial_ratio"
    typo_cutoff: float = 84.0
    stopword_cutoff: float = 88.0
    typo_prefix_similarity: float = 0.93
    typo_prefix_floor: float = 75.0
    tail_from_chars: int = 80
    tail_chars: int = 30
    tail_weight: float = 0.75
    shortlist: int = 6


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
    top_score: float = 0.0  # the best entry's score, kept on fallback too (for analytics)
    declined: bool = False  # fell back because an out-of-scope group was closest

    @property
    def best(self) -> Candidate | None:
        """The top candidate, if any."""
        return self.candidates[0] if self.candidates else None


class Matcher:
    """An immutable index over one knowledge base; rebuild and swap it when the FAQ changes."""

    def __init__(
        self,
        ids: tuple[str, ...],
        entry_count: int,
        variants: tuple[tuple[str, ...], ...],
        variant_terms: VariantTerms,
        terms: TermIndex,
        ngrams: GramIndex,
        latin_vocabulary: tuple[str, ...],
        lexicon: Lexicon,
        config: MatcherConfig,
        decision: DecisionModel | None = None,
        romanized_words: frozenset[str] = frozenset(),
    ) -> None:
        self._ids = ids  # the entries', then the out-of-scope groups'
        self._entry_count = entry_count
        # Each entry's variants by script (Thai, Latin): a question is compared, letter by
        # letter, only with variants written in its own script, since the others share no
        # letters with it and cost as much to compare as the rest.
        by_script = [[scripts_of(v) for v in texts] for texts in variants]
        self._variants_by_script = tuple(
            (
                tuple(v for v, (thai, _) in zip(texts, marks, strict=True) if thai),
                tuple(v for v, (_, latin) in zip(texts, marks, strict=True) if latin),
            )
            for texts, marks in zip(variants, by_script, strict=True)
        )
        self._variant_terms = variant_terms
        # Each variant's total idf, worked out the first time its entry is shortlisted.
        self._variant_totals: dict[int, tuple[tuple[frozenset[int], float], ...]] = {}
        self._terms = terms
        self._ngrams = ngrams
        self._term_idf: list[float] = terms.matrix.idf.tolist()  # per-term sums in Python
        self._term_scoring = Scoring(config.unknown_weight, config.term_cap)
        self._gram_scoring = Scoring(config.unknown_weight, config.gram_cap)
        self._latin_known = frozenset(latin_vocabulary)
        by_initial: dict[str, list[str]] = {}
        for known in latin_vocabulary:
            by_initial.setdefault(known[0], []).append(known)
        self._latin_by_initial = {initial: tuple(words) for initial, words in by_initial.items()}
        self._lexicon = lexicon
        self._romanized_words = romanized_words  # romanized Thai, never a word of the FAQ
        self.config = config
        self._decision = decision
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
        out_of_scope: Sequence[OutOfScopeGroup] | None = None,
        decision: DecisionModel | Literal["default"] | None = "default",
    ) -> Matcher:
        """Index every entry's questions, keywords and answer text, then the examples of what
        the bot does not cover as rows of their own after the entries."""
        config = config or MatcherConfig()
        lexicon = lexicon or load_lexicon()
        groups = load_out_of_scope() if out_of_scope is None else out_of_scope
        settings = AnalysisSettings(lexicon, config.ngram_size, config.answer_chars)
        rows = (*kb.entries, *(group.as_entry() for group in groups))
        analysed = analyse_entries(rows, settings)
        latin = analysed.latin_words | lexicon.latin_vocabulary()
        size = len(kb.entries)

        def weighting(*field_weights: float) -> Weighting:
            """Questions and keywords decide idf; only the entries' rows count for it."""
            return Weighting(field_weights, 2, config.saturation, reference_rows=size)

        return cls(
            ids=tuple(row.id for row in rows),
            entry_count=size,
            variants=tuple(analysed.variants),
            variant_terms=analysed.variant_terms(),
            terms=analysed.terms.build(
                len(rows),
                weighting(config.question_weight, config.keyword_weight, config.answer_weight),
            ),
            ngrams=analysed.grams.build(
                len(rows), weighting(config.question_weight, config.keyword_weight)
            ),
            latin_vocabulary=tuple(sorted(w for w in latin if len(w) >= 3 and w.isalpha())),
            lexicon=lexicon,
            config=config,
            decision=load_decision_model() if decision == "default" else decision,
            romanized_words=lexicon.romanized_words - analysed.latin_words,
        )

    def __len__(self) -> int:
        return self._entry_count

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
        fallback_language = supported_language(language)
        result_language = detected or fallback_language
        scored = self._scored(query)
        if scored is None:
            return MatchResult("fallback", (), result_language, truncated)
        romanized = detected == "en" and self._romanized(query)
        return self._decide(query, scored, result_language, truncated, romanized)

    def _romanized(self, query: str) -> bool:
        """Whether a Latin-letter question uses romanized Thai that no FAQ text uses."""
        return any(word in self._romanized_words for word in query.lower().split())

    def scores(self, query: str) -> np.ndarray | None:
        """Combined score of every entry for a query, or None when nothing can match."""
        scored = self._scored(query)
        return None if scored is None else scored.scores

    def _scored(self, query: str) -> _Scored | None:
        """Scores with what the question looked like (unknown share, length).

        A long message is also scored by its end, where people tend to put the actual
        question after the story: an entry the end matches better gains part of the
        difference, so the story still counts but no longer drowns the question.
        """
        config = self.config
        scored = self._text_scores(query)
        if scored is None or len(query) < config.tail_from_chars:
            return scored
        tail = question_tail(query, config.tail_chars)
        tail_scored = self._text_scores(tail) if tail else None
        if tail_scored is None:
            return scored
        return _Scored(
            _with_tail(scored.scores, tail_scored.scores, config.tail_weight),
            scored.unknown,
            scored.words,
            _with_tail(scored.terms, tail_scored.terms, config.tail_weight),
            _with_tail(scored.grams, tail_scored.grams, config.tail_weight),
        )

    def _text_scores(self, query: str) -> _Scored | None:
        """The four signals combined, for one piece of text."""
        config = self.config
        size = len(self._ids)
        text = normalize(query)
        if not self._entry_count or not text:
            return None
        words = [self._correct(word) for word in self._lexicon.words(text, normalized=True)]
        terms = self._lexicon.terms(words)
        grams = self._ngrams.query_grams(text)
        if not terms and not len(grams):
            return None
        term_scores = self._terms.coverage(terms, self._term_scoring, size)
        gram_scores = self._ngrams.coverage(grams, self._gram_scoring, size)
        combined = config.term_weight * term_scores + config.ngram_weight * gram_scores
        known = self._terms.ids_of(terms)
        if config.fuzzy_weight > 0 or config.variant_weight > 0:
            combined = self._add_closest_variant(combined, text, known)
        distinct = len(set(terms))
        unknown = 1.0 - min(len(known), distinct) / distinct if distinct else 1.0
        return _Scored(combined / self._weight_sum, unknown, len(words), term_scores, gram_scores)

    def _correct(self, word: str) -> str:
        """Replace an unknown Latin word by the closest known one (typos: diffrent → different)."""
        if len(word) < 4 or not word.isascii() or not word.isalpha():
            return word
        if word in self._latin_known or CONCEPT_PREFIX in word:
            return word
        # Typos rarely hit the first letter (rain is not train), so only words sharing it count.
        config, known = self.config, self._latin_by_initial.get(word[0], ())
        found = process.extractOne(word, known, scorer=fuzz.ratio, score_cutoff=config.typo_cutoff)
        if found is None:
            return self._correct_ending(word, known)
        if found[0] in self._lexicon.stopwords and found[1] < config.stopword_cutoff:
            return word  # weather is not whether: only a near-certain typo becomes a stop word
        return found[0]

    def _correct_ending(self, word: str, known: Sequence[str]) -> str:
        """A second chance for typos that keep the start of a word and garble its end
        (fundng → fund, socail → social), which the edit ratio scores too low: Jaro-Winkler
        favours a shared start, and a floor on the edit ratio keeps a longer word from being
        taken for its prefix (whatsapp is not what)."""
        config = self.config
        found = process.extractOne(
            word,
            known,
            scorer=JaroWinkler.normalized_similarity,
            score_cutoff=config.typo_prefix_similarity,
        )
        if found is None or found[0] in self._lexicon.stopwords:
            return word
        known_word = found[0]
        if fuzz.ratio(word, known_word) < config.typo_prefix_floor:
            return word
        if word.startswith(known_word) and not _garbled_ending(word[len(known_word) :]):
            return word  # format is not form: a real word may start with a known one
        return known_word

    def _add_closest_variant(self, combined: np.ndarray, text: str, terms: set[int]) -> np.ndarray:
        """Add, for the best-scoring entries, how closely one question variant is matched.

        Two views: fuzzy similarity of the text to the closest variant (typos, word order),
        and the idf-weighted share of a variant's terms that the query contains (a long
        message that holds the whole gist of a variant).
        """
        config = self.config
        count = min(config.shortlist, len(combined))
        if count < 1:
            return combined
        shortlist = np.argpartition(-combined, count - 1)[:count]
        result = combined.copy()
        idf = self._term_idf
        scorer = getattr(fuzz, config.fuzzy_scorer)
        thai, latin = scripts_of(text)
        for index in shortlist:
            if config.fuzzy_weight > 0:
                in_thai, in_latin = self._variants_by_script[index]
                best = process.extractOne(
                    text,
                    (in_thai if thai else ()) + (in_latin if latin else ()),
                    scorer=scorer,
                    processor=None,
                )
                if best is not None:
                    result[index] += config.fuzzy_weight * best[1] / 100.0
            if config.variant_weight > 0 and terms:
                recall = 0.0
                for variant, total in self._weighted_variants(index):
                    common = variant & terms
                    if common:
                        recall = max(recall, sum(idf[t] for t in common) / total)
                result[index] += config.variant_weight * recall
        return result

    def _weighted_variants(self, index: int) -> tuple[tuple[frozenset[int], float], ...]:
        """One entry's variant term sets with their total idf (those with any weight)."""
        found = self._variant_totals.get(index)
        if found is None:
            idf = self._term_idf
            distinct = [frozenset(ids.tolist()) for ids in self._variant_terms.of_entry(index)]
            found = tuple(
                (variant, total)
                for variant in distinct
                if variant and (total := sum(idf[t] for t in variant)) > 0
            )
            self._variant_totals[index] = found
        return found

    def features(self, query: str) -> tuple[DecisionFeatures, str | None] | None:
        """The decision features of a question and its best in-scope entry (for fitting)."""
        query = query[: self.config.max_query_chars]
        scored = self._scored(query)
        if scored is None:
            return None
        ranked = self._rank(scored.scores)
        in_scope = [index for index in ranked if index < self._entry_count]
        best = self._ids[in_scope[0]] if in_scope else None
        english = detect_script_language(query) == "en" and not self._romanized(query)
        return self._features(scored, ranked, english), best

    def _rank(self, scores: np.ndarray) -> np.ndarray:
        """Indices of the best rows, best first: enough for the suggestions and any
        out-of-scope groups that outrank them."""
        config = self.config
        entries = self._entry_count
        count = min(max(config.max_suggestions, 1) + 1 + len(scores) - entries, len(scores))
        top = np.argpartition(-scores, count - 1)[:count]
        return top[np.argsort(-scores[top], kind="stable")]

    def _features(self, scored: _Scored, ranked: np.ndarray, english: bool) -> DecisionFeatures:
        """Best score, lead, close runners-up, out-of-scope gap, unknown share, length,
        language, and how the word and character scorers rate the winner."""
        scores, entries, config = scored.scores, self._entry_count, self.config
        in_scope = [float(scores[i]) for i in ranked if i < entries]
        best = in_scope[0] if in_scope else 0.0
        second = in_scope[1] if len(in_scope) > 1 else 0.0
        floor = max(config.suggest_score, best * config.suggest_ratio)
        close = sum(1 for value in in_scope[1:] if value >= floor)
        oos = _oos_best(scores, entries)
        return DecisionFeatures(
            best=best,
            lead=best - second,
            close=float(close),
            oos_gap=best - oos,
            unknown=scored.unknown,
            words=math.log1p(scored.words),
            english=1.0 if english else 0.0,
            word_share=_share_of_best(scored.terms, ranked, entries),
            gram_share=_share_of_best(scored.grams, ranked, entries),
        )

    def _decide(
        self,
        query: str,
        scored: _Scored,
        language: Language | None,
        truncated: bool,
        romanized: bool,
    ) -> MatchResult:
        """Answer when the calibrated model is confident enough, else suggest or fall back.

        A question closest to an out-of-scope group falls back, whatever its score, unless it
        names co-ops and an entry is nearly as close (then the entries are suggested). Without
        a fitted model the fixed score and margin thresholds decide.
        """
        config = self.config
        scores = scored.scores
        entries = self._entry_count
        order = self._rank(scores)
        best = float(scores[order[0]])
        second = float(scores[order[1]]) if len(order) > 1 else 0.0
        in_scope = [index for index in order if index < entries]
        top_score = round(float(scores[in_scope[0]]), 4) if in_scope else 0.0
        if order[0] >= entries:
            near = (
                top_score >= config.suggest_score
                and best - top_score <= config.coop_oos_slack
                and mentions_coops(query)
            )
            if not near:
                return MatchResult("fallback", (), language, truncated, top_score, declined=True)
            # a question that names co-ops, nearly as close to an entry as to the group
            return self._suggest(scores, in_scope, top_score, language, truncated)
        if best >= config.answer_score and best - second >= config.answer_margin:
            model = self._decision
            confident = (
                model is None
                or (
                    best >= max(config.sure_score, config.answer_score)
                    and best - _oos_best(scores, entries) >= config.sure_oos_gap
                    and (
                        language != "en"
                        or romanized
                        or best - second >= config.english_sure_margin
                    )
                )
                or model.confidence(
                    self._features(scored, order, language == "en" and not romanized)
                )
                >= model.answer_confidence
            )
            if confident:
                answer = (Candidate(self._ids[order[0]], top_score),)
                return MatchResult("answer", answer, language, truncated, top_score)
        if best < config.suggest_score:
            return MatchResult("fallback", (), language, truncated, top_score)
        return self._suggest(scores, in_scope, best, language, truncated)

    def _suggest(
        self,
        scores: np.ndarray,
        in_scope: Sequence[int],
        best: float,
        language: Language | None,
        truncated: bool,
    ) -> MatchResult:
        """The entries close enough to ``best`` to offer as "Did you mean…"."""
        config = self.config
        floor = max(config.suggest_score, best * config.suggest_ratio)
        candidates = tuple(
            Candidate(self._ids[index], round(float(scores[index]), 4))
            for index in in_scope[: config.max_suggestions]
            if scores[index] >= floor
        )
        return MatchResult("suggest", candidates, language, truncated, round(best, 4))


def _oos_best(scores: np.ndarray, entries: int) -> float:
    """The best out-of-scope group's score (0 without groups)."""
    groups = scores[entries:]
    return float(groups.max()) if len(groups) else 0.0


@dataclass(frozen=True)
class _Scored:
    """Every row's score for one question, and what the question looked like."""

    scores: np.ndarray
    unknown: float
    words: int
    terms: np.ndarray  # the word scorer's part of ``scores``
    grams: np.ndarray  # the character n-gram scorer's part


def _with_tail(whole: np.ndarray, tail: np.ndarray, weight: float) -> np.ndarray:
    """Scores of a long message: entries its end matches better gain part of the difference."""
    return whole + weight * np.maximum(tail - whole, 0.0)


def _share_of_best(part: np.ndarray, ranked: np.ndarray, entries: int) -> float:
    """The best in-scope entry's score on one scorer over the top in-scope score there."""
    best = next((index for index in ranked if index < entries), None)
    top = float(part[:entries].max()) if entries else 0.0
    if best is None or top <= 0:
        return 0.0
    return float(part[best]) / top


def _garbled_ending(rest: str) -> bool:
    """Whether ``rest`` is what is left of an inflection after a typo (fundng: "ng")."""
    return any(_is_subsequence(rest, ending) for ending in ("ing", "ed", "es"))


def _is_subsequence(part: str, whole: str) -> bool:
    letters = iter(whole)
    return all(letter in letters for letter in part)
