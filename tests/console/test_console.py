"""The terminal chat: same conversation as Telegram, numbered buttons, piped input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_console(lines: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    environment.update({"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'c.sqlite3'}", **env})
    return subprocess.run(
        [sys.executable, str(ROOT / "run_bot.py"), "--console"],
        input=lines,
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_piped_start_help_and_language_in_thai_then_english(tmp_path: Path) -> None:
    result = run_console("/start\n/help\n/language\n2\n/help\n", tmp_path, DEFAULT_LANGUAGE="th")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "สหกรณ์แพลตฟอร์ม" in out  # welcome in Thai
    assert "[1] ภาษาไทย" in out and "[2] English" in out
    assert "/language – เลือกภาษาไทยหรืออังกฤษ" in out
    assert "I'll speak English with you" in out
    assert "/language – Choose Thai or English" in out
    assert "<b>" not in out  # HTML is rendered as plain text


def test_english_default_and_no_token_notice(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    environment.update(
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'n.sqlite3'}", DEFAULT_LANGUAGE="en"
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "run_bot.py")],
        input="/start\n",
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "@BotFather" in result.stderr
    assert "platform cooperative" in result.stdout


def test_interactive_terminal_session(tmp_path: Path) -> None:
    """A real pseudo-terminal: prompts, Thai input and output."""
    import pty
    import select
    import time

    environment = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    environment.update(
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'i.sqlite3'}",
        DEFAULT_LANGUAGE="th",
        PYTHONIOENCODING="utf-8",
    )
    pid, fd = pty.fork()
    if pid == 0:  # child: the bot in a terminal
        os.chdir(tmp_path)
        os.execve(
            sys.executable, [sys.executable, str(ROOT / "run_bot.py"), "--console"], environment
        )
    output = b""

    def read_until(marker: str, timeout: float = 60) -> None:
        nonlocal output
        deadline = time.monotonic() + timeout
        while marker.encode() not in output and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                try:
                    output += os.read(fd, 65536)
                except OSError:
                    break

    try:
        read_until("> ")
        os.write(fd, b"/language\n")
        read_until("[2] English")
        os.write(fd, b"1\n")
        read_until("ภาษาไทย")
        os.write(fd, b"\x04")  # Ctrl-D ends the chat
        read_until("\n\n\n", timeout=3)
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    text = output.decode("utf-8", "replace")
    assert "เรียบร้อย ต่อจากนี้จะคุยกันเป็นภาษาไทยนะ" in text
    assert os.waitstatus_to_exitcode(status) == 0
