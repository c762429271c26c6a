"""Measure the matcher on labelled questions, so changes to it are judged by numbers."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge.matcher import MatchResult
from bot.languages import LANGUAGES


@dataclass(frozen=True)
class EvalRow:
    """One labelled question; ``expected`` None means out of scope."""

    query: str
    lang: str
    expected: str | None
    kind: str = ""


@dataclass(frozen=True)
class Prediction:
    """The matcher's result for one labelled question, with the time it took."""

    row: EvalRow
    result: MatchResult
    milliseconds: float

    @property
    def predicted(self) -> str | None:
        """The top entry id, or None on fallback."""
        if self.result.decision == "fallback" or not self.result.candidates:
            return None
        return self.result.candidates[0].entry_id

    @property
    def correct_answer(self) -> bool:
        """Answered, and with the expected entry."""
        return self.result.decision == "answer" and self.predicted == self.row.expected

    @property
    def helpful(self) -> bool:
        """Answered correctly, or the expected entry is among the suggestions."""
        if self.result.decision == "answer":
            return self.correct_answer
        if self.result.decision == "suggest":
            return self.row.expected in {c.entry_id for c in self.result.candidates}
        return False

    def as_json(self) -> dict[str, object]:
        """The line written by ``eval --predictions``."""
        return {
            "query": self.row.query,
            "expected": self.row.expected,
            "decision": self.result.decision,
            "predicted": self.predicted,
            "score": self.result.top_score,
            "candidates": [c.entry_id for c in self.result.candidates],
        }


@dataclass(frozen=True)
class Metrics:
    """Quality figures over a set of predictions (rates are None when undefined)."""

    in_scope: int
    out_of_scope: int
    answer_accuracy: float | None
    helpful_rate: float | None
    wrong_answer_rate: float | None
    oos_confident_rate: float | None


def read_eval_file(path: Path | str) -> list[EvalRow]:
    """Read a JSON-lines file of {"query", "lang", "expected", "kind"} objects."""
    rows: list[EvalRow] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        data = json.loads(line)
        rows.append(
            EvalRow(
                query=str(data["query"]),
                lang=str(data.get("lang") or ""),
                expected=data.get("expected"),
                kind=str(data.get("kind") or ""),
            )
        )
    return rows


def run(
    match: Callable[[str, str | None], MatchResult], rows: Iterable[EvalRow]
) -> list[Prediction]:
    """Match every row, timing each call."""
    predictions: list[Prediction] = []
    for row in rows:
        start = time.perf_counter()
        result = match(row.query, None)
        elapsed = (time.perf_counter() - start) * 1000
        predictions.append(Prediction(row, result, elapsed))
    return predictions


def _rate(count: int, total: int) -> float | None:
    """count / total, or None when there is nothing to count."""
    return count / total if total else None


def compute_metrics(predictions: Sequence[Prediction]) -> Metrics:
    """Answer accuracy, helpful and wrong-answer rates in scope; confident answers out of it."""
    scoped = [p for p in predictions if p.row.expected is not None]
    unscoped = [p for p in predictions if p.row.expected is None]
    wrong = sum(1 for p in scoped if p.result.decision == "answer" and not p.correct_answer)
    return Metrics(
        in_scope=len(scoped),
        out_of_scope=len(unscoped),
        answer_accuracy=_rate(sum(p.correct_answer for p in scoped), len(scoped)),
        helpful_rate=_rate(sum(p.helpful for p in scoped), len(scoped)),
        wrong_answer_rate=_rate(wrong, len(scoped)),
        oos_confident_rate=_rate(
            sum(1 for p in unscoped if p.result.decision == "answer"), len(unscoped)
        ),
    )


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of values (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def _cell(value: float | None) -> str:
    """A rate for the table, or a dash when undefined."""
    return "   -" if value is None else f"{value:.3f}"


def format_table(predictions: Sequence[Prediction], title: str = "") -> str:
    """A short table: one line per language and overall, then timings."""
    lines = [title] if title else []
    lines.append(
        f"{'lang':<8}{'n':>5}{'answer':>8}{'helpful':>9}{'wrong':>8}{'oos':>5}{'oos_ans':>9}"
    )
    groups = [(lang, [p for p in predictions if p.row.lang == lang]) for lang in LANGUAGES]
    others = sorted({p.row.lang for p in predictions} - set(LANGUAGES))
    groups += [(lang, [p for p in predictions if p.row.lang == lang]) for lang in others]
    groups.append(("all", list(predictions)))
    for name, group in groups:
        if not group:
            continue
        m = compute_metrics(group)
        lines.append(
            f"{name:<8}{m.in_scope:>5}{_cell(m.answer_accuracy):>8}{_cell(m.helpful_rate):>9}"
            f"{_cell(m.wrong_answer_rate):>8}{m.out_of_scope:>5}{_cell(m.oos_confident_rate):>9}"
        )
    times = [p.milliseconds for p in predictions]
    lines.append(
        f"matching time per query: p50 {percentile(times, 0.5):.2f} ms, "
        f"p99 {percentile(times, 0.99):.2f} ms"
    )
    return "\n".join(lines)
