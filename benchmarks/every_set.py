"""Score the matcher on dev and every set in benchmarks/data, one line per set and language.

Run from the project root:  .venv/bin/python benchmarks/every_set.py [--predictions DIR]

Each cell is answer / helpful / wrong / out-of-scope answered, the figures of the README
table, so a before → after comparison is two runs of one command. ``--predictions DIR``
writes each non-blind set's predictions (the format of ``python -m bot eval --predictions``);
blind sets are printed in totals only, never written out row by row.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.knowledge.evaluation import compute_metrics, read_eval_file, run  # noqa: E402
from bot.knowledge.loader import load_knowledge  # noqa: E402
from bot.knowledge.matcher import Matcher  # noqa: E402
from bot.knowledge.text import configure_pythainlp  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
DATA = ROOT / "benchmarks" / "data"
# Blind sets whose name does not say so (benchmarks/data/README.md).
KEPT_BLIND = frozenset({"fresh_b"})


def _cell(value: float | None) -> str:
    """A rate as the README writes it (.975, 1.0, 0), or a dash when undefined."""
    if value is None:
        return "–"
    if value == 0:
        return "0"
    if value == 1:
        return "1.0"
    return f"{value:.3f}".lstrip("0")


def main() -> int:
    """Build the matcher once, then score every set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--predictions", type=Path, help="directory for non-blind predictions")
    args = parser.parse_args()
    configure_pythainlp()
    matcher = Matcher.build(load_knowledge(ROOT / "knowledge"))
    paths = ([DEV] if DEV.exists() else []) + sorted(DATA.glob("*.jsonl"))
    for path in paths:
        predictions = run(matcher.match, read_eval_file(path))
        blind = path.stem in KEPT_BLIND or "blind" in path.stem or path.stem.endswith("_held")
        for lang in ("th", "en"):
            group = [p for p in predictions if p.row.lang == lang]
            if not group:
                continue
            m = compute_metrics(group)
            cells = (m.answer_accuracy, m.helpful_rate, m.wrong_answer_rate, m.oos_confident_rate)
            print(f"{path.stem:<22}{lang:<4}{'/'.join(_cell(v) for v in cells)}")
        if args.predictions and not blind:
            args.predictions.mkdir(parents=True, exist_ok=True)
            lines = (json.dumps(p.as_json(), ensure_ascii=False) for p in predictions)
            (args.predictions / f"{path.stem}.jsonl").write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
