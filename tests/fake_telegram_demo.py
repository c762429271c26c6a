"""The fake Bot API's interactive view: type as one of several users, see what the bot sends
as a Telegram client would show it (formatting rendered, links with their address).

``python -m tests.fake_telegram --port 8081``; lines typed are the current user's messages, a
number presses a button of their last message (a link button, such as Share, shows where it
leads instead), and lines starting with ``:`` are the demo's own commands (``:help``).
"""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from bot.console.lines import LineReader
from tests.fake_telegram import SEND_METHODS, Call, FakeTelegram, FakeUser
from tests.fake_telegram_rules import as_terminal_text

DEMO_HELP = """Demo commands (everything else is sent to the bot as the current user):
  :user ID [first name] [language]   be user ID (created on first use), e.g. :user 43 Alex en
  :users                             list the users and who you are
  :quit                              stop (Ctrl-C or Ctrl-D too)
  a number                           press that button of your last message"""


class Demo:
    """Users, their last keyboards, and what has been printed so far."""

    def __init__(self, fake: FakeTelegram, out: TextIO) -> None:
        self.fake = fake
        self.out = out
        first = FakeUser(id=42, first_name="Demo", username="demo_founder", language_code="th")
        self.users: dict[int, FakeUser] = {first.id: first}
        self.user = first
        self.keyboards: dict[int, Call] = {}  # chat id → its last message with buttons
        self.shown = 0  # calls already printed
        self.finished = False  # :quit was typed

    def handle_line(self, line: str) -> int | None:
        """Act on one typed line; the update id when something was sent to the bot."""
        line = line.strip()
        if not line:
            return None
        if line.startswith(":"):
            self._demo_command(line[1:].split())
            return None
        keyboard = self.keyboards.get(self.user.id)
        if line.isdigit() and keyboard is not None and 0 < int(line) <= len(keyboard.buttons):
            button = keyboard.buttons[int(line) - 1]
            if "callback_data" in button:
                return self.fake.press(self.user, button["callback_data"], keyboard)
            self._write(f"↗ {button.get('url') or button.get('switch_inline_query', '')}")
            return None  # a link opens in the browser: nothing reaches the bot
        return self.fake.send_text(self.user, line)

    def _demo_command(self, words: list[str]) -> None:
        name, args = (words[0].lower(), words[1:]) if words else ("help", [])
        if name == "user" and args and args[0].lstrip("-").isdigit():
            user_id = int(args[0])
            if user_id not in self.users:
                language = args[2] if len(args) > 2 else None
                first_name = args[1] if len(args) > 1 else f"User{user_id}"
                self.users[user_id] = FakeUser(user_id, first_name, None, language)
            self.user = self.users[user_id]
            self._write(f"(you are now {self.name(self.user)})")
        elif name == "users":
            for user in self.users.values():
                marker = "*" if user is self.user else " "
                self._write(f"{marker} {self.name(user)}")
        elif name == "quit":
            self.finished = True
        else:
            self._write(DEMO_HELP)

    @staticmethod
    def name(user: FakeUser) -> str:
        return f"{user.id} {user.first_name} ({user.language_code or 'no language'})"

    def show_new(self) -> None:
        """Print every message the bot sent (or was refused) since the last call."""
        calls, self.shown = self.fake.calls[self.shown :], len(self.fake.calls)
        for call in calls:
            if call.method in SEND_METHODS and call.method != "sendChatAction":
                self._show(call)

    def _show(self, call: Call) -> None:
        who = self.users.get(call.chat_id or 0)
        recipient = self.name(who) if who else str(call.chat_id)
        if call.status != 200:
            self._write(
                f"\n[{call.method} → {recipient}: refused {call.status}] {call.description}"
            )
            return
        self._write(f"\n[{call.method} → {recipient}]")
        if call.method == "sendDocument":
            self._write(f"📎 {call.params.get('document__filename', 'file')}")
        elif call.method == "sendPhoto":
            self._write("🖼 (photo)")
        if call.text:
            self._write(as_terminal_text(call.text, call.params.get("parse_mode")))
        for index, button in enumerate(call.buttons, 1):
            link = " ↗" if "callback_data" not in button else ""
            self._write(f"  [{index}] {button['text']}{link}")
        if call.buttons and call.chat_id is not None:
            self.keyboards[call.chat_id] = call

    def _write(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()


async def run_demo(port: int, stdin: TextIO | None = None, out: TextIO | None = None) -> None:
    """Serve the fake on ``port`` and chat from this terminal until :quit, Ctrl-D or Ctrl-C."""
    out = out or sys.stdout
    fake = FakeTelegram()
    await fake.start(port)
    demo = Demo(fake, out)
    out.write(f"Fake Bot API on {fake.base_url}  token: {fake.token}\n")
    out.write(f"You are {demo.name(demo.user)}. Type :help for the demo's commands.\n")
    out.flush()

    async def printer() -> None:
        while True:
            demo.show_new()
            await asyncio.sleep(0.2)

    task = asyncio.create_task(printer())
    reader = LineReader(stdin or sys.stdin)
    try:
        while not demo.finished and (line := await reader.readline()) is not None:
            demo.handle_line(line)
    finally:
        task.cancel()
        await fake.stop()
