"""Storage functions never commit or open their own transaction: the caller owns it, so a
change across several tables is saved whole or not at all."""

from __future__ import annotations

import ast
from pathlib import Path

import bot.db.repositories

PACKAGE = Path(bot.db.repositories.__file__).resolve().parent
TRANSACTION_CALLS = {"commit", "begin", "begin_nested", "rollback", "sessions", "run"}


def transaction_calls(source: str) -> list[str]:
    """The attribute calls in ``source`` that would end or start a transaction."""
    return [
        node.func.attr
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in TRANSACTION_CALLS
    ]


def test_the_check_sees_a_commit() -> None:
    assert transaction_calls("async def f(s):\n    await s.commit()\n") == ["commit"]
    assert transaction_calls("def f(c):\n    c.execute(x)\n") == []


def test_no_repository_function_commits_or_opens_a_transaction() -> None:
    modules = sorted(PACKAGE.glob("*.py"))
    assert {path.stem for path in modules} >= {"users", "identities", "usage"}
    found = {
        path.name: calls
        for path in modules
        if (calls := transaction_calls(path.read_text(encoding="utf-8")))
    }
    assert found == {}
