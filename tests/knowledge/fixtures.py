"""Small FAQ fixtures written as YAML, so loader and matcher tests do not depend on content."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

TOPICS = {
    "topics": {
        "basics": {"en": "Platform co-op basics", "th": "พื้นฐานสหกรณ์แพลตฟอร์ม"},
        "legal": {"en": "Law & registration", "th": "กฎหมายและการจดทะเบียน"},
        "funding": {"en": "Money & funding", "th": "เงินทุน"},
    }
}


def entry(
    entry_id: str,
    topic: str,
    en: list[str],
    th: list[str],
    related: list[str],
    **extra: Any,
) -> dict[str, Any]:
    """One valid raw entry with the given questions."""
    raw: dict[str, Any] = {
        "id": entry_id,
        "topic": topic,
        "reviewed": "2026-11-26",
        "questions": {"en": en, "th": th},
        "answer": {"en": f"About <b>{entry_id}</b>.\nSecond line.", "th": f"เรื่อง {entry_id}"},
        "sources": ["https://example.org/" + entry_id],
        "related": related,
    }
    raw.update(extra)
    return raw


BASICS = [
    entry(
        "what-is-platform-coop",
        "basics",
        [
            "What is a platform cooperative?",
            "What's a platform co-op?",
            "platform co-op meaning",
            "Define platform cooperativism",
        ],
        [
            "สหกรณ์แพลตฟอร์มคืออะไร",
            "สหกรณ์แพลตฟอร์มหมายถึงอะไร",
            "ความหมายของสหกรณ์แพลตฟอร์ม",
            "นิยามสหกรณ์แพลตฟอร์ม",
        ],
        ["coop-vs-startup"],
        keywords={"en": ["definition"], "th": ["นิยาม"]},
    ),
    entry(
        "coop-vs-startup",
        "basics",
        [
            "How is a platform co-op different from a startup?",
            "co-op vs startup",
            "difference between a cooperative and a tech company",
            "Is a co-op just a startup owned by members?",
        ],
        [
            "สหกรณ์แพลตฟอร์มต่างจากสตาร์ทอัพอย่างไร",
            "สหกรณ์กับสตาร์ทอัพต่างกันยังไง",
            "ความแตกต่างระหว่างสหกรณ์กับบริษัทเทค",
            "สตาร์ทอัพ vs สหกรณ์",
        ],
        ["what-is-platform-coop"],
    ),
]

LEGAL = [
    entry(
        "register-coop-thailand",
        "legal",
        [
            "How do I register a cooperative in Thailand?",
            "co-op registration steps",
            "What documents do we need to register a co-op?",
            "Where do we file to incorporate a co-op?",
        ],
        [
            "จดทะเบียนสหกรณ์ต้องทำอย่างไร",
            "ขั้นตอนการจดทะเบียนสหกรณ์",
            "จดสหกรณ์ใช้เอกสารอะไรบ้าง",
            "ยื่นจดทะเบียนสหกรณ์ที่ไหน",
        ],
        ["min-members"],
        action="directory",
    ),
    entry(
        "min-members",
        "legal",
        [
            "How many members are needed to register a cooperative?",
            "minimum number of members for a co-op",
            "How many people do we need to start a co-op?",
            "smallest group that can form a cooperative",
        ],
        [
            "ต้องมีสมาชิกอย่างน้อยกี่คนจึงจะจดทะเบียนสหกรณ์ได้",
            "สมาชิกขั้นต่ำของสหกรณ์กี่คน",
            "ตั้งสหกรณ์ต้องมีกี่คน",
            "จำนวนสมาชิกขั้นต่ำในการจัดตั้งสหกรณ์",
        ],
        ["register-coop-thailand"],
    ),
]

FUNDING = [
    entry(
        "funding-sources",
        "funding",
        [
            "How can a platform co-op raise money?",
            "funding options for co-ops",
            "Where can a cooperative get capital?",
            "How do co-ops finance themselves?",
        ],
        [
            "สหกรณ์แพลตฟอร์มหาเงินทุนได้จากไหนบ้าง",
            "แหล่งเงินทุนของสหกรณ์",
            "ระดมทุนสำหรับสหกรณ์ทำอย่างไร",
            "สหกรณ์หาทุนจากไหน",
        ],
        ["investors-control"],
    ),
    entry(
        "investors-control",
        "funding",
        [
            "Can outside investors invest without taking control?",
            "Can a co-op take VC money and stay member-controlled?",
            "investors in a cooperative",
            "Do investors get votes in a co-op?",
        ],
        [
            "นักลงทุนภายนอกลงทุนได้ไหมโดยไม่เข้ามาควบคุมสหกรณ์",
            "รับนักลงทุนโดยไม่เสียอำนาจควบคุมได้ไหม",
            "นักลงทุนในสหกรณ์มีสิทธิ์ออกเสียงไหม",
            "ให้นักลงทุนถือหุ้นสหกรณ์ได้ไหม",
        ],
        ["funding-sources"],
    ),
]

FILES = {"basics.yaml": BASICS, "legal.yaml": LEGAL, "funding.yaml": FUNDING}


def write_knowledge(
    root: Path,
    files: dict[str, list[dict[str, Any]]] | None = None,
    topics: Any = None,
) -> Path:
    """Write topics.yaml and faq/*.yaml under root and return root."""
    files = copy.deepcopy(FILES if files is None else files)
    (root / "faq").mkdir(parents=True, exist_ok=True)
    (root / "topics.yaml").write_text(
        yaml.safe_dump(TOPICS if topics is None else topics, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    for name, entries in files.items():
        text = yaml.safe_dump({"entries": entries}, allow_unicode=True, sort_keys=False)
        (root / "faq" / name).write_text(text, encoding="utf-8")
    return root


def with_change(file: str, index: int, **changes: Any) -> dict[str, list[dict[str, Any]]]:
    """A copy of the fixture files with one entry's fields replaced (None deletes a field)."""
    files = copy.deepcopy(FILES)
    for key, value in changes.items():
        if value is None:
            files[file][index].pop(key, None)
        else:
            files[file][index][key] = value
    return files
