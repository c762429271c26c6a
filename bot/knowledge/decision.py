"""A calibrated answer/suggest decision: a small logistic model over what the matcher knows.

Fixed score and margin thresholds left many questions as "Did you mean…" although the first
suggestion was right. The model turns a handful of features of one match (best score, lead
over the runner-up, how many entries come close, how near the best out-of-scope group is,
how much of the question the lexicon knew, length, whether the question is English, and whether
the word and character scorers agree on the winner) into the probability that the best entry
is the right one. English gets its own intercept and lead weight because its entries share
stemmed words and its scores bunch: the same score means less in English than in Thai.
Its coefficients live in ``decision.json`` beside this module and are refitted
with ``python benchmarks/fit_decision.py`` (see the README).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DECISION_PATH = Path(__file__).with_name("decision.json")

FEATURES = (
    "best",
    "lead",
    "close",
    "oos_gap",
    "unknown",
    "words",
    "english",
    "english_lead",
    "word_share",
    "gram_share",
)


@dataclass(frozen=True)
class DecisionFeatures:
    """What one match looked like, in the order of :data:`FEATURES`."""

    best: float  # the best in-scope entry's score
    lead: float  # its lead over the next in-scope entry
    close: float  # how many other in-scope entries pass the suggestion floor
    oos_gap: float  # best in-scope score minus the best out-of-scope group's
    unknown: float  # share of the question's terms the index does not know
    words: float  # log(1 + number of words)
    english: float = 0.0  # 1 for an English question (romanized Thai counts as Thai)
    # The best entry's word (term) and character n-gram scores as a share of the best any
    # entry got on that scorer: 1 when both scorers agree with the combined winner.
    word_share: float = 1.0
    gram_share: float = 1.0

    @property
    def english_lead(self) -> float:
        """The lead for an English question, else 0: lets English weigh the lead apart."""
        return self.english * self.lead

    def vector(self, names: Sequence[str] = FEATURES) -> tuple[float, ...]:
        """The named features as numbers, in that order."""
        return tuple(float(getattr(self, name)) for name in names)


@dataclass(frozen=True)
class DecisionModel:
    """Logistic regression on standardised features, plus the confidence needed to answer.

    ``features`` names the features it was fitted on (a subset of :data:`FEATURES`)."""

    features: tuple[str, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float
    answer_confidence: float

    def confidence(self, observed: DecisionFeatures) -> float:
        """The modelled probability that the best entry is the right answer."""
        z = self.intercept
        for value, mean, scale, weight in zip(
            observed.vector(self.features), self.means, self.scales, self.weights, strict=True
        ):
            z += weight * (value - mean) / scale
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def as_json(self) -> dict[str, object]:
        """The data file's content."""
        return {
            "features": list(self.features),
            "means": [round(v, 6) for v in self.means],
            "scales": [round(v, 6) for v in self.scales],
            "weights": [round(v, 6) for v in self.weights],
            "intercept": round(self.intercept, 6),
            "answer_confidence": round(self.answer_confidence, 4),
        }


def load_decision_model(path: Path = DEFAULT_DECISION_PATH) -> DecisionModel | None:
    """Read the fitted model, or None when there is none yet (fixed thresholds then)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    names = tuple(str(name) for name in data["features"])
    if not set(names) <= set(FEATURES):
        raise ValueError(f"{path} was fitted on other features: refit it")
    return DecisionModel(
        features=names,
        means=_floats(data["means"]),
        scales=_floats(data["scales"]),
        weights=_floats(data["weights"]),
        intercept=float(data["intercept"]),
        answer_confidence=float(data["answer_confidence"]),
    )


def _floats(values: Sequence[object]) -> tuple[float, ...]:
    return tuple(float(v) for v in values)  # type: ignore[arg-type]
