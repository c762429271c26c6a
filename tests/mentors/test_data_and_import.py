"""The data files load and are validated, and admins can import mentors from YAML: all or
nothing, with a summary."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.accounts import ACCOUNT_EXAMPLE, account_label
from bot.cli.mentors import ACCOUNT_NOTE, EXAMPLE, import_file
from bot.mentors.directory import (
    DEFAULT_KNOWLEDGE_DIR,
    ORGANISATIONS_FILE,
    DirectoryError,
    load_directory,
    parse_directory,
)
from bot.mentors.taxonomy import TaxonomyError, load_taxonomy, parse_taxonomy
from tests.fake_telegram import FakeUser
from tests.harness import BotHarness
from tests.identities import internal_id, telegram_user
from tests.mentors.helpers import ask_for_mentor_on, mentor_record, mentors
from tests.transcripts import Chat, Person

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


async def import_text(bot: BotHarness, path: Path, text: str) -> tuple[int, list[str]]:
    """Write ``text`` as the mentors file at ``path`` and import it as an admin would."""
    path.write_text(text, encoding="utf-8")
    return await import_file(bot.settings, path)


async def test_import_adds_then_updates_and_refuses_a_bad_file_whole(
    mentor_bot: BotHarness, tmp_path: Path
) -> None:
    path = tmp_path / "mentors.yaml"
    code, lines = await import_text(mentor_bot, path, MENTORS_FILE)
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


async def test_a_mentor_named_by_account_is_imported_and_offered_on_their_own_messenger(
    messenger: Chat, tmp_path: Path
) -> None:
    mentor, founder = Person(611, "Nok", "en"), Person(612, "Ann", "en", "ann_founder")
    account = account_label(*messenger.account(mentor))  # 611, or line:U…
    record = {**mentor_record(mentor.telegram, username=None), "account": account}
    path = tmp_path / "mentors.yaml"
    path.write_text(yaml.safe_dump({"mentors": [record]}), encoding="utf-8")
    assert f"account: {account}" in path.read_text(encoding="utf-8").replace("'", "")

    services = messenger.conversation.services
    code, lines = await import_file(services.settings, path)
    assert (code, lines) == (0, ["Imported mentors: 1 added, 0 updated."])
    found = await services.mentors.mentor_for_user(
        await internal_id(services.database, *messenger.account(mentor))
    )
    assert found is not None and (found.display_name, found.status) == ("Nok", "approved")
    [profile] = await messenger.say(mentor, "/profile")  # the bot knows them as a mentor
    assert "Nok" in profile.text and "/become_mentor" not in profile.text

    start = messenger.mark()
    answer = await ask_for_mentor_on(messenger, founder)
    assert "sent your request to a mentor" in answer.text
    [offer] = [s for s in messenger.received(mentor, start) if "would like a mentor" in s.text]
    assert "Ann" in offer.text


async def test_a_legacy_telegram_id_and_an_account_import_together_and_match_on_a_rerun(
    mentor_bot: BotHarness,
) -> None:
    line_id = "U" + "a1" * 16
    legacy = {**mentor_record(FakeUser(521, "Ploy")), "telegram_id": 521}
    del legacy["account"]
    records = [
        legacy,
        mentor_record(FakeUser(522, "Tom"), account=f"line:{line_id}"),
        mentor_record(FakeUser(523, "Dao"), account="523"),  # a quoted number is Telegram too
    ]
    summary = await mentors(mentor_bot).import_mentors(records)
    assert (summary.added, summary.updated, summary.problems) == (3, 0, ())

    as_account = {**mentor_record(FakeUser(521, "Ploy Renamed")), "account": 521}
    summary = await mentors(mentor_bot).import_mentors([as_account])  # the same mentor
    assert (summary.added, summary.updated) == (0, 1)
    ploy = await mentors(mentor_bot).mentor_for_user(await telegram_user(mentor_bot, 521))
    tom = await mentors(mentor_bot).mentor_for_user(await internal_id(mentor_bot, "line", line_id))
    assert ploy is not None and ploy.display_name == "Ploy Renamed"
    assert tom is not None and tom.display_name == "Tom"


BAD_ACCOUNTS = [
    ({"account": 531, "telegram_id": 531}, "account: give it alone, without the legacy"),
    ({"account": "line:U1234"}, "account: 'line:U1234' is not an account"),
    ({"account": "lime:U" + "0" * 32}, "account: 'lime:U0000"),
    ({"account": "line:U" + "0" * 99}, "account: 'line:U" + "0" * 32 + "… is not an account"),
    ({"account": "๕๓๑"}, "account: '๕๓๑' is not an account"),
    ({"account": True}, "account: True is not an account"),
    ({}, "account: missing"),
    ({"telegram_id": "531"}, "telegram_id (legacy): a positive number; or account"),
    ({"telegram_id": -531}, "telegram_id (legacy): a positive number; or account"),
]


@pytest.mark.parametrize(("account", "problem"), BAD_ACCOUNTS)
async def test_a_record_without_one_readable_account_is_a_problem_naming_the_field_and_its_form(
    mentor_bot: BotHarness, account: dict[str, object], problem: str
) -> None:
    good = mentor_record(FakeUser(530, "Good"))
    bad = mentor_record(FakeUser(531, "Bad"))
    del bad["account"]
    bad.update(account)
    summary = await mentors(mentor_bot).import_mentors([good, bad])

    [line] = summary.problems
    assert line.startswith(f"mentor 2: {problem}"), line
    assert line.endswith(f"expected like {ACCOUNT_EXAMPLE}") or "legacy" in line, line
    assert await mentors(mentor_bot).list_mentors() == []  # the good one is not added either


async def test_one_account_named_twice_in_either_form_is_a_problem_and_nothing_is_imported(
    mentor_bot: BotHarness,
) -> None:
    line = f"line:U{'b2' * 16}"
    legacy = {**mentor_record(FakeUser(5, "Ploy")), "telegram_id": 5}
    del legacy["account"]
    records = [
        legacy,
        mentor_record(FakeUser(6, "Tom"), account="5"),
        mentor_record(FakeUser(7, "Dao"), account=line),
        mentor_record(FakeUser(8, "Nok"), account=line),
        mentor_record(FakeUser(9, "Boon"), account="console:5"),  # another messenger's 5
    ]
    summary = await mentors(mentor_bot).import_mentors(records)

    assert summary.problems == (
        "mentor 2: account 5 appears twice (also mentor 1)",
        f"mentor 4: account {line} appears twice (also mentor 3)",
    )
    assert await mentors(mentor_bot).list_mentors() == []


async def test_the_example_in_the_import_help_is_a_file_that_imports(
    mentor_bot: BotHarness, tmp_path: Path
) -> None:
    code, lines = await import_text(mentor_bot, tmp_path / "mentors.yaml", EXAMPLE)

    assert (code, lines) == (0, ["Imported mentors: 2 added, 0 updated."])
    assert [m.display_name for m in await mentors(mentor_bot).list_mentors()] == ["Somchai", "Nok"]
    assert "telegram_id: 123456789" in ACCOUNT_NOTE  # the legacy form is still explained
