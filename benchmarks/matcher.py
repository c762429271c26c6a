"""Benchmark the FAQ matcher: quality against two baselines, then speed and memory at scale.

Run from the project root:  .venv/bin/python benchmarks/matcher.py [DEV.jsonl]

Quality is measured on the development set for the project's matcher and two baselines:
rapidfuzz ``process.extractOne`` with WRatio over the raw question variants, and BM25 over
plain PyThaiNLP newmm tokens. A baseline answers when its top score reaches a fixed
threshold and otherwise offers its top three (see ``BASELINE_THRESHOLDS``). Speed and
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
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.knowledge.evaluation import (  # noqa: E402
    Prediction,
    compute_metrics,
    percentile,
    read_eval_file,
    run,
)
from bot.knowledge.loader import load_knowledge  # noqa: E402
from bot.knowledge.matcher import Candidate, Matcher, MatchResult  # noqa: E402
from bot.knowledge.model import FaqEntry, KnowledgeBase  # noqa: E402
from bot.knowledge.text import configure_pythainlp, detect_script_language  # noqa: E402

DEFAULT_DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
SIZES = (40, 1_000, 10_000)
# (answer, suggest) thresholds for the baselines: WRatio is 0-100, BM25 is normalised to 0-1.
BASELINE_THRESHOLDS = {"wratio": (85.0, 50.0), "bm25": (0.6, 0.2)}

Match = Callable[[str, str | None], MatchResult]


def _decide(ranked: list[tuple[str, float]], answer: float, suggest: float) -> MatchResult:
    """The baselines' decision rule: a fixed score threshold, no margin."""
    language = None
    if not ranked or ranked[0][1] < suggest:
        return MatchResult("fallback", (), language)
    if ranked[0][1] >= answer:
        return MatchResult("answer", (Candidate(ranked[0][0], ranked[0][1]),), language)
    return MatchResult("suggest", tuple(Candidate(i, s) for i, s in ranked[:3]), language)


def wratio_baseline(kb: KnowledgeBase) -> Match:
    """rapidfuzz WRatio over the raw question variants (default processing, as shipped)."""
    from rapidfuzz import fuzz, process, utils

    choices: list[str] = []
    owners: list[str] = []
    for entry in kb.entries:
        for variants in entry.questions.values():
            for variant in variants:
                choices.append(variant)
                owners.append(entry.id)
    answer, suggest = BASELINE_THRESHOLDS["wratio"]

    def match(query: str, _language: str | None = None) -> MatchResult:
        best = process.extractOne(
            query, choices, scorer=fuzz.WRatio, processor=utils.default_process
        )
        if best is None:
            return MatchResult("fallback", (), None)
        ranked: dict[str, float] = {}
        for _, score, index in process.extract(
            query, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=30
        ):
            ranked.setdefault(owners[index], score)
        return _decide(sorted(ranked.items(), key=lambda item: -item[1]), answer, suggest)

    return match


def bm25_baseline(kb: KnowledgeBase) -> Match:
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
    answer, suggest = BASELINE_THRESHOLDS["bm25"]

    def match(query: str, _language: str | None = None) -> MatchResult:
        terms = set(tokens(query))
        ceiling = sum(idf.get(t, math.log(1 + (size + 0.5) / 0.5)) for t in terms) * 2.5
        if not terms or ceiling <= 0:
            return MatchResult("fallback", (), None)
        scored = []
        for entry, document, length in zip(kb.entries, documents, lengths, strict=True):
            score = 0.0
            for term in terms:
                tf = document.get(term, 0)
                if tf:
                    score += idf[term] * tf * 2.5 / (tf + 1.5 * (0.25 + 0.75 * length / average))
            scored.append((entry.id, score / ceiling))
        scored.sort(key=lambda item: -item[1])
        return _decide(scored, answer, suggest)

    return match


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
    """Resident memory of this process in MB (Linux), or traced Python memory elsewhere."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return tracemalloc.get_traced_memory()[0] / 2**20


def scale_line(kb: KnowledgeBase, queries: Sequence[str]) -> str:
    """Build time (wall and CPU), memory growth and matching p50/p99 for one size."""
    gc.collect()
    before = _rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    matcher = Matcher.build(kb)
    build, build_cpu = time.perf_counter() - start, time.process_time() - cpu
    memory = _rss_mb() - before
    times = []
    for query in queries:
        begin = time.perf_counter()
        matcher.match(query)
        times.append((time.perf_counter() - begin) * 1000)
    return (
        f"{len(kb.entries):>7}{build:>9.2f}{build_cpu:>9.2f}{memory:>8.0f}"
        f"{percentile(times, 0.5):>9.2f}{percentile(times, 0.99):>9.2f}"
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
    for name, match in (
        ("project", matcher.match),
        ("wratio", wratio_baseline(kb)),
        ("bm25", bm25_baseline(kb)),
    ):
        for line in quality_lines(name, run(match, rows)):
            print(line)
    print()
    print(f"{'entries':>7}{'build_s':>9}{'cpu_s':>9}{'+RSS_MB':>8}{'p50_ms':>9}{'p99_ms':>9}")
    queries = [row.query for row in rows]
    for size in SIZES:
        print(scale_line(synthesise(kb, size), queries), flush=True)
    languages = Counter(detect_script_language(q) for q in queries)
    print(
        f"(timing: the {len(queries)} dev questions {dict(languages)}; cpu_s is the building"
        f" process only, {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
