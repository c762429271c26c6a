"""Print pip constraints pinning every dependency in pyproject.toml (dev extras included) to
its lower bound, so CI can prove that the ranges we declare really work at their bottom."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;]*)(;.*)?$")


def lowest(requirement: str) -> str:
    """``name[extra]>=1.2,<2; marker`` -> ``name==1.2; marker``; fails on a missing bound."""
    match = REQUIREMENT.match(requirement)
    bound = re.search(r">=\s*([^,\s]+)", match.group(2)) if match else None
    if match is None or bound is None:
        sys.exit(f"no lower bound to pin in {requirement!r}")
    return f"{match.group(1)}=={bound.group(1)}{match.group(3) or ''}"


def main() -> None:
    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())[
        "project"
    ]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    print("\n".join(lowest(r) for r in requirements))


if __name__ == "__main__":
    main()
