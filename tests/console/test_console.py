"""The terminal chat: same conversation as Telegram, numbered buttons, piped input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def console_environment(tmp_path: Path, **env: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    environment.update({"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'c.sqlite3'}", **env})
    return environment


def run_console(
    lines: str, tmp_path: Path, options: Sequence[str] = (), **env: str
) -> subprocess.CompletedProcess[str]:
    """The terminal chat as a user starts it, fed ``lines`` through a pipe."""
    environment = console_environment(tmp_path, **env)
    return subprocess.run(
        [sys.executable, str(ROOT / "run_bot.py"), "--console", *options],
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
    thai_help, english_help = out.split("> /help")[1:]
    assert "ในเทอร์มินัลนี้:" in thai_help and "พิมพ์ /quit หรือ exit หรือกด Ctrl-C" in thai_help
    assert "จบบรรทัดแรกด้วย \\" in thai_help
    assert "In this terminal:" in english_help and "/quit, exit or Ctrl-C" in english_help
    assert "end the first line with \\" in english_help


def test_first_run_banner_in_both_languages_before_anything_is_typed(tmp_path: Path) -> None:
    result = run_console("", tmp_path, DEFAULT_LANGUAGE="en")
    assert result.returncode == 0, result.stderr
    english, thai = result.stdout.split("\n\n")[:2]
    assert english.startswith("Coop Compass in the terminal")
    assert "/quit, exit or Ctrl-C" in english
    assert "You are user 1." in english and "--admin" in english
    assert thai.startswith("Coop Compass ในเทอร์มินัล") and "ออกจากแชต" in thai
    assert "ผู้ใช้หมายเลข 1" in thai
    notice = run_console("", tmp_path, DEFAULT_LANGUAGE="en", options=("--user", "9"))
    assert "You are user 9." in notice.stdout


def test_no_token_notice_is_in_both_languages(tmp_path: Path) -> None:
    environment = console_environment(tmp_path, DEFAULT_LANGUAGE="th")
    result = subprocess.run(
        [sys.executable, str(ROOT / "run_bot.py")],
        input="",
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "No TELEGRAM_BOT_TOKEN is set" in result.stderr
    assert "ยังไม่ได้ตั้งค่า TELEGRAM_BOT_TOKEN" in result.stderr


def test_quit_and_exit_leave_and_nothing_after_them_is_read(tmp_path: Path) -> None:
    for word in ("/quit", "exit", "EXIT "):
        result = run_console(f"/start\n{word}\n/help\n", tmp_path, DEFAULT_LANGUAGE="en")
        assert result.returncode == 0, result.stderr
        assert "platform cooperative" in result.stdout
        assert "/language – Choose Thai or English" not in result.stdout  # /help never ran
        assert "don't know that command" not in result.stdout


def test_ctrl_c_leaves_at_once_without_a_traceback(tmp_path: Path) -> None:
    """SIGINT while the chat waits for the next line (stdin still open): it must not wait
    for another Enter, and must not print a traceback."""
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "run_bot.py"), "--console"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=console_environment(tmp_path, DEFAULT_LANGUAGE="en"),
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write("/start\n")
        process.stdin.flush()
        seen = ""
        while "platform cooperative" not in seen:
            line = process.stdout.readline()
            assert line, seen
            seen += line
        process.send_signal(signal.SIGINT)
        returncode = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdin.close()
    assert process.stderr is not None
    errors = process.stderr.read()
    assert returncode == 0, errors
    assert "Traceback" not in errors and "KeyboardInterrupt" not in errors


def test_multi_line_messages_let_an_admin_add_an_faq_entry(tmp_path: Path) -> None:
    """``--admin`` makes the terminal user an admin; a line ending in ``\\`` opens a message
    of several lines, a line with only ``.`` sends it."""
    lines = [
        "/faq_add",
        "1",  # topic: platform co-op basics
        "สหกรณ์คนเลี้ยงผึ้งคืออะไร \\",
        "สหกรณ์ผึ้งทำอะไรบ้าง",
        "อยากรู้เรื่องสหกรณ์ผึ้ง",
        "สหกรณ์ผึ้งตั้งยังไง",
        ".",
        "สหกรณ์ผึ้งเป็นของคนเลี้ยงผึ้ง\\",
        "ที่ขายน้ำผึ้งร่วมกัน",
        ".",
        "What is a beekeepers' co-op?\\",
        "What does a bee co-op do?",
        "Tell me about bee co-ops",
        "How do I start a bee co-op?",
        ".",
        "A bee co-op is owned by beekeepers who sell honey together.",
        "https://example.org/bees",
        "1",  # Save
        "Tell me about bee co-ops",
    ]
    result = run_console("\n".join(lines) + "\n", tmp_path, ("--admin",), DEFAULT_LANGUAGE="en")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "You are user 1, an admin." in out
    preview = out[out.index("Preview of the new entry") :]
    assert "สหกรณ์ผึ้งเป็นของคนเลี้ยงผึ้ง\nที่ขายน้ำผึ้งร่วมกัน" in preview  # two lines kept
    assert "4 ways of asking" in preview
    last_answer = out[out.rindex("> Tell me about bee co-ops") :]
    assert "A bee co-op is owned by beekeepers who sell honey together." in last_answer


def test_files_the_bot_sends_are_saved_and_their_path_printed(tmp_path: Path) -> None:
    """``--user`` picks who is chatting; an id in ADMIN_IDS is an admin (``/stats`` chart)."""
    result = run_console(
        "/start\n/mydata\n/mydata\n/stats\n",
        tmp_path,
        ("--user", "4242", "--files", "out"),
        DEFAULT_LANGUAGE="en",
        ADMIN_IDS="4242",
    )
    assert result.returncode == 0, result.stderr
    saved = [
        line.removeprefix("File saved: ")
        for line in result.stdout.splitlines()
        if line.startswith("File saved: ")
    ]
    assert len(saved) == 3, result.stdout
    first, second, chart = (tmp_path / path for path in saved)
    assert first != second  # a second copy never overwrites the first
    assert first.parent == tmp_path / "out" and first.suffix == ".json"
    assert "4242" in json.dumps(json.loads(first.read_text(encoding="utf-8")))
    assert chart.read_bytes().startswith(b"\x89PNG")
    plain_user = run_console("/stats\n", tmp_path, ("--user", "77"), DEFAULT_LANGUAGE="en")
    assert "don't know that command" in plain_user.stdout  # not an admin


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


class Terminal:
    """The terminal chat in a real pseudo-terminal, read as a person would see it."""

    def __init__(self, tmp_path: Path) -> None:
        import pty

        environment = console_environment(tmp_path, DEFAULT_LANGUAGE="th")
        environment["PYTHONIOENCODING"] = "utf-8"
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child: the bot in a terminal
            os.chdir(tmp_path)
            command = [sys.executable, str(ROOT / "run_bot.py"), "--console"]
            os.execve(sys.executable, command, environment)
        self.output = b""

    def read_until(self, marker: str | None, timeout: float = 60) -> None:
        """Read until ``marker`` is seen, or (``None``) until the chat closes the terminal."""
        import select
        import time

        deadline = time.monotonic() + timeout
        while (marker is None or marker.encode() not in self.output) and (
            time.monotonic() < deadline
        ):
            ready, _, _ = select.select([self.fd], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # EIO: every process holding the terminal has ended
                    break
                if not chunk:
                    break
                self.output += chunk

    def type(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def close(self, timeout: float = 30) -> int:
        """Wait for the chat to end; its exit code (-9 when it had to be killed)."""
        import time

        deadline = time.monotonic() + timeout
        self.read_until(None, timeout)  # all the chat prints, until it closes the terminal
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        while pid == 0 and time.monotonic() < deadline:
            time.sleep(0.01)  # the terminal is closed; the process is still exiting
            pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid == 0:
            os.kill(self.pid, signal.SIGKILL)
            _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)

    @property
    def text(self) -> str:
        return self.output.decode("utf-8", "replace")


def test_interactive_terminal_session(tmp_path: Path) -> None:
    """A real pseudo-terminal: prompts, Thai input and output."""
    terminal = Terminal(tmp_path)
    try:
        terminal.read_until("> ")
        terminal.type(b"/language\n")
        terminal.read_until("[2] English")
        terminal.type(b"1\n")
        terminal.read_until("ภาษาไทย")
        terminal.type(b"\x04")  # Ctrl-D ends the chat
    finally:
        code = terminal.close()
    assert "เรียบร้อย ต่อจากนี้จะคุยกันเป็นภาษาไทยนะ" in terminal.text
    assert code == 0


def test_ctrl_c_in_a_terminal_leaves_in_the_middle_of_a_multi_line_message(
    tmp_path: Path,
) -> None:
    terminal = Terminal(tmp_path)
    try:
        terminal.read_until("> ")
        terminal.type("สหกรณ์คืออะไร \\\n".encode())
        terminal.read_until("… ")  # the prompt of a message still open
        terminal.type(b"\x03")  # Ctrl-C: the terminal sends SIGINT
    finally:
        code = terminal.close()
    assert code == 0, terminal.text
    assert "Traceback" not in terminal.text and "KeyboardInterrupt" not in terminal.text
    assert "สหกรณ์แพลตฟอร์ม" not in terminal.text.split("… ")[-1]  # nothing was sent
