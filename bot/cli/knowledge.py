"""Command-line tools for the FAQ: ask the matcher, measure it, validate and list the content."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot.knowledge.loader import DEFAULT_KNOWLEDGE_DIR, KnowledgeError, load_knowledge
from bot.knowledge.model import KnowledgeBase
from bot.languages import LANGUAGES

FAQ_GROUP_ATTRIBUTE = "_faq_subparsers"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ask, eval and faq sub-commands."""
    ask = subparsers.add_parser("ask", help="match one question against the FAQ")
    ask.add_argument("question")
    ask.add_argument("--lang", choices=LANGUAGES, default=None, help="language if undetectable")
    ask.add_argument("--json", action="store_true", help="print the result as JSON")
    _add_knowledge_option(ask)
    ask.set_defaults(func=run_ask)

    evaluate = subparsers.add_parser("eval", help="measure the matcher on a labelled JSONL file")
    evaluate.add_argument("file", type=Path)
    evaluate.add_argument("--predictions", type=Path, default=None, help="write predictions here")
    _add_knowledge_option(evaluate)
    evaluate.set_defaults(func=run_eval)

    faq = faq_subparsers(subparsers)
    validate = faq.add_parser("validate", help="check every FAQ file, printing each problem")
    _add_knowledge_option(validate)
    validate.set_defaults(func=run_validate)
    listing = faq.add_parser("list", help="list the FAQ entries")
    listing.add_argument("--json", action="store_true", help="print as JSON")
    _add_knowledge_option(listing)
    listing.set_defaults(func=run_list)


def faq_subparsers(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """Return the ``faq`` command group, creating it once, so other modules can add to it."""
    existing = getattr(subparsers, FAQ_GROUP_ATTRIBUTE, None)
    if existing is not None:
        return existing
    faq = subparsers.add_parser("faq", help="manage the FAQ content")
    group = faq.add_subparsers(dest="faq_command", metavar="FAQ_COMMAND")
    faq.set_defaults(func=lambda _args: _print_help(faq))
    setattr(subparsers, FAQ_GROUP_ATTRIBUTE, group)
    return group


def _print_help(parser: argparse.ArgumentParser) -> int:
    """Print a group's help when no sub-command was given."""
    parser.print_help()
    return 2


def _add_knowledge_option(parser: argparse.ArgumentParser) -> None:
    """Let a command read another knowledge directory (tests, staging)."""
    parser.add_argument(
        "--knowledge",
        type=Path,
        default=DEFAULT_KNOWLEDGE_DIR,
        metavar="DIR",
        help="knowledge directory (default: the repository's knowledge/)",
    )


def _load(args: argparse.Namespace) -> KnowledgeBase | None:
    """Load the knowledge base, printing every problem if it is refused."""
    try:
        return load_knowledge(args.knowledge)
    except KnowledgeError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} problem(s) in {args.knowledge}", file=sys.stderr)
        return None


def run_ask(args: argparse.Namespace) -> int:
    """Show what the matcher decides for one question, with scores and the answer."""
    from bot.knowledge.matcher import Matcher

    kb = _load(args)
    if kb is None:
        return 1
    result = Matcher.build(kb).match(args.question, args.lang)
    language = result.language or args.lang or "en"
    best = kb.get(result.candidates[0].entry_id) if result.candidates else None
    answer = best.answer(language) if best is not None and result.decision == "answer" else None
    if args.json:
        payload: dict[str, Any] = {
            "decision": result.decision,
            "language": result.language,
            "truncated": result.truncated,
            "candidates": [{"id": c.entry_id, "score": c.score} for c in result.candidates],
            "answer": answer,
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    print(f"decision: {result.decision}  (language: {result.language or '-'})")
    for candidate in result.candidates:
        entry = kb.get(candidate.entry_id)
        question = entry.question(language) if entry else ""
        print(f"  {candidate.score:.3f}  {candidate.entry_id}  {question}")
    if answer is not None:
        print()
        print(answer)
    return 0


def run_eval(args: argparse.Namespace) -> int:
    """Print quality and timing figures for a labelled file; optionally save predictions."""
    from bot.knowledge.evaluation import format_table, read_eval_file, run
    from bot.knowledge.matcher import Matcher

    kb = _load(args)
    if kb is None:
        return 1
    rows = read_eval_file(args.file)
    matcher = Matcher.build(kb)
    matcher.match("warm up")
    predictions = run(matcher.match, rows)
    print(format_table(predictions, title=f"{args.file} ({len(rows)} questions)"))
    if args.predictions is not None:
        with args.predictions.open("w", encoding="utf-8") as handle:
            for prediction in predictions:
                handle.write(json.dumps(prediction.as_json(), ensure_ascii=False) + "\n")
    return 0


def run_validate(args: argparse.Namespace) -> int:
    """Exit 1 listing every problem in the FAQ files, 0 with a summary when clean."""
    from bot.knowledge.lexicon import LexiconError, load_lexicon
    from bot.knowledge.scope import ScopeError, load_out_of_scope

    kb = _load(args)
    if kb is None:
        return 1
    try:
        load_lexicon()
        groups = load_out_of_scope()
    except (LexiconError, ScopeError) as error:
        print(f"matcher data: {error}", file=sys.stderr)
        return 1
    print(
        f"ok: {len(kb.entries)} entries in {len(kb.topics)} topics,"
        f" {len(groups)} out-of-scope groups"
    )
    return 0


def run_list(args: argparse.Namespace) -> int:
    """List entries with their topic, languages, sources and number of question variants."""
    kb = _load(args)
    if kb is None:
        return 1
    rows = [
        {
            "id": entry.id,
            "topic": entry.topic,
            "languages": [language for language in LANGUAGES if language in entry.answers],
            "sources": list(entry.sources),
            "questions": sum(len(values) for values in entry.questions.values()),
        }
        for entry in kb.entries
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        print(f"{row['topic']:<12} {row['id']:<28} {row['questions']:>3} questions")
    return 0
