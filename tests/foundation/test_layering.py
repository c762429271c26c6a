"""Nothing below the adapters knows which messenger it serves (issue 15): the conversation
layer, the domain and storage import no adapter, and name no messenger outside comments."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ("bot/conversation", "bot/mentors", "bot/knowledge", "bot/admin", "bot/db")
ADAPTER_MODULES = ("telegram", "aiohttp", "bot.telegram", "bot.web", "bot.line", "linebot")
MESSENGER_WORDS = re.compile(r"\bt\.me\b|4096|4_096|telegram", re.IGNORECASE)
# what may still name Telegram, and why
ALLOWED = (
    # the mentors file's legacy key for a Telegram user id (an admin's file format: old files
    # must still import)
    ("bot/mentors/roster.py", 'LEGACY_ID_KEY = "telegram_id"'),
)


def core_files() -> Iterator[Path]:
    for package in CORE:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def imported_modules(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def is_adapter(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in ADAPTER_MODULES)


def test_the_core_imports_no_messenger_adapter_or_web_library() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in core_files()
        for module in imported_modules(ast.parse(path.read_text()))
        if is_adapter(module)
    ]
    assert not offenders


def docstring_lines(tree: ast.AST) -> set[int]:
    """Lines of string statements (docstrings): documentation, like comments."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def code_only(source: str) -> list[str]:
    """The source's lines with comments and docstrings blanked out (documentation)."""
    docs = docstring_lines(ast.parse(source))
    lines = source.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        is_doc = token.type == tokenize.STRING and token.start[0] in docs
        if token.type != tokenize.COMMENT and not is_doc:
            continue
        (first, column), (last, end) = token.start, token.end
        for number in range(first, last + 1):
            line = lines[number - 1]
            left = column if number == first else 0
            right = end if number == last else len(line)
            lines[number - 1] = line[:left] + " " * (right - left) + line[right:]
    return lines


def messenger_names_in_code(source: str, path: str = "") -> list[tuple[int, str]]:
    """(line, code) of every line naming a messenger outside comments, docstrings and
    ``ALLOWED``."""
    found = []
    for number, line in enumerate(code_only(source), 1):
        for where, what in ALLOWED:
            if path.startswith(where):
                line = line.replace(what, "")
        if MESSENGER_WORDS.search(line):
            found.append((number, line.strip()))
    return found


def test_the_core_names_no_messenger_outside_comments() -> None:
    offenders = []
    for path in core_files():
        relative = str(path.relative_to(ROOT))
        for number, line in messenger_names_in_code(path.read_text(), relative):
            offenders.append(f"{relative}:{number}: {line}")
    assert not offenders, "\n".join(offenders)


def test_the_check_finds_a_messenger_in_code_but_not_in_comments() -> None:
    source = (
        '"""Telegram docs."""\nURL = "https://t.me/x"  # telegram\n# 4096\nLIMIT = 4096\n'
        'from bot.mentors import x\nKEY = "telegram_id"\nTEXT = """\ntelegram\n"""\n'
    )
    assert [number for number, _ in messenger_names_in_code(source)] == [2, 4, 6, 8]
    assert is_adapter("telegram.ext") and is_adapter("bot.web.routes")
    assert not is_adapter("bot.telegramish") and not is_adapter("bot.mentors")


def test_the_domain_and_storage_import_nothing_of_the_conversation_layer() -> None:
    upward = ("bot.conversation", "bot.messaging", "bot.console")
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in core_files()
        if "conversation" not in path.parts
        for module in imported_modules(ast.parse(path.read_text()))
        if any(module == name or module.startswith(name + ".") for name in upward)
    ]
    assert not offenders
