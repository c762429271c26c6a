"""Terminal chat over the same conversation layer: buttons become numbered choices."""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from bot.app import start_conversation, stop_services
from bot.conversation.engine import Conversation
from bot.conversation.events import Incoming, Sender
from bot.conversation.formatting import html_to_plain
from bot.conversation.reply import Button, Reply, Response
from bot.i18n import _, use_language
from bot.messaging import Delivery
from bot.settings import Settings

CONSOLE_USER = Sender(id=1, first_name="Console", username=None, language_code=None)


class ConsoleMessenger:
    """Messages for other users are shown in the terminal, marked with their recipient."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    async def send(self, user_id: int, reply: Reply) -> Delivery:
        self._out.write(f"\n[→ user {user_id}]\n{html_to_plain(reply.text)}\n")
        self._out.flush()
        return Delivery.SENT

    async def show_admin_menu(self, user_id: int, shown: bool) -> None:
        return None  # the terminal has no command menu


class ConsoleChat:
    """Reads lines, turns them into events, prints replies with numbered buttons."""

    def __init__(self, conversation: Conversation, out: TextIO, sender: Sender = CONSOLE_USER):
        self.conversation = conversation
        self.out = out
        self.sender = sender
        self.choices: list[Button] = []

    def to_event(self, line: str) -> Incoming | None:
        """A number picks a button from the last reply; ``/x`` is a command; else text."""
        line = line.strip()
        if not line:
            return None
        if line.isdigit() and 0 < int(line) <= len(self.choices):
            button = self.choices[int(line) - 1]
            if button.url is not None:
                self.out.write(f"{button.url}\n")
                return None
            return Incoming(sender=self.sender, chat_id=self.sender.id, button=button.data)
        if line.startswith("/") and len(line) > 1:
            name, _, args = line[1:].partition(" ")
            return Incoming(
                sender=self.sender,
                chat_id=self.sender.id,
                command=name.split("@")[0].lower(),
                args=args.strip(),
            )
        return Incoming(sender=self.sender, chat_id=self.sender.id, text=line)

    def render(self, response: Response) -> None:
        """Print the replies; remember their buttons as numbered choices."""
        if response.notice:
            self.out.write(f"({response.notice})\n")
        for reply in response.replies:
            self.choices = []
            self.out.write("\n" + html_to_plain(reply.text).strip() + "\n")
            if reply.attachment is not None:
                self.out.write(f"[file: {reply.attachment.filename}]\n")
            for row in reply.buttons:
                for button in row:
                    self.choices.append(button)
                    self.out.write(f"  [{len(self.choices)}] {button.label}\n")
        self.out.flush()

    async def handle_line(self, line: str) -> None:
        event = self.to_event(line)
        if event is not None:
            self.render(await self.conversation.handle(event))


async def run_console(
    settings: Settings, stdin: TextIO | None = None, out: TextIO | None = None
) -> None:
    """Chat until end of input (Ctrl-D) or Ctrl-C; works interactively and with a pipe."""
    stdin = stdin or sys.stdin
    out = out or sys.stdout
    conversation = await start_conversation(settings)
    conversation.services.messenger = ConsoleMessenger(out)
    chat = ConsoleChat(conversation, out)
    interactive = stdin.isatty()
    loop = asyncio.get_running_loop()
    try:
        while True:
            if interactive:
                out.write("> ")
                out.flush()
            line = await loop.run_in_executor(None, stdin.readline)
            if not line:
                break
            if not interactive:
                out.write(f"\n> {line.rstrip()}\n")
            try:
                await chat.handle_line(line)
            except Exception:
                with use_language(settings.default_language):
                    out.write(
                        _("Sorry, something went wrong on my side. Please try again in a moment.")
                        + "\n"
                    )
    finally:
        await stop_services(conversation.services)
