"""The data files load and are validated, and admins can import mentors from YAML: all or
nothing, with a summary."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.cli.mentors import import_file
from bot.mentors.directory import (
    DEFAULT_KNOWLEDGE_DIR,
    ORGANISATIONS_FILE,
    DirectoryError,
    load_directory,
    parse_directory,
)
from bot.mentors.taxonomy import TaxonomyError, load_taxonomy, parse_taxonomy
from tests.harness import BotHarness
from tests.mentors.helpers import mentors

TOPICS = {"topics": {"legal": {"en": "Law", "th": "กฎหมาย"}, "bot": {"en": "Bot", "th": "บอท"}}}


def test_shipped_tags_and_directory_are_valid_and_bilingual() -> None:
    taxonomy = load_taxonomy()
    assert {"legal", "governance", "funding", "technology"} <= {t.key for t in taxonomy.topics}
    assert {"registration", "bylaws", "delivery", "agriculture", "organising"} <= {
        t.key for t in taxonomy.tags
    }
    assert all(label.names["th"] and label.names["en"] for label in taxonomy.tags)
    assert taxonomy.tag_topics["bylaws"] == "governance"
    directory = parse_directory(
        yaml.safe_load((DEFAULT_KNOWLEDGE_DIR / ORGANISATIONS_FILE).read_text(encoding="utf-8")),
        [t.key for t in taxonomy.faq_topics],
    )
    assert len(directory.organisations) >= 5
    assert directory.in_topic("legal")


def test_need_text_reveals_tags_in_both_languages() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.tags_in("We are riders and need bylaws") >= {"delivery", "bylaws"}
    assert taxonomy.tags_in("อยากจดทะเบียนสหกรณ์ไรเดอร์") >= {"registration", "delivery"}
    assert "app_building" not in taxonomy.tags_in("We are happy farmers")


def test_malformed_tags_file_is_refused_with_the_place() -> None:
    bad = {"topics": ["legal"], "tags": {"x": {"topic": "nowhere", "en": "X", "th": "ก"}}}
    with pytest.raises(TaxonomyError, match=r"tags\.x\.topic"):
        parse_taxonomy({**bad, "sectors": {}, "regions": {}}, TOPICS)


def test_malformed_directory_is_refused_but_the_bot_still_starts(tmp_path: Path) -> None:
    entry = {"id": "x", "name": {"en": "X"}, "description": {"en": "d", "th": "ด"}}
    broken = {"organisations": [{**entry, "topics": ["nowhere"], "contact": "ftp://x"}]}
    with pytest.raises(DirectoryError) as error:
        parse_directory(broken, ["legal"])
    assert "name.th" in str(error.value) and "topics" in str(error.value)
    assert "contact" in str(error.value)
    path = tmp_path / "organisations.yaml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    assert load_directory(["legal"], path).organisations == ()


MENTORS_FILE = """
mentors:
  - telegram_id: 501
    name: Ploy
    username: "@ploy_coop"
    languages: [th, en]
    topics: [funding, grants, agriculture]
    region: northeast
    capacity: 3
    bio: {th: "ช่วยกลุ่มเกษตรกรหาทุนมาแล้วหลายกลุ่มครับ", en: "I help farmer groups find grants."}
  - telegram_id: 502
    name: Tom
    languages: [en]
    topics: [technology]
    bio: {en: "Developer of a cooperative delivery app."}
    status: pending
"""


async def test_import_adds_then_updates_and_refuses_a_bad_file_whole(
    mentor_bot: BotHarness, tmp_path: Path
) -> None:
    path = tmp_path / "mentors.yaml"
    path.write_text(MENTORS_FILE, encoding="utf-8")
    code, lines = await import_file(mentor_bot.settings, path)
    assert code == 0 and lines == ["Imported mentors: 2 added, 0 updated."]
    [ploy] = await mentors(mentor_bot).list_mentors("approved")
    assert (ploy.username, ploy.region, ploy.capacity) == ("ploy_coop", "northeast", 3)
    assert [m.display_name for m in await mentors(mentor_bot).list_mentors("pending")] == ["Tom"]

    code, lines = await import_file(mentor_bot.settings, path)
    assert lines == ["Imported mentors: 0 added, 2 updated."]

    broken = MENTORS_FILE.replace("languages: [en]", "languages: [fr]").replace(
        "telegram_id: 501", "telegram_id: 503"
    )
    path.write_text(broken, encoding="utf-8")
    code, lines = await import_file(mentor_bot.settings, path)
    assert code == 1 and lines[0] == "Nothing was imported:"
    assert any("mentor 2: languages" in line for line in lines)
    assert len(await mentors(mentor_bot).list_mentors()) == 2  # 503 was not added

    path.write_text("people: []", encoding="utf-8")
    code, lines = await import_file(mentor_bot.settings, path)
    assert code == 1 and "mentors:" in lines[0]
