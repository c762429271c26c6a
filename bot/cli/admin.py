"""``python -m bot faq export|import``: move the live FAQ between the database and files."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from bot.admin.editing import FaqEditor, StalePlanError
from bot.admin.export import export_header, export_text, write_directory
from bot.admin.importing import ImportPlan, plan_directory, plan_file
from bot.admin.live import LiveFaq
from bot.cli.knowledge import faq_subparsers
from bot.db.engine import Database, create_database
from bot.db.migrate import upgrade_database
from bot.knowledge.loader import KnowledgeError, load_knowledge
from bot.knowledge.model import KnowledgeBase
from bot.settings import load_settings_or_exit

T = TypeVar("T")
YAML_SUFFIXES = (".yaml", ".yml")


def register(subparsers: Any) -> None:
    """Add ``faq export`` and ``faq import`` to the ``faq`` group."""
    faq = faq_subparsers(subparsers)
    export = faq.add_parser("export", help="write the live FAQ (database) as knowledge files")
    export.add_argument(
        "target",
        nargs="?",
        type=Path,
        help="a .yaml file (all entries), or a directory (topics.yaml + faq/<topic>.yaml); "
        "default: print to stdout",
    )
    export.set_defaults(func=run_export)
    imported = faq.add_parser("import", help="check and apply a FAQ file or directory")
    imported.add_argument(
        "source",
        type=Path,
        help="a FAQ .yaml file (replaces the topics it contains) or a knowledge directory "
        "(replaces everything)",
    )
    imported.add_argument("--dry-run", action="store_true", help="only check and summarise")
    imported.set_defaults(func=run_import)


def _with_database(work: Callable[[Database, LiveFaq], Awaitable[T]]) -> T:
    """Open the configured database, migrated and seeded, for one command."""
    settings = load_settings_or_exit()

    async def run() -> T:
        database = create_database(settings.database_url)
        try:
            await upgrade_database(database)
            live = LiveFaq(database, _no_publish)
            if await live.is_empty():
                try:
                    await live.seed_if_empty(await asyncio.to_thread(load_knowledge))
                except KnowledgeError as error:
                    print(f"knowledge/ has problems, nothing seeded:\n{error}", file=sys.stderr)
            return await work(database, live)
        finally:
            await database.dispose()

    return asyncio.run(run())


async def _no_publish(_kb: KnowledgeBase) -> None:
    """The command line has no index to swap: running bots reload on the version change."""


def run_export(args: argparse.Namespace) -> int:
    """Write the live FAQ to stdout, one file, or a knowledge directory."""

    async def work(_database: Database, live: LiveFaq) -> tuple[int, KnowledgeBase]:
        return await live.load()

    version, kb = _with_database(work)
    target: Path | None = args.target
    if target is None:
        sys.stdout.write(export_text(kb.entries, export_header(version)))
        return 0
    if target.suffix in YAML_SUFFIXES:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(export_text(kb.entries, export_header(version)), encoding="utf-8")
        print(f"wrote {len(kb.entries)} entries to {target} (version {version})")
        return 0
    written, removed = write_directory(kb, target)
    print(f"wrote {len(kb.entries)} entries in {len(written)} files to {target}")
    for path in removed:
        print(f"removed {path} (its topic has no entries now)")
    return 0


def format_plan(plan: ImportPlan) -> str:
    """A plain-text summary of an import plan, for the terminal."""
    if not plan.ok:
        lines = [str(problem) for problem in plan.problems]
        lines.append(f"refused: {len(plan.problems)} problem(s) in {plan.source}")
        return "\n".join(lines)
    lines = [
        f"{plan.source}: {len(plan.added)} added, {len(plan.changed)} changed, "
        f"{len(plan.removed)} removed, {plan.unchanged} unchanged"
    ]
    for label, ids in (("+", plan.added), ("~", plan.changed), ("-", plan.removed)):
        lines.extend(f"  {label} {entry_id}" for entry_id in ids)
    if plan.topics:
        lines.append(f"  topics updated: {', '.join(topic.key for topic in plan.topics)}")
    return "\n".join(lines)


def run_import(args: argparse.Namespace) -> int:
    """Check a file or directory against the live FAQ; apply it in one transaction."""
    source: Path = args.source
    if not source.exists():
        print(f"{source}: no such file or directory", file=sys.stderr)
        return 2
    if source.is_dir():

        def replan(live: KnowledgeBase) -> ImportPlan:
            return plan_directory(source, live)

    else:
        text = source.read_text(encoding="utf-8-sig")

        def replan(live: KnowledgeBase) -> ImportPlan:
            return plan_file(text, source.name, live)

    async def work(database: Database, live: LiveFaq) -> tuple[ImportPlan, bool, float]:
        started = time.perf_counter()
        plan = replan(await live.knowledge())
        if not plan.ok or args.dry_run or not plan.has_changes:
            return plan, False, time.perf_counter() - started
        editor = FaqEditor(database, live.refresh)
        applied = await editor.apply_import(plan, None, replan)
        return applied, True, time.perf_counter() - started

    try:
        plan, applied, seconds = _with_database(work)
    except StalePlanError:
        print("the FAQ changed while checking; run the import again", file=sys.stderr)
        return 1
    print(format_plan(plan))
    if not plan.ok:
        return 1
    if applied:
        print(f"applied in {seconds:.2f} s; running bots pick it up within seconds")
    elif not plan.has_changes:
        print("nothing to change")
    else:
        print("dry run: nothing applied")
    return 0
