"""``python run_bot.py`` as an operator starts it: LINE settings alone start the LINE webhook;
with a Telegram token as well, Telegram is polled in the same process. SIGTERM stops it
cleanly (exit 0, no traceback)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp

from bot.settings import SETTINGS
from tests.fake_line import ACCESS_TOKEN, CHANNEL_SECRET, FakeLine
from tests.fake_telegram import FakeTelegram, FakeUser

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 60.0  # a loaded machine: imports, migrations and the FAQ index


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def start_bot(tmp_path: Path, **settings: str) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if k not in {s.name for s in SETTINGS}}
    env.update(
        ADMIN_IDS="1",
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
        WEBHOOK_LISTEN="127.0.0.1",
        **settings,
    )
    return await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "run_bot.py"),
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def wait_until_healthy(process: asyncio.subprocess.Process, port: int) -> None:
    """``/healthz`` answers 200 (the web server starts last, once everything is ready)."""
    async with aiohttp.ClientSession() as http:
        async with asyncio.timeout(START_SECONDS):
            while True:
                assert process.returncode is None, "the bot exited during start-up"
                try:
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientConnectionError:
                    pass
                await asyncio.sleep(0.2)


async def unsigned_post(port: int) -> int:
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"http://127.0.0.1:{port}/line/webhook", data=b"{}") as response,
    ):
        return response.status


def line_settings_for(fake_line: FakeLine, port: int) -> dict[str, str]:
    return {
        "LINE_CHANNEL_SECRET": CHANNEL_SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN,
        "LINE_API_BASE_URL": fake_line.base_url,
        "WEBHOOK_PORT": str(port),
    }


async def stop_bot(process: asyncio.subprocess.Process) -> str:
    process.send_signal(signal.SIGTERM)
    _out, err = await asyncio.wait_for(process.communicate(), START_SECONDS)
    assert process.returncode == 0, err.decode()
    return err.decode()


async def test_line_settings_without_a_telegram_token_start_the_line_webhook(
    fake_line: FakeLine, tmp_path: Path
) -> None:
    port = free_port()
    process = await start_bot(tmp_path, **line_settings_for(fake_line, port))
    try:
        await wait_until_healthy(process, port)
        assert await unsigned_post(port) == 401
        assert fake_line.count("info") == 1  # the token was checked at start
    finally:
        stderr = await stop_bot(process)
    assert "Traceback" not in stderr and "Unclosed" not in stderr


async def test_with_both_telegram_is_polled_beside_the_line_webhook(
    fake_line: FakeLine, fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    port = free_port()
    user = FakeUser(id=401, first_name="Mali", language_code="en")
    fake_telegram.send_text(user, "/help")
    process = await start_bot(
        tmp_path,
        TELEGRAM_BOT_TOKEN=fake_telegram.token,
        TELEGRAM_API_BASE_URL=fake_telegram.base_url,
        **line_settings_for(fake_line, port),
    )
    try:
        await wait_until_healthy(process, port)
        assert await unsigned_post(port) == 401
        [reply] = await fake_telegram.wait_for(lambda c: c.chat_id == 401, timeout=START_SECONDS)
        assert "/language" in reply.text
    finally:
        fake_telegram.wake_pollers()
        stderr = await stop_bot(process)
    assert "Traceback" not in stderr and "Unclosed" not in stderr
