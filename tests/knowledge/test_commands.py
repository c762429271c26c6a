"""The ask, eval and faq command-line tools print what they promise and exit as documented."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import COMMAND_MODULES, main
from tests.knowledge.fixtures import with_change, write_knowledge


def test_ask_prints_decision_candidates_and_answer_as_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "ต้องมีสมาชิกกี่คนถึงจะจดทะเบียนสหกรณ์ได้", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["decision"] == "answer"
    assert payload["language"] == "th"
    assert payload["candidates"][0]["id"] == "min-members"
    assert payload["answer"]


def test_eval_prints_a_short_table_and_writes_predictions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        {"query": "how many members do we need to register a co-op", "lang": "en",
         "expected": "min-members", "kind": "paraphrase"},
        {"query": "สูตรแกงเขียวหวาน", "lang": "th", "expected": None, "kind": "oos"},
    ]  # fmt: skip
    data = tmp_path / "set.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    out = tmp_path / "predictions.jsonl"
    assert main(["eval", str(data), "--predictions", str(out)]) == 0
    table = capsys.readouterr().out.strip().splitlines()
    assert len(table) <= 15
    assert any(line.startswith("en ") and "1.000" in line for line in table)
    assert "p99" in table[-1]
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [set(line) for line in lines] == [
        {"query", "expected", "decision", "predicted", "score", "candidates"}
    ] * 2
    assert lines[0]["predicted"] == "min-members"
    assert lines[1]["decision"] == "fallback" and lines[1]["predicted"] is None


def test_faq_validate_exits_zero_with_a_summary_when_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_knowledge(tmp_path)
    assert main(["faq", "validate", "--knowledge", str(root)]) == 0
    assert capsys.readouterr().out.startswith("ok: 6 entries in 3 topics, ")


def test_faq_validate_exits_one_listing_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_knowledge(tmp_path, with_change("legal.yaml", 1, answer={"en": "x"}, sources=[]))
    assert main(["faq", "validate", "--knowledge", str(root)]) == 1
    err = capsys.readouterr().err
    assert "faq/legal.yaml: entry 'min-members', field 'answer.th': missing" in err
    assert "faq/legal.yaml: entry 'min-members', field 'sources'" in err


def test_faq_list_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_knowledge(tmp_path)
    assert main(["faq", "list", "--json", "--knowledge", str(root)]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing[0] == {
        "id": "what-is-platform-coop",
        "topic": "basics",
        "languages": ["th", "en"],
        "sources": ["https://example.org/what-is-platform-coop"],
        "questions": 8,
    }


def test_each_command_module_adds_the_commands_the_cli_expects_of_it() -> None:
    """Running one command imports only the modules said to add it: the list must be true."""
    for name, commands in COMMAND_MODULES.items():
        parser = argparse.ArgumentParser()
        subparsers = parser.add_subparsers()
        if name == "bot.cli.admin":  # it adds to the faq command of the knowledge module
            importlib.import_module("bot.cli.knowledge").register(subparsers)
        importlib.import_module(name).register(subparsers)
        assert set(subparsers.choices) == set(commands) | (
            {"ask", "eval", "faq"} if name == "bot.cli.admin" else set()
        )


def test_asking_a_question_does_not_load_the_database_layer() -> None:
    """`python -m bot ask` answers without importing SQLAlchemy or Alembic (slow to import)."""
    probe = (
        "import sys; from bot.cli import build_parser; build_parser('ask'); "
        "print(sorted(m for m in ('sqlalchemy', 'alembic') if m in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"
