"""``python -m bot faq export|import``: the live FAQ written back in the knowledge format,
an export imports back without changes, and a running bot picks up a command-line import."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from bot.knowledge.loader import load_knowledge
from tests.admin.conftest import faq_state
from tests.fake_telegram import FakeUser
from tests.harness import BotHarness


async def run_cli(*argv: str) -> int:
    return await asyncio.to_thread(main, list(argv))


@pytest.fixture(autouse=True)
def cli_environment(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line uses the test database and runs where no .env file is."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)


async def test_export_directory_then_import_changes_nothing_and_a_cli_change_reaches_the_bot(
    bot: BotHarness,
    english_user: FakeUser,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    services = bot.conversation.services
    live = services.faq.knowledge

    assert await run_cli("faq", "export", "knowledge") == 0
    exported = load_knowledge(tmp_path / "knowledge")
    assert exported == live
    before = await faq_state(bot)
    assert await run_cli("faq", "import", "knowledge") == 0
    assert "0 added, 0 changed, 0 removed, 17 unchanged" in capsys.readouterr().out
    assert await faq_state(bot) == before

    assert await run_cli("faq", "export", "all.yaml") == 0
    text = (tmp_path / "all.yaml").read_text(encoding="utf-8")
    assert await run_cli("faq", "import", "all.yaml") == 0
    assert "nothing to change" in capsys.readouterr().out
    assert await faq_state(bot) == before

    legal = tmp_path / "knowledge" / "faq" / "legal.yaml"
    pdpa = live.get("pdpa")
    assert pdpa is not None
    legal.write_text(
        legal.read_text(encoding="utf-8").replace(
            pdpa.answers["en"].splitlines()[0], "The PDPA, explained again from the CLI."
        ),
        encoding="utf-8",
    )
    assert await run_cli("faq", "import", str(legal), "--dry-run") == 0
    assert "~ pdpa" in capsys.readouterr().out
    assert await faq_state(bot) == before
    assert await run_cli("faq", "import", str(legal)) == 0
    await services.admin.reload()  # what the reload loop does every two seconds
    [answer] = await bot.say(english_user, "what is the PDPA?")
    assert "The PDPA, explained again from the CLI." in answer.text
    assert text.startswith("# Live FAQ exported on ")


async def test_import_of_a_broken_file_exits_1_naming_the_problem(
    bot: BotHarness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("entries:\n- id: Not A Slug\n  topic: legal\n", encoding="utf-8")
    before = await faq_state(bot)
    assert await run_cli("faq", "import", str(broken)) == 1
    err = capsys.readouterr().out
    assert "broken.yaml: entry 'Not A Slug', field 'id'" in err
    assert "refused" in err
    assert await faq_state(bot) == before
