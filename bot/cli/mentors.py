"""``python -m bot mentors import FILE``: add or update mentors from a YAML file, all or none."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

import yaml

from bot.accounts import ACCOUNT_EXAMPLE
from bot.db.engine import create_database
from bot.db.migrate import upgrade_database
from bot.delivery import Delivery
from bot.mentors.directory import (
    DEFAULT_KNOWLEDGE_DIR,
    ORGANISATIONS_FILE,
    DirectoryError,
    parse_directory,
)
from bot.mentors.notices import Notice
from bot.mentors.roster import ACCOUNT_KEY, LEGACY_ID_KEY
from bot.mentors.service import MentorService
from bot.mentors.taxonomy import TaxonomyError, load_taxonomy
from bot.settings import Settings, load_settings_or_exit

EXAMPLE = f"""\
mentors:
  - {ACCOUNT_KEY}: 123456789            # {ACCOUNT_EXAMPLE}
    name: Somchai
    username: somchai_coop        # optional
    languages: [th, en]
    topics: [legal, registration, delivery]
    region: bangkok               # optional
    capacity: 2
    bio: {{th: "ช่วยไรเดอร์จดทะเบียนสหกรณ์มาแล้วสามกลุ่ม", en: "Helped three rider co-ops register."}}
    status: approved              # approved (default), pending or paused
  - {ACCOUNT_KEY}: "line:U4af4980629{"0" * 22}"   # a LINE user id, quoted
    name: Nok
    languages: [th]
    topics: [funding]
    bio: {{th: "ช่วยกลุ่มเกษตรกรหาทุนมาหลายปี"}}   # one per language
"""
ACCOUNT_NOTE = f"""\
The account is written as in ADMIN_IDS. Files written before LINE name a Telegram mentor by
"{LEGACY_ID_KEY}: 123456789" instead (the legacy form; it still imports). Each mentor has
exactly one of the two.
"""


class _NoNotifier:
    """The command line tells nobody: importing never sends messages."""

    async def send(self, notice: Notice) -> Delivery:
        return Delivery.FAILED


def register(subparsers: Any) -> None:
    """Add the ``mentors`` command group."""
    mentors = subparsers.add_parser("mentors", help="mentor registry")
    sub = mentors.add_subparsers(dest="mentors_command", metavar="ACTION", required=True)
    importer = sub.add_parser(
        "import",
        help="add or update mentors from a YAML file (validated, one transaction)",
        description="File format:\n\n" + EXAMPLE + "\n" + ACCOUNT_NOTE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    importer.add_argument("file", type=Path)
    importer.set_defaults(func=_import)
    check = sub.add_parser("check", help="validate mentor_tags.yaml and organisations.yaml")
    check.set_defaults(func=_check)


async def import_file(settings: Settings, path: Path) -> tuple[int, list[str]]:
    """Import mentors into the configured database; returns (exit code, lines to print)."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        return 1, [f"{path}: {error}"]
    records = document.get("mentors") if isinstance(document, dict) else None
    if not isinstance(records, list):
        return 1, [f"{path}: expected a top-level 'mentors:' list", "", EXAMPLE, ACCOUNT_NOTE]
    database = create_database(settings.database_url)
    try:
        await upgrade_database(database)
        service = MentorService(database, settings, load_taxonomy(), _NoNotifier(), _no_admins)
        summary = await service.import_mentors(records)
    finally:
        await database.dispose()
    if summary.problems:
        return 1, ["Nothing was imported:", *(f"- {p}" for p in summary.problems)]
    return 0, [f"Imported mentors: {summary.added} added, {summary.updated} updated."]


async def _no_admins() -> list[int]:
    return []


def _import(args: argparse.Namespace) -> int:
    code, lines = asyncio.run(import_file(load_settings_or_exit(), args.file))
    print("\n".join(lines))
    return code


def _check(_args: argparse.Namespace) -> int:
    path = DEFAULT_KNOWLEDGE_DIR / ORGANISATIONS_FILE
    try:
        taxonomy = load_taxonomy()
        directory = parse_directory(
            yaml.safe_load(path.read_text(encoding="utf-8")),
            [t.key for t in taxonomy.faq_topics],
        )
    except (OSError, yaml.YAMLError, TaxonomyError, DirectoryError) as error:
        print(error)
        return 1
    print(
        f"{len(taxonomy.topics)} topics, {len(taxonomy.tags)} tags and sectors, "
        f"{len(taxonomy.regions)} regions, {len(directory.organisations)} organisations: OK"
    )
    return 0
