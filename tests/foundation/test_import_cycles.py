"""No import cycles among the bot's modules: each module can be read knowing only what it
imports. Imports inside functions don't count (they run late), nor does a module's link to the
packages that contain it. Imports under ``if TYPE_CHECKING:`` make no cycle at run time, and
among them only one is left: a ``Turn`` carries its ``Router``, whose handlers take a ``Turn``."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import bot

PACKAGE_ROOT = Path(bot.__file__).resolve().parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


KNOWN_TYPE_ONLY_CYCLES = [["bot.conversation.router", "bot.conversation.turn"]]


def top_level_imports(
    tree: ast.Module, name: str, is_package: bool, *, for_types: bool
) -> Iterator[str]:
    """What the module imports when it is first imported (``for_types``: or type-checked)."""
    for node in tree.body:
        if (
            not for_types
            and isinstance(node, ast.If)
            and "TYPE_CHECKING" in ast.unparse(node.test)
        ):
            continue
        for child in (
            ast.walk(node)
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            else ()
        ):
            if isinstance(child, ast.Import):
                yield from (alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = name.split(".") if is_package else name.split(".")[:-1]
                    anchor = anchor[: len(anchor) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                yield base
                yield from (f"{base}.{alias.name}" for alias in child.names)


def import_graph(*, for_types: bool = False) -> dict[str, set[str]]:
    modules = {module_name(path): path for path in PACKAGE_ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        targets = set(top_level_imports(tree, name, is_package, for_types=for_types))
        graph[name] = {
            target
            for target in targets
            if target in modules
            and target != name
            and not name.startswith(target + ".")  # a parent package
        }
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_finder_sees_a_cycle_when_there_is_one() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_holds_real_imports() -> None:
    graph = import_graph()
    assert "bot.conversation.engine" in graph["bot.app"]
    assert "bot.services" in graph["bot.conversation.turn"]


def test_no_module_imports_itself_in_a_cycle() -> None:
    assert cycles(import_graph()) == []


def test_type_checking_imports_add_no_other_cycle() -> None:
    assert "bot.services" not in import_graph(for_types=True)["bot.jobs"]
    assert cycles(import_graph(for_types=True)) == KNOWN_TYPE_ONLY_CYCLES
