"""Write the live FAQ in the format of ``knowledge/``: one file, or a whole directory."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from bot.admin.entries import FILE_LANGUAGE_ORDER
from bot.knowledge.loader import FAQ_DIR, TOPICS_FILE, dump_entries
from bot.knowledge.model import FaqEntry, KnowledgeBase, Topic


def export_text(entries: tuple[FaqEntry, ...] | list[FaqEntry], header: str = "") -> str:
    """FAQ entries as one YAML file that imports back unchanged."""
    lines = "".join(f"# {line}\n" for line in header.splitlines())
    return lines + dump_entries(entries)


def export_header(version: int, today: dt.date | None = None) -> str:
    """The comment at the top of an exported file: where it came from, how to bring it back."""
    day = (today or dt.date.today()).isoformat()
    return (
        f"Live FAQ exported on {day} (version {version}).\n"
        "Check it with: python -m bot faq validate; import with: python -m bot faq import FILE"
    )


def topics_text(topics: tuple[Topic, ...]) -> str:
    """topics.yaml: one line per topic, names in both languages."""
    lines = ["topics:"]
    for topic in topics:
        languages = [lang for lang in FILE_LANGUAGE_ORDER if lang in topic.names]
        languages += [lang for lang in topic.names if lang not in languages]
        names = ", ".join(
            f"{language}: {json.dumps(topic.names[language], ensure_ascii=False)}"
            for language in languages
        )
        lines.append(f"  {topic.key}: {{{names}}}")
    return "\n".join(lines) + "\n"


def _leading_comments(path: Path) -> str:
    """The comment block a maintainer wrote at the top of an existing file, kept on export."""
    if not path.is_file():
        return ""
    kept = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.startswith("#"):
            break
        kept.append(line)
    return "".join(kept)


def write_directory(kb: KnowledgeBase, directory: Path) -> tuple[list[Path], list[Path]]:
    """Write topics.yaml and faq/<topic>.yaml; remove FAQ files of topics left empty.

    Returns the files written and the files removed.
    """
    faq_dir = directory / FAQ_DIR
    faq_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    topics_path = directory / TOPICS_FILE
    topics_path.write_text(
        _leading_comments(topics_path) + topics_text(kb.topics), encoding="utf-8"
    )
    written.append(topics_path)
    for topic in kb.topics:
        entries = kb.entries_in(topic.key)
        if not entries:
            continue
        path = faq_dir / f"{topic.key}.yaml"
        path.write_text(_leading_comments(path) + dump_entries(entries), encoding="utf-8")
        written.append(path)
    removed = [path for path in sorted(faq_dir.glob("*.yaml")) if path not in written]
    for path in removed:
        path.unlink()
    return written, removed
