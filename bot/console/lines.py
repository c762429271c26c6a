"""Reading the terminal: lines without blocking the event loop, and multi-line messages.

A line ending with ``\\`` starts a multi-line message; every following line belongs to it
until a line holding only ``.``. That is how ``/faq_add`` gets its "one per line" answers.
"""

from __future__ import annotations

import asyncio
import codecs
import io
import os
import threading
from typing import TextIO

CONTINUE_MARK = "\\"
END_MARK = "."
QUIT_WORDS = frozenset({"/quit", "/exit", "exit", "quit"})


def is_quit(message: str) -> bool:
    """``/quit`` or ``exit`` (any case) ends the chat instead of reaching the conversation."""
    return message.strip().lower() in QUIT_WORDS


class LineReader:
    """Lines from ``stream`` read on a daemon thread.

    Why not ``run_in_executor(None, stream.readline)``: that thread cannot be interrupted, so
    Ctrl-C would wait for the next Enter before the program could end. A daemon thread that
    blocks in ``os.read`` (no Python-level lock held) is simply left behind at exit."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        threading.Thread(target=self._pump, name="console-input", daemon=True).start()

    async def readline(self) -> str | None:
        """The next line without its line break, or None at end of input (Ctrl-D)."""
        return await self._queue.get()

    def _put(self, line: str | None) -> None:
        self._loop.call_soon_threadsafe(self._queue.put_nowait, line)

    def _pump(self) -> None:
        try:
            fd = self._stream.fileno()
        except (AttributeError, OSError, io.UnsupportedOperation):
            fd = None  # an in-memory stream (StringIO): plain readline cannot hang
        try:
            if fd is None:
                for line in iter(self._stream.readline, ""):
                    self._put(line.rstrip("\r\n"))
            else:
                self._pump_fd(fd)
        finally:
            self._put(None)

    def _pump_fd(self, fd: int) -> None:
        encoding = getattr(self._stream, "encoding", None) or "utf-8"
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        pending = ""
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            pending += decoder.decode(chunk, final=not chunk)
            *complete, pending = pending.split("\n")
            for line in complete:
                self._put(line.rstrip("\r"))
            if not chunk:
                if pending:
                    self._put(pending.rstrip("\r"))
                return


class MessageAssembler:
    """Turns typed lines into messages: one line each, or several between ``\\`` and ``.``."""

    def __init__(self) -> None:
        self._lines: list[str] | None = None

    @property
    def collecting(self) -> bool:
        """True inside a multi-line message (the prompt changes to show it)."""
        return self._lines is not None

    def feed(self, line: str) -> str | None:
        """The finished message, or None while a multi-line message is still open."""
        if self._lines is not None:
            if line.strip() == END_MARK:
                message, self._lines = "\n".join(self._lines), None
                return message
            self._lines.append(line)
            return None
        stripped = line.rstrip()
        if stripped.endswith(CONTINUE_MARK):
            first = stripped.removesuffix(CONTINUE_MARK).rstrip()
            self._lines = [first] if first else []
            return None
        return line

    def unfinished(self) -> str | None:
        """What was typed of a multi-line message when input ended without ``.``."""
        lines, self._lines = self._lines, None
        return "\n".join(lines) if lines else None
