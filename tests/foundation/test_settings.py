"""Configuration: every malformed setting stops start-up with exit code 2 and one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import SETTINGS, SettingsError, load_settings, startup_warnings

ROOT = Path(__file__).resolve().parents[2]

MALFORMED = [
    ("TELEGRAM_BOT_TOKEN", "not-a-token"),
    ("DATABASE_URL", "mysql://root@localhost/db"),
    ("ADMIN_IDS", "12,abc"),
    ("ADMIN_IDS", "line:U123"),  # a LINE id is U and 32 hexadecimal digits
    ("ADMIN_IDS", "lnie:U4af4980629" + "0" * 22),  # no such messenger
    ("DEFAULT_LANGUAGE", "fr"),
    ("TELEGRAM_API_BASE_URL", "ftp://example.org"),
    ("LOG_LEVEL", "LOUD"),
    ("BOT_MODE", "carrier-pigeon"),
    ("WEBHOOK_URL", "http://insecure.example.org"),
    ("WEBHOOK_SECRET", "has spaces!"),
    ("WEBHOOK_PORT", "70000"),
    ("WEBHOOK_PATH", "no-slash"),
    ("REFERRAL_DEADLINE_HOURS", "-1"),
    ("FOLLOWUP_DAYS", "soon"),
    ("RETENTION_DAYS", "0"),
    ("MATCH_ANSWER_SCORE", "high"),
]


def test_defaults_need_nothing() -> None:
    settings = load_settings({})
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert settings.default_language == "th"
    assert not settings.telegram_bot_token


@pytest.mark.parametrize(("name", "value"), MALFORMED)
def test_each_malformed_setting_names_itself(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({name: value})
    assert caught.value.name == name
    assert str(caught.value).startswith(f"Invalid setting {name}: expected ")


def test_admin_ids_name_accounts_a_bare_number_being_telegram() -> None:
    line_id = "U4af4980629" + "0" * 22
    settings = load_settings({"ADMIN_IDS": f"123, line:{line_id};telegram:456"})
    assert settings.admin_ids == {("telegram", "123"), ("line", line_id), ("telegram", "456")}


def test_webhook_mode_requires_url_and_secret() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"BOT_MODE": "webhook", "TELEGRAM_BOT_TOKEN": "123456:" + "A" * 30})
    assert caught.value.name == "WEBHOOK_URL"


def test_secrets_never_appear_in_messages_or_reprs() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"TELEGRAM_BOT_TOKEN": "123:short-secret-value"})
    assert "short-secret-value" not in str(caught.value)
    settings = load_settings({"TELEGRAM_BOT_TOKEN": "123456:" + "B" * 30})
    assert "BBBB" not in repr(settings)


def test_env_example_documents_every_setting() -> None:
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for spec in SETTINGS:
        assert f"{spec.name}=" in example, spec.name
        assert spec.name in readme, spec.name


@pytest.mark.parametrize(("name", "value"), MALFORMED[:4])
def test_start_up_exits_2_with_one_line(name: str, value: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {s.name for s in SETTINGS}}
    env[name] = value
    result = subprocess.run(
        [sys.executable, str(ROOT / "run_bot.py"), "--console"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Invalid setting {name}:")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MATCH_ANSWER_SCORE", "1.5"),
        ("MATCH_ANSWER_MARGIN", "-0.1"),
        ("MATCH_SUGGEST_SCORE", "nan"),
        ("FOLLOWUP_DAYS", "inf"),
        ("REFERRAL_DEADLINE_HOURS", "-3"),
        ("RETENTION_DAYS", "-5"),
    ],
)
def test_impossible_values_are_refused_naming_the_setting(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({name: value})
    assert caught.value.name == name


def test_a_setting_close_to_ours_is_reported_with_the_one_it_meant(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("ADMIN_ID=5\n", encoding="utf-8")
    environ = {"TELEGRAM_TOKEN": "x", "PATH": "/bin", "TELEGRAPH_X": "1", "LOG_LEVL": "INFO"}
    settings = load_settings(environ, env_file)

    warnings = startup_warnings(settings, environ, env_file)

    assert any("TELEGRAM_TOKEN" in w and "TELEGRAM_BOT_TOKEN" in w for w in warnings)
    assert any("ADMIN_ID " in w and "ADMIN_IDS" in w for w in warnings)
    assert any("LOG_LEVL" in w and "LOG_LEVEL" in w for w in warnings)
    assert not any("PATH" in w or "TELEGRAPH" in w for w in warnings)


def test_empty_admin_ids_is_warned_about_once_and_not_when_set() -> None:
    warned = startup_warnings(load_settings({}), {})
    assert [w for w in warned if w.startswith("ADMIN_IDS")] == [warned[-1]]
    assert startup_warnings(load_settings({"ADMIN_IDS": "7"}), {"ADMIN_IDS": "7"}) == []


def run_bot_with(tmp_path: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    """``run_bot.py`` as an operator starts it, with only these settings (and an admin, so
    that the empty-ADMIN_IDS warning stays out of stderr)."""
    env = {k: v for k, v in os.environ.items() if k not in {s.name for s in SETTINGS}}
    env.update({"ADMIN_IDS": "1", **settings})
    console = [] if settings.get("TELEGRAM_BOT_TOKEN") else ["--console"]  # no banner
    return subprocess.run(
        [sys.executable, str(ROOT / "run_bot.py"), *console],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


TOKEN = "123456:" + "A" * 30


@pytest.mark.parametrize(
    ("settings", "named", "shown"),
    [
        (
            {"DATABASE_URL": "sqlite+aiosqlite:///{tmp}/a-file/bot.sqlite3"},
            "DATABASE_URL",
            "a-file/bot.sqlite3",
        ),
        (
            {"DATABASE_URL": "postgresql+asyncpg://bot:hunter2pw@127.0.0.1:1/coop"},
            "DATABASE_URL",
            "127.0.0.1:1",
        ),
        (
            {
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_BASE_URL": "http://127.0.0.1:1/bot",
                "BOT_API_START_ATTEMPTS": "1",
            },
            "TELEGRAM_API_BASE_URL",
            "127.0.0.1:1",
        ),
    ],
    ids=["impossible-sqlite-path", "postgres-unreachable", "bot-api-unreachable"],
)
def test_a_setting_that_does_not_work_is_one_line_and_exit_2(
    settings: dict[str, str], named: str, shown: str, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    settings = {k: v.format(tmp=tmp_path) for k, v in settings.items()}
    result = run_bot_with(tmp_path, **settings)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1, result.stderr
    assert lines[-1].startswith(f"{named}:") and shown in lines[-1]
    assert "hunter2pw" not in result.stderr and "Unclosed" not in result.stderr


def test_an_unreachable_bot_api_is_tried_again_with_a_pause_then_exit_2(tmp_path: Path) -> None:
    result = run_bot_with(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL="http://127.0.0.1:1/bot",
        BOT_API_START_ATTEMPTS="2",
    )
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2
    assert len(lines) == 2 and "trying again in 1 s (1 of 2)" in lines[0]
    assert lines[1].startswith("TELEGRAM_API_BASE_URL: cannot reach the Bot API")
    assert "Traceback" not in result.stderr and "Unclosed" not in result.stderr
