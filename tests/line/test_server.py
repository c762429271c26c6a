"""One process, Telegram and LINE: which messengers run for which settings, one aiohttp app
for both webhooks, Telegram polling beside the LINE server, and a clean stop."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.settings import Secret, SettingsError, StartupError, load_settings
from bot.web.server import BotServer
from tests.fake_line import ACCESS_TOKEN, CHANNEL_SECRET, FakeLine
from tests.fake_line_webhook import body
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.harness import make_settings
from tests.line_harness import LineHarness, line_settings
from tests.production.webhook_harness import WEBHOOK_SECRET

LINE = {"LINE_CHANNEL_SECRET": CHANNEL_SECRET, "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN}
TOKEN = "123456:" + "A" * 30


@pytest.fixture
async def line_bot(fake_line: FakeLine, database_url: str) -> AsyncIterator[LineHarness]:
    harness = LineHarness(fake_line, line_settings(fake_line, database_url))
    await harness.start()
    yield harness
    await harness.stop()


def test_line_only_settings_run_line_and_no_telegram() -> None:
    settings = load_settings(LINE)
    assert settings.line_enabled and not settings.telegram_enabled


def test_webhook_mode_with_line_and_no_telegram_token_needs_no_telegram_webhook_settings() -> None:
    settings = load_settings({**LINE, "BOT_MODE": "webhook"})
    assert settings.line_enabled and settings.bot_mode == "webhook"


def test_webhook_mode_without_any_messenger_still_names_what_is_missing() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"BOT_MODE": "webhook"})
    assert caught.value.name == "WEBHOOK_URL"


def test_telegram_webhook_mode_beside_line_still_needs_its_url_and_secret() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({**LINE, "TELEGRAM_BOT_TOKEN": TOKEN, "BOT_MODE": "webhook"})
    assert caught.value.name == "WEBHOOK_URL"


def test_line_alone_signs_buttons_with_its_channel_secret() -> None:
    assert load_settings(LINE).signing_secret == CHANNEL_SECRET.encode()
    both = load_settings({**LINE, "TELEGRAM_BOT_TOKEN": TOKEN})
    assert both.signing_secret == TOKEN.encode()  # unchanged where Telegram ran before


async def test_line_server_checks_signatures_and_serves_health(line_bot: LineHarness) -> None:
    raw = body(line_bot.events.text("U" + "1" * 32, "hello"))
    assert await line_bot.post(raw, signed=False) == 401
    assert await line_bot.post(raw, signature="Zm9yZ2Vk") == 403
    status, text = await line_bot.get("/healthz")
    assert status == 200
    assert json.loads(text) == {"status": "ok", "checks": {"database": True, "faq": True}}
    assert line_bot.fake.sent == []
    assert line_bot.server is not None and line_bot.server.telegram is None


async def test_line_server_registers_the_line_channel_with_the_accounts_links(
    line_bot: LineHarness,
) -> None:
    channel = line_bot.conversation.services.channels.get("line")
    assert channel.title == "LINE" and channel.sender is not None
    assert channel.links.deep_link("faq-x") == (
        "https://line.me/R/oaMessage/@coopcompass/?%2Fstart%20faq-x"
    )


async def test_telegram_webhook_and_line_share_one_web_app_and_one_conversation(
    fake_telegram: FakeTelegram, fake_line: FakeLine, database_url: str
) -> None:
    settings = dataclasses.replace(
        line_settings(fake_line, database_url),
        telegram_bot_token=Secret(fake_telegram.token),
        telegram_api_base_url=fake_telegram.base_url,
        bot_mode="webhook",
        webhook_url="https://bot.example.org/telegram",
        webhook_secret=Secret(WEBHOOK_SECRET),
    )
    harness = LineHarness(fake_line, settings)
    await harness.start()
    try:
        assert await harness.post(body(), signed=False) == 401  # LINE's path is served
        status, _ = await harness.get("/healthz")
        assert status == 200
        user = FakeUser(id=301, first_name="Nok", language_code="en")
        update = fake_telegram.take_update(fake_telegram.send_text(user, "/help"))
        assert harness.http is not None
        async with harness.http.post(
            harness.url(settings.webhook_path),
            json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
        ) as response:
            assert response.status == 200
        [help_reply] = [c for c in await fake_telegram.wait_for(lambda c: c.chat_id == 301)]
        assert "/language" in help_reply.text
        server = harness.server
        assert server is not None and server.telegram is not None
        services = harness.conversation.services
        assert server.telegram.bot_data["conversation"] is harness.conversation
        assert services.channels.names() == ["line", "telegram"]
        assert fake_telegram.webhook["url"] == "https://bot.example.org/telegram"
    finally:
        await harness.stop()


async def test_telegram_polling_runs_beside_the_line_server(
    fake_telegram: FakeTelegram, fake_line: FakeLine, database_url: str
) -> None:
    settings = dataclasses.replace(
        make_settings(fake_telegram, database_url),
        line_channel_secret=Secret(CHANNEL_SECRET),
        line_channel_access_token=Secret(ACCESS_TOKEN),
        line_api_base_url=fake_line.base_url,
    )
    harness = LineHarness(fake_line, settings)
    await harness.start()
    try:
        assert await harness.post(body(), signed=False) == 401
        user = FakeUser(id=302, first_name="Ann", language_code="en")
        fake_telegram.send_text(user, "/help")
        [help_reply] = [c for c in await fake_telegram.wait_for(lambda c: c.chat_id == 302)]
        assert "/language" in help_reply.text
    finally:
        fake_telegram.wake_pollers()
        await harness.stop()
    assert harness.server is None


async def test_stop_closes_the_line_session_and_the_port(
    fake_line: FakeLine, database_url: str
) -> None:
    harness = LineHarness(fake_line, line_settings(fake_line, database_url))
    await harness.start()
    server = harness.server
    assert server is not None and server.line is not None
    url = harness.url()
    await harness.stop()
    assert server.line.api._session is None
    assert server.conversation is None
    async with aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.ClientConnectionError):
            await http.post(url, data=b"{}")


async def test_a_refused_line_token_is_one_line_naming_the_setting(
    fake_line: FakeLine, database_url: str
) -> None:
    settings = line_settings(
        fake_line, database_url, line_channel_access_token=Secret("wrong-token-0123456789abc")
    )
    server = BotServer(settings, host="127.0.0.1", port=0)
    with pytest.raises(StartupError) as caught:
        await server.start()
    assert str(caught.value) == "LINE_CHANNEL_ACCESS_TOKEN: LINE refused the channel access token"
    assert server.conversation is None  # the services started were stopped again


@pytest.mark.parametrize(
    ("settings", "absent"),
    [
        ({"TELEGRAM_BOT_TOKEN": TOKEN}, ["bot.line", "linebot"]),
        (LINE, ["bot.telegram.application", "telegram"]),
    ],
    ids=["telegram-only", "line-only"],
)
def test_each_messenger_is_imported_only_when_it_is_configured(
    settings: dict[str, str], absent: list[str]
) -> None:
    script = (
        "import json, sys\n"
        "from bot.settings import load_settings\n"
        "from bot.web.server import BotServer\n"
        f"BotServer(load_settings({settings!r}))\n"
        f"print(json.dumps([m for m in {absent!r} if m in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(done.stdout) == []
