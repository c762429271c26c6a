"""Run the real bot ``Application`` against the fake Bot API and drive it like users would."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.knowledge.service import KnowledgeSource, load_default_knowledge
from bot.settings import Secret, Settings
from bot.telegram.application import (
    ALLOWED_UPDATES,
    build_application,
    close_conversation,
    open_conversation,
)
from tests.fake_telegram import Call, FakeTelegram, FakeUser

DONE_GROUP = 10_000  # runs after every real handler, even one that raised


def telegram_admins(*telegram_ids: int) -> frozenset[tuple[str, str]]:
    """``ADMIN_IDS`` naming these Telegram users."""
    return frozenset(("telegram", str(telegram_id)) for telegram_id in telegram_ids)


def make_settings(fake: FakeTelegram, database_url: str, **overrides: Any) -> Settings:
    """Settings pointing the bot at the fake server and the test database."""
    base = Settings(
        telegram_bot_token=Secret(fake.token),
        telegram_api_base_url=fake.base_url,
        database_url=database_url,
        default_language="th",
    )
    return dataclasses.replace(base, **overrides)


class BotHarness:
    """One running bot; ``say``/``press`` return what it sent in answer."""

    def __init__(self, fake: FakeTelegram, settings: Settings) -> None:
        self.fake = fake
        self.settings = settings
        self.app: Application | None = None
        self.done: set[int] = set()
        self._done_event = asyncio.Event()
        self.build_options: dict[str, Any] = {}  # extra build_application() arguments
        self.knowledge_source: KnowledgeSource = load_default_knowledge

    async def _mark_done(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        self.done.add(update.update_id)
        self._done_event.set()

    async def start(self) -> None:
        app = build_application(self.settings, **self.build_options)
        app.add_handler(TypeHandler(Update, self._mark_done), group=DONE_GROUP)
        await app.initialize()
        await open_conversation(app, self.settings, knowledge_source=self.knowledge_source)
        assert app.updater is not None
        await app.updater.start_polling(
            poll_interval=0.0, timeout=1, allowed_updates=ALLOWED_UPDATES
        )
        await app.start()
        self.app = app

    async def stop(self) -> None:
        app, self.app = self.app, None
        if app is None:
            return
        assert app.updater is not None
        self.fake.wake_pollers()
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await close_conversation(app)

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    @property
    def conversation(self) -> Any:
        assert self.app is not None
        return self.app.bot_data["conversation"]

    async def processed(self, update_id: int, timeout: float = 15.0) -> None:
        """Wait until the application has finished handling ``update_id``."""

        async def wait() -> None:
            while update_id not in self.done:
                self._done_event.clear()
                await self._done_event.wait()

        await asyncio.wait_for(wait(), timeout)

    async def say(self, user: FakeUser, text: str, **kwargs: Any) -> list[Call]:
        """The user sends ``text``; returns the messages sent to that chat in answer."""
        mark = len(self.fake.calls)
        update_id = self.fake.send_text(user, text, **kwargs)
        await self.processed(update_id)
        return self.fake.sent_to(kwargs.get("group_id") or user.id, mark)

    async def press(self, user: FakeUser, call: Call, label_part: str) -> tuple[list[Call], str]:
        """The user presses the button labelled ``label_part`` on ``call``'s message.

        Returns the messages sent or edited in answer, and the notice shown for the press."""
        data = call.button(label_part)["callback_data"]
        return await self.press_data(user, data, call)

    async def press_data(
        self, user: FakeUser, data: str, call: Call | None = None
    ) -> tuple[list[Call], str]:
        mark = len(self.fake.calls)
        update_id = self.fake.press(user, data, call)
        await self.processed(update_id)
        answers = [c for c in self.fake.calls[mark:] if c.method == "answerCallbackQuery"]
        notice = str(answers[0].params.get("text") or "") if answers else ""
        chat_id = (call.chat_id if call else None) or user.id
        return self.fake.sent_to(chat_id, mark), notice

    async def send(self, update_id: int) -> list[Call]:
        """Wait for an update injected directly on the fake; returns everything sent since."""
        mark = len(self.fake.calls)
        await self.processed(update_id)
        return self.fake.calls[mark:]
