"""Benchmark the FAQ matcher: quality against two baselines, then speed and memory at scale.

Run from the project root:  .venv/bin/python benchmarks/matcher.py [DEV.jsonl]

Quality is measured on the development set for the project's matcher and two baselines:
rapidfuzz ``process.extractOne`` with WRatio over the raw question variants, and BM25 over
plain PyThaiNLP newmm tokens. Each baseline gets its best answer threshold on the
same questions (see ``calibrate``) and otherwise offers its top three. Speed and
memory are measured at 40 (the real FAQ), 1,000 and 10,000 entries; the larger sets are
synthesised by recombining and perturbing the real entries with fresh words.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import math
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.knowledge.evaluation import (  # noqa: E402
    EvalRow,
    Prediction,
    compute_metrics,
    percentile,
    read_eval_file,
    run,
)
from bot.knowledge.lexicon import Lexicon  # noqa: E402
from bot.knowledge.loader import load_knowledge  # noqa: E402
from bot.knowledge.matcher import Candidate, Matcher, MatchResult  # noqa: E402
from bot.knowledge.model import FaqEntry, KnowledgeBase  # noqa: E402
from bot.knowledge.text import configure_pythainlp, detect_script_language  # noqa: E402

DEFAULT_DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
SIZES = (40, 1_000, 10_000)
Rank = Callable[[str], list[tuple[str, float]]]


def calibrate(rank: Rank, rows: Sequence[EvalRow]) -> tuple[float, list[Prediction]]:
    """Give a baseline its best answer threshold on these very rows (an optimistic baseline).

    The threshold maximises correct answers while wrong answers stay within 3% of in-scope
    questions and confident answers within 5% of out-of-scope ones; below it the baseline
    offers its top three, so its helpful rate is its top-3 recall.
    """
    ranked: list[tuple[EvalRow, list[tuple[str, float]], float]] = []
    for row in rows:
        start = time.perf_counter()
        ranking = rank(row.query)
        ranked.append((row, ranking, (time.perf_counter() - start) * 1000))
    in_scope = sum(1 for row in rows if row.expected is not None) or 1
    out_of_scope = sum(1 for row in rows if row.expected is None) or 1
    best = (-1, math.inf)
    for threshold in sorted({r[0][1] for _, r, _ in ranked if r} | {math.inf}):
        answered = [(row, r) for row, r, _ in ranked if r and r[0][1] >= threshold]
        correct = sum(1 for row, r in answered if r[0][0] == row.expected)
        wrong = sum(1 for row, r in answered if row.expected and r[0][0] != row.expected)
        oos = sum(1 for row, _ in answered if row.expected is None)
        if wrong <= 0.03 * in_scope and oos <= 0.05 * out_of_scope and correct > best[0]:
            best = (correct, threshold)
    threshold = best[1]
    predictions = []
    for row, ranking, elapsed in ranked:
        if ranking and ranking[0][1] >= threshold:
            result = MatchResult("answer", (Candidate(*ranking[0]),), None)
        elif ranking:
            result = MatchResult("suggest", tuple(Candidate(*c) for c in ranking[:3]), None)
        else:
            result = MatchResult("fallback", (), None)
        predictions.append(Prediction(row, result, elapsed))
    return threshold, predictions


def wratio_baseline(kb: KnowledgeBase) -> Rank:
    """rapidfuzz WRatio over the raw question variants (default processing, as shipped)."""
    from rapidfuzz import fuzz, process, utils

    choices: list[str] = []
    owners: list[str] = []
    for entry in kb.entries:
        for variants in entry.questions.values():
            for variant in variants:
                choices.append(variant)
                owners.append(entry.id)

    def rank(query: str) -> list[tuple[str, float]]:
        best = process.extractOne(
            query, choices, scorer=fuzz.WRatio, processor=utils.default_process
        )
        if best is None:
            return []
        ranked: dict[str, float] = {}
        for _, score, index in process.extract(
            query, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=60
        ):
            ranked.setdefault(owners[index], score)
        return sorted(ranked.items(), key=lambda item: -item[1])

    return rank


def bm25_baseline(kb: KnowledgeBase) -> Rank:
    """BM25 (k1=1.5, b=0.75) over plain newmm tokens of all question variants of an entry."""
    configure_pythainlp()
    from pythainlp.tokenize import word_tokenize

    def tokens(text: str) -> list[str]:
        words = word_tokenize(text.lower(), engine="newmm", keep_whitespace=False)
        return [word for word in words if word.strip() and any(c.isalnum() for c in word)]

    documents = [
        Counter(t for variants in entry.questions.values() for v in variants for t in tokens(v))
        for entry in kb.entries
    ]
    lengths = [sum(d.values()) for d in documents]
    average = sum(lengths) / max(len(lengths), 1)
    frequency: Counter[str] = Counter(t for d in documents for t in d)
    size = len(documents)
    idf = {t: math.log(1 + (size - n + 0.5) / (n + 0.5)) for t, n in frequency.items()}

    def rank(query: str) -> list[tuple[str, float]]:
        terms = set(tokens(query))
        ceiling = sum(idf.get(t, math.log(1 + (size + 0.5) / 0.5)) for t in terms) * 2.5
        if not terms or ceiling <= 0:
            return []
        scored = []
        for entry, document, length in zip(kb.entries, documents, lengths, strict=True):
            score = 0.0
            for term in terms:
                tf = document.get(term, 0)
                if tf:
                    score += idf[term] * tf * 2.5 / (tf + 1.5 * (0.25 + 0.75 * length / average))
            scored.append((entry.id, score / ceiling))
        scored.sort(key=lambda item: -item[1])
        return scored if scored[0][1] > 0 else []

    return rank


def quality_lines(name: str, predictions: Sequence[Prediction]) -> list[str]:
    """One line per language: answer accuracy, helpful, wrong, out-of-scope answered."""
    lines = []
    for language in ("th", "en"):
        group = [p for p in predictions if p.row.lang == language]
        m = compute_metrics(group)
        lines.append(
            f"{name:<10}{language:<4}{m.answer_accuracy or 0:>8.3f}{m.helpful_rate or 0:>9.3f}"
            f"{m.wrong_answer_rate or 0:>8.3f}{m.oos_confident_rate or 0:>9.3f}"
        )
    return lines


_SYLLABLES_TH = [
    "กา",
    "ขิ",
    "คู",
    "เด",
    "ตอ",
    "นำ",
    "บิ",
    "ปู",
    "พา",
    "มะ",
    "ยี",
    "รุ",
    "ลอ",
    "วา",
    "สิ",
    "หู",
    "อิ",
    "โก",
    "ไข",
    "เฟ",
    "แม",
]
_SYLLABLES_EN = [
    "ka",
    "lo",
    "mi",
    "ren",
    "to",
    "va",
    "sel",
    "dor",
    "pim",
    "qua",
    "zen",
    "bri",
    "tal",
    "mon",
    "fes",
    "gar",
    "lin",
]


def _fresh_word(rng: random.Random, thai: bool) -> str:
    """A made-up word, so synthetic entries grow the vocabulary like real ones."""
    syllables = _SYLLABLES_TH if thai else _SYLLABLES_EN
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))


def _perturb(text: str, rng: random.Random, thai: bool) -> str:
    """Drop a word, swap two, or insert a fresh word, so every synthetic variant is unique."""
    words = text.split()
    if len(words) > 2 and rng.random() < 0.3:
        words.pop(rng.randrange(len(words)))
    if len(words) > 2 and rng.random() < 0.3:
        i, j = rng.sample(range(len(words)), 2)
        words[i], words[j] = words[j], words[i]
    words.insert(rng.randrange(len(words) + 1), _fresh_word(rng, thai))
    return " ".join(words)


def synthesise(kb: KnowledgeBase, size: int, seed: int = 7) -> KnowledgeBase:
    """A knowledge base of ``size`` entries recombined from the real ones, all texts unique."""
    if size <= len(kb.entries):
        return KnowledgeBase(topics=kb.topics, entries=kb.entries[:size])
    rng = random.Random(seed)
    entries: list[FaqEntry] = list(kb.entries)
    while len(entries) < size:
        base, other = rng.choice(kb.entries), rng.choice(kb.entries)
        questions = {
            lang: tuple(_perturb(q, rng, lang == "th") for q in variants)
            for lang, variants in base.questions.items()
        }
        answers = {
            lang: _perturb(text, rng, lang == "th") + "\n" + other.answers.get(lang, "")[:300]
            for lang, text in base.answers.items()
        }
        keywords = {
            lang: (*values, _fresh_word(rng, lang == "th"))
            for lang, values in base.keywords.items()
        }
        entries.append(
            dataclasses.replace(
                base,
                id=f"{base.id}-{len(entries)}",
                questions=questions,
                answers=answers,
                keywords=keywords,
                related=(),
            )
        )
    return KnowledgeBase(topics=kb.topics, entries=tuple(entries))


def _rss_mb() -> float:
    """Resident memory of this process in MB (Linux only; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def index_mb(matcher: Matcher) -> float:
    """Memory the index itself keeps (arrays, strings, sets), without the shared lexicon."""
    seen: set[int] = set()
    total = 0
    stack: list[object] = [matcher]
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, Lexicon | type):
            continue
        seen.add(id(item))
        if isinstance(item, np.ndarray):
            total += item.nbytes
            continue
        total += sys.getsizeof(item)
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
        elif hasattr(item, "__dict__"):
            stack.extend(vars(item).values())
    return total / 2**20


def scale_line(kb: KnowledgeBase, queries: Sequence[str]) -> str:
    """Build time (wall and CPU), index size, RSS growth and matching p50/p99 for one size."""
    gc.collect()
    before = _rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    matcher = Matcher.build(kb)
    build, build_cpu = time.perf_counter() - start, time.process_time() - cpu
    grown = _rss_mb() - before
    times = []
    for query in queries:
        begin = time.perf_counter()
        matcher.match(query)
        times.append((time.perf_counter() - begin) * 1000)
    return (
        f"{len(kb.entries):>7}{build:>9.2f}{build_cpu:>9.2f}{index_mb(matcher):>10.1f}"
        f"{grown:>8.0f}{percentile(times, 0.5):>9.2f}{percentile(times, 0.99):>9.2f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Print the quality table and the scale table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev", nargs="?", type=Path, default=DEFAULT_DEV)
    args = parser.parse_args(argv)
    kb = load_knowledge()
    rows = read_eval_file(args.dev)
    matcher = Matcher.build(kb)  # also loads the lexicon and tokenizer before timing
    print(f"quality on {args.dev.name} ({len(rows)} questions, {len(kb.entries)} entries)")
    print(f"{'method':<10}{'lang':<4}{'answer':>8}{'helpful':>9}{'wrong':>8}{'oos_ans':>9}")
    for line in quality_lines("project", run(matcher.match, rows)):
        print(line)
    for name, rank in (("wratio", wratio_baseline(kb)), ("bm25", bm25_baseline(kb))):
        threshold, predictions = calibrate(rank, rows)
        for line in quality_lines(name, predictions):
            print(f"{line}   (answers at score >= {threshold:.3g})")
    print()
    print(
        f"{'entries':>7}{'build_s':>9}{'cpu_s':>9}{'index_MB':>10}{'+RSS_MB':>8}"
        f"{'p50_ms':>9}{'p99_ms':>9}"
    )
    queries = [row.query for row in rows]
    for size in SIZES:
        print(scale_line(synthesise(kb, size), queries), flush=True)
    languages = Counter(detect_script_language(q) for q in queries)
    print(
        f"(timing: the {len(queries)} dev questions {dict(languages)}; cpu_s: the building"
        f" process only; +RSS_MB: growth while building; {os.cpu_count()} cores,"
        f" load average {os.getloadavg()[0]:.1f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
