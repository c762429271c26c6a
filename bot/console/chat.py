"""Terminal chat over the same conversation layer: buttons become numbered choices, files the
bot sends are saved to a folder, and /quit, exit, Ctrl-D or Ctrl-C leave."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import re
import signal
import sys
from functools import partial
from pathlib import Path
from typing import TextIO

from bot.accounts import parse_account
from bot.app import start_conversation, stop_conversation
from bot.channels import CONSOLE_CAPABILITIES, Channel, ChannelSender, NoLinks
from bot.console.lines import LineReader, MessageAssembler, is_quit
from bot.console.texts import FILE_SAVED, banner, help_lines
from bot.conversation.engine import Conversation
from bot.conversation.events import Incoming, Sender
from bot.conversation.markup import to_plain
from bot.conversation.reply import Attachment, Button, Reply, Response
from bot.db.repositories.identities import user_for
from bot.delivery import Delivery
from bot.i18n import _, use_language
from bot.settings import Settings

CONSOLE = "console"
CONSOLE_USER_ID = 1
DEFAULT_FILES_DIR = Path("data/console-files")
_COMMAND = re.compile(r"/(\S+)\s*(.*)", re.DOTALL)


class FileShelf:
    """Where files the bot sends (``/mydata``, the ``/stats`` chart) land; never overwrites."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def save(self, attachment: Attachment) -> Path:
        """Write the file under a free name (``name-2.ext`` when ``name.ext`` exists)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        name = Path(attachment.filename).name or "file"  # never a path from elsewhere
        path = self.folder / name
        number = 1
        while path.exists():
            number += 1
            path = self.folder / f"{Path(name).stem}-{number}{Path(name).suffix}"
        path.write_bytes(attachment.content)
        return path


def console_channel(sender: ChannelSender | None = None) -> Channel:
    """The terminal as a channel: plain text, no links, every reply printed anew."""
    return Channel(CONSOLE, CONSOLE_CAPABILITIES, NoLinks(), sender, title="console")


class ConsoleSender:
    """Messages for other console users are shown in the terminal, marked with their
    recipient (users of other messengers are not reachable from a terminal session)."""

    def __init__(self, out: TextIO, shelf: FileShelf) -> None:
        self._out = out
        self._shelf = shelf

    async def send(self, external_id: str, reply: Reply) -> Delivery:
        self._out.write(f"\n[→ user {external_id}]\n{to_plain(reply.text)}\n")
        if reply.attachment is not None:
            path = self._shelf.save(reply.attachment)
            self._out.write(_(FILE_SAVED).format(path=path) + "\n")
        self._out.flush()
        return Delivery.SENT

    async def show_admin_menu(self, external_id: str, shown: bool) -> None:
        return None  # the terminal has no command menu


class ConsoleChat:
    """Turns messages into events and prints replies with numbered buttons."""

    def __init__(
        self, conversation: Conversation, out: TextIO, sender: Sender, shelf: FileShelf
    ) -> None:
        self.conversation = conversation
        self.out = out
        self.sender = sender
        self.shelf = shelf
        self.choices: list[Button] = []

    def to_event(self, message: str) -> Incoming | None:
        """A number picks a button from the last reply; ``/x`` is a command; else text."""
        message = message.strip()
        if not message:
            return None
        if message.isdigit() and 0 < int(message) <= len(self.choices):
            button = self.choices[int(message) - 1]
            if button.url is not None:
                self.out.write(f"{button.url}\n")
                return None
            return Incoming(
                sender=self.sender, chat_id=self.sender.id, channel=CONSOLE, button=button.data
            )
        command = _COMMAND.fullmatch(message)
        if command is not None:
            return Incoming(
                sender=self.sender,
                chat_id=self.sender.id,
                channel=CONSOLE,
                command=command.group(1).split("@")[0].lower(),
                args=command.group(2).strip(),
            )
        return Incoming(sender=self.sender, chat_id=self.sender.id, channel=CONSOLE, text=message)

    def render(self, response: Response, event: Incoming | None = None) -> None:
        """Print the replies; remember their buttons as numbered choices; save files."""
        if response.notice:
            self.out.write(f"({response.notice})\n")
        for reply in [*response.replies, *response.pushed]:
            self.choices = []
            self.out.write("\n" + to_plain(reply.text).strip() + "\n")
            if reply.attachment is not None:
                path = self.shelf.save(reply.attachment)
                self.out.write(_(FILE_SAVED).format(path=path) + "\n")
            for row in reply.buttons:
                for button in row:
                    self.choices.append(button)
                    self.out.write(f"  [{len(self.choices)}] {button.label}\n")
        if event is not None and event.command == "help" and response.replies:
            with use_language(response.language or "en"):  # the engine always sets it
                self.out.write("\n".join(help_lines()) + "\n")
        self.out.flush()

    async def handle_message(self, message: str) -> None:
        """One complete message (a line, or several lines ended with ``.``)."""
        event = self.to_event(message)
        if event is not None:
            self.render(await self.conversation.handle(event), event)


async def run_console(
    settings: Settings,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    *,
    user_id: int = CONSOLE_USER_ID,
    admin: bool = False,
    files_dir: Path = DEFAULT_FILES_DIR,
) -> None:
    """Chat until /quit, exit, end of input (Ctrl-D) or Ctrl-C; interactive or piped.

    ``user_id`` is the console account (``console:<user_id>``); ``admin`` makes it an admin
    for the session (as if listed in ``ADMIN_IDS``), and so does ``ADMIN_IDS`` naming that
    number bare (the terminal stands in for the operator's own chat when trying things)."""
    stdin = stdin or sys.stdin
    out = out or sys.stdout
    account = (CONSOLE, str(user_id))
    if admin or parse_account(str(user_id)) in settings.admin_ids:
        settings = dataclasses.replace(settings, admin_ids=settings.admin_ids | {account})
    conversation = await start_conversation(settings)
    shelf = FileShelf(files_dir)
    conversation.services.channels.register(console_channel(ConsoleSender(out, shelf)))
    sender = Sender(id=user_id, first_name="Console", username=None, language_code=None)
    chat = ConsoleChat(conversation, out, sender, shelf)
    interrupted = _leave_on_ctrl_c()
    try:
        services = conversation.services
        internal = await services.database.run(
            partial(user_for, channel=CONSOLE, external_id=account[1])
        )
        is_admin = internal is not None and await services.is_admin(internal)
        out.write(banner(user_id, is_admin, settings.default_language) + "\n")
        await _chat(chat, LineReader(stdin), stdin.isatty(), settings.default_language)
    except asyncio.CancelledError:
        if not interrupted.is_set():
            raise
        out.write("\n")  # leave the prompt's line; Ctrl-C is a normal way out
    finally:
        out.flush()
        await stop_conversation(conversation)


def _leave_on_ctrl_c() -> asyncio.Event:
    """Ctrl-C cancels the chat at once (even mid-answer); the caller exits cleanly."""
    interrupted = asyncio.Event()
    task = asyncio.current_task()
    if task is None:
        return interrupted

    def interrupt() -> None:
        if not interrupted.is_set():  # a second Ctrl-C must not cut the clean-up short
            interrupted.set()
            task.cancel()

    # not on Windows or outside the main thread: KeyboardInterrupt is caught by the caller
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        asyncio.get_running_loop().add_signal_handler(signal.SIGINT, interrupt)
    return interrupted


async def _chat(
    chat: ConsoleChat, reader: LineReader, interactive: bool, default_language: str
) -> None:
    out = chat.out
    assembler = MessageAssembler()
    while True:
        if interactive:
            out.write("… " if assembler.collecting else "> ")
            out.flush()
        line = await reader.readline()
        if line is None:  # end of input: piped text may end without the closing "."
            message = None if interactive else assembler.unfinished()
            if message is None:
                return
        else:
            if not interactive:
                out.write(f"\n{'…' if assembler.collecting else '>'} {line}\n")
            message = assembler.feed(line)
            if message is None:
                continue
        if is_quit(message):
            return
        try:
            await chat.handle_message(message)
        except Exception:
            with use_language(default_language):
                out.write(
                    _("Sorry, something went wrong on my side. Please try again in a moment.")
                    + "\n"
                )
        if line is None:
            return
