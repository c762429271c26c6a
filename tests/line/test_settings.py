"""LINE settings: both channel secrets or neither, each malformed one named in one line."""

from __future__ import annotations

import pytest

from bot.settings import SettingsError, load_settings
from tests.fake_line import ACCESS_TOKEN, CHANNEL_SECRET

BOTH = {"LINE_CHANNEL_SECRET": CHANNEL_SECRET, "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN}


def test_line_is_off_by_default_with_its_documented_defaults() -> None:
    settings = load_settings({})
    assert not settings.line_channel_secret and not settings.line_channel_access_token
    assert settings.line_api_base_url == "https://api.line.me"
    assert settings.line_webhook_path == "/line/webhook"


def test_both_channel_settings_are_read_and_kept_secret() -> None:
    settings = load_settings({**BOTH, "LINE_API_BASE_URL": "http://127.0.0.1:9999"})
    assert settings.line_channel_secret.get() == CHANNEL_SECRET
    assert settings.line_channel_access_token.get() == ACCESS_TOKEN
    assert settings.line_api_base_url == "http://127.0.0.1:9999"
    assert CHANNEL_SECRET not in repr(settings) and ACCESS_TOKEN not in repr(settings)


@pytest.mark.parametrize(("given", "missing"), [
    ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN"),
    ("LINE_CHANNEL_ACCESS_TOKEN", "LINE_CHANNEL_SECRET"),
])  # fmt: skip
def test_one_channel_setting_without_the_other_names_the_missing_one(
    given: str, missing: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({given: BOTH[given]})
    assert caught.value.name == missing
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("name", "value"), [
    ("LINE_CHANNEL_SECRET", "not-hex-and-too-short"),
    ("LINE_CHANNEL_ACCESS_TOKEN", "short"),
    ("LINE_API_BASE_URL", "ftp://api.line.me"),
    ("LINE_WEBHOOK_PATH", "line"),
])  # fmt: skip
def test_each_malformed_line_setting_names_itself(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({**BOTH, name: value})
    assert caught.value.name == name
    assert value not in str(caught.value) or ("TOKEN" not in name and "SECRET" not in name)


def test_line_and_telegram_webhooks_need_different_paths() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({**BOTH, "LINE_WEBHOOK_PATH": "/telegram"})
    assert caught.value.name == "LINE_WEBHOOK_PATH"
