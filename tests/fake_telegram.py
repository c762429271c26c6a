"""A local fake of the Telegram Bot API, over real HTTP, for tests and manual demos.

The real python-telegram-bot ``Application`` talks to it through ``base_url``. Tests inject
users' messages, button presses and inline queries as updates, and read back every call the
bot made (``calls``). Faults can be injected: blocked chats (403), rate limits (429 with
``retry_after``), server errors (500) and slow answers. It refuses (400) what Telegram refuses:
HTML it cannot parse, texts over 4,096 characters, button data over 64 bytes
(``tests/fake_telegram_rules.py``); a refused call is recorded with its ``status`` and
``description``.

Manual demo: ``python -m tests.fake_telegram --port 8081`` then, in another terminal,
``TELEGRAM_BOT_TOKEN=123456:TESTTOKENTESTTOKENTESTTOKEN
TELEGRAM_API_BASE_URL=http://127.0.0.1:8081/bot python run_bot.py``; type here as a user
(``:help`` lists the demo's own commands, e.g. ``:user 43`` to become another user).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fake_telegram_rules import BotApiError, check_call, parse_html

BOT_ID = 7000000001
BOT_USERNAME = "coop_compass_test_bot"
BOT_DOWNLOAD_LIMIT = 20 * 1024 * 1024  # getFile refuses larger files
SEND_METHODS = {
    "sendMessage", "sendDocument", "sendPhoto", "copyMessage", "forwardMessage",
    "editMessageText", "editMessageReplyMarkup", "sendChatAction",
}  # fmt: skip


@dataclass
class FakeUser:
    """A simulated Telegram user."""

    id: int
    first_name: str = "Test"
    username: str | None = None
    language_code: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass
class Call:
    """One Bot API call the bot made, with its parameters decoded."""

    method: str
    params: dict[str, Any]
    result: Any = None
    status: int = 200
    at: float = field(default_factory=time.monotonic)
    description: str = ""  # why the call was refused, as Telegram would say it

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None and str(value).lstrip("-").isdigit() else None

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Inline keyboard buttons, flattened in order."""
        markup = self.params.get("reply_markup") or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]

    @property
    def button_labels(self) -> list[str]:
        return [button["text"] for button in self.buttons]

    def button(self, label_part: str) -> dict[str, Any]:
        """The first button whose label contains ``label_part``."""
        for button in self.buttons:
            if label_part in button["text"]:
                return button
        raise AssertionError(f"no button {label_part!r} in {self.button_labels}")

    @property
    def message_id(self) -> int | None:
        if isinstance(self.result, dict) and "message_id" in self.result:
            return int(self.result["message_id"])
        value = self.params.get("message_id")
        return int(value) if value is not None else None


@dataclass
class Fault:
    """An injected failure for the next matching call."""

    method: str
    status: int
    description: str
    retry_after: int | None = None
    delay: float = 0.0  # with status 0: a slow success
    answered: asyncio.Event = field(default_factory=asyncio.Event)  # set once it was answered


class FakeTelegram:
    """The fake server: update queue, recorded calls, stored messages and files."""

    def __init__(
        self, token: str = "123456:TESTTOKENTESTTOKENTESTTOKEN", first_update_id: int = 1
    ) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.blocked: set[int] = set()
        self.faults: list[Fault] = []
        self.webhook: dict[str, Any] = {}
        self.files: dict[str, bytes] = {}
        self.refused: list[Call] = []  # calls Telegram would refuse (not injected faults)
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(first_update_id)  # bots deduplicate update ids
        self._message_ids = itertools.count(1000)
        self._new_update = asyncio.Event()
        self._new_call = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._closing = False  # no more long polls: a stopping server waits for none
        self.port: int | None = None

    # ----- server lifecycle -----

    async def start(self, port: int = 0, host: str = "127.0.0.1") -> str:
        """Serve on ``host:port`` (0 = any free port); returns the bot API base URL."""
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.*}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self.base_url

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def stop(self) -> None:
        """Stop serving; a long poll still open (a bot that just stopped may have left one)
        is answered at once, so shutting down never waits for its timeout."""
        self._closing = True
        self._new_update.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ----- what users do -----

    def _push(self, payload: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **payload})
        self._new_update.set()
        return update_id

    def _message(self, user: FakeUser, chat: dict[str, Any] | None = None) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat or {"id": user.id, "type": "private", "first_name": user.first_name},
            "from": user.as_dict(),
        }

    def send_text(
        self,
        user: FakeUser,
        text: str,
        *,
        group_id: int | None = None,
        reply_to_bot: bool = False,
    ) -> int:
        """The user sends ``text`` (commands and @mentions get their entities)."""
        chat = (
            {"id": group_id, "type": "supergroup", "title": "Co-op founders"} if group_id else None
        )
        message = self._message(user, chat)
        message["text"] = text
        entities = []
        if text.startswith("/"):
            entities.append(
                {
                    "type": "bot_command",
                    "offset": 0,
                    "length": len(text.split()[0].encode("utf-16-le")) // 2,
                }
            )
        mention = f"@{BOT_USERNAME}"
        if mention in text:
            offset = len(text[: text.index(mention)].encode("utf-16-le")) // 2
            entities.append({"type": "mention", "offset": offset, "length": len(mention)})
        if entities:
            message["entities"] = entities
        if reply_to_bot:
            message["reply_to_message"] = {
                **self._message(user, chat),
                "from": self.bot_user(),
                "text": "earlier answer",
            }
        return self._push({"message": message})

    def send_media(self, user: FakeUser, kind: str = "sticker") -> int:
        """The user sends a sticker, photo or voice note."""
        message = self._message(user)
        media: dict[str, Any] = {
            "sticker": {
                "file_id": "stk1",
                "file_unique_id": "u1",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            },
            "photo": [{"file_id": "ph1", "file_unique_id": "u2", "width": 90, "height": 90}],
            "voice": {"file_id": "vc1", "file_unique_id": "u3", "duration": 2},
        }
        message[kind] = media[kind]
        return self._push({"message": message})

    def send_document(self, user: FakeUser, filename: str, content: bytes) -> int:
        """The user sends a file; the bot can download it through ``getFile``."""
        file_id = f"doc{len(self.files) + 1}"
        self.files[file_id] = content
        message = self._message(user)
        message["document"] = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": filename,
            "file_size": len(content),
        }
        return self._push({"message": message})

    def press(self, user: FakeUser, data: str, message_call: Call | None = None) -> int:
        """The user presses an inline button carrying ``data`` (on a message the bot sent)."""
        chat_id = (message_call.chat_id if message_call else None) or user.id
        message = {
            "message_id": (message_call.message_id if message_call else None) or 1,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id == user.id else "supergroup"},
            "from": self.bot_user(),
            "text": message_call.text if message_call else "",
        }
        query = {
            "id": str(next(self._update_ids) + 10_000_000),
            "from": user.as_dict(),
            "chat_instance": f"ci{chat_id}",
            "message": message,
            "data": data,
        }
        return self._push({"callback_query": query})

    def inline_query(self, user: FakeUser, query: str) -> int:
        """The user types ``@bot query`` in some chat."""
        payload = {
            "id": f"iq{next(self._update_ids)}",
            "from": user.as_dict(),
            "query": query,
            "offset": "",
        }
        return self._push({"inline_query": payload})

    def wake_pollers(self) -> None:
        """End any pending long poll now (so a stopping bot need not wait for its timeout)."""
        self._new_update.set()

    def raw_update(self, payload: dict[str, Any]) -> int:
        """Any update body, for malformed or unusual updates."""
        return self._push(payload)

    def push_update(self, body: dict[str, Any]) -> int:
        """Queue an update exactly as given (its own ``update_id``): a redelivery, or the same
        update reaching another instance."""
        self._updates.append(body)
        self._new_update.set()
        return int(body["update_id"])

    def take_update(self, update_id: int) -> dict[str, Any] | None:
        """Remove a queued update and return its body, to deliver it by webhook instead."""
        for index, update in enumerate(self._updates):
            if update["update_id"] == update_id:
                return self._updates.pop(index)
        return None

    # ----- what the bot did -----

    def bot_user(self) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Coop Compass",
            "username": BOT_USERNAME,
        }

    def sent_to(self, chat_id: int, since: int = 0) -> list[Call]:
        """Messages sent to or edited in ``chat_id`` (calls from index ``since``)."""
        return [
            c
            for c in self.calls[since:]
            if c.method in SEND_METHODS
            and c.method != "sendChatAction"
            and c.chat_id == chat_id
            and c.status == 200
        ]

    async def wait_for(
        self,
        predicate: Callable[[Call], bool],
        *,
        since: int = 0,
        count: int = 1,
        timeout: float = 10.0,
    ) -> list[Call]:
        """Wait until ``count`` calls from ``since`` match; raise with what was seen."""
        deadline = time.monotonic() + timeout
        while True:
            found = [c for c in self.calls[since:] if predicate(c)]
            if len(found) >= count:
                return found
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                seen = [(c.method, c.chat_id, c.text[:60]) for c in self.calls[since:]]
                raise AssertionError(f"timed out waiting for {count} call(s); saw {seen}")
            self._new_call.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_call.wait(), timeout=min(remaining, 0.5))

    # ----- the Bot API -----

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        params[key] = value.file.read()
                        params[f"{key}__filename"] = value.filename
                    else:
                        params[key] = value
        for key in (
            "reply_markup",
            "allowed_updates",
            "commands",
            "scope",
            "results",
            "link_preview_options",
            "entities",
        ):
            if isinstance(params.get(key), str):
                with contextlib.suppress(json.JSONDecodeError):
                    params[key] = json.loads(params[key])
        # attached files arrive as "attach://name" in the named field
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                params[key] = params.get(value.removeprefix("attach://"), value)
        return params

    async def _handle_method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = await self._params(request)
        if method == "getUpdates":
            return web.json_response({"ok": True, "result": await self._get_updates(params)})
        fault = next((f for f in self.faults if f.method in (method, "*")), None)
        if fault is not None:
            self.faults.remove(fault)
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.status:
                response = self._error(
                    method, params, fault.status, fault.description, fault.retry_after
                )
                fault.answered.set()
                return response
        chat_id = params.get("chat_id")
        if method in SEND_METHODS and chat_id is not None and int(chat_id) in self.blocked:
            return self._error(method, params, 403, "Forbidden: bot was blocked by the user")
        try:
            check_call(method, params)
        except BotApiError as refusal:
            response = self._error(method, params, refusal.status, refusal.description)
            self.refused.append(self.calls[-1])
            return response
        if method == "getFile" and (problem := self._file_problem(params)) is not None:
            return self._error(method, params, 400, problem)
        result = self._result(method, params)
        self._record(Call(method, params, result))
        if fault is not None:
            fault.answered.set()
        return web.json_response({"ok": True, "result": result})

    def _error(
        self,
        method: str,
        params: dict[str, Any],
        status: int,
        description: str,
        retry_after: int | None = None,
    ) -> web.Response:
        self._record(Call(method, params, None, status, description=description))
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=status)

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self._new_call.set()

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 2.0)
        limit = int(params.get("limit") or 100)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and timeout > 0 and not self._closing:
            self._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), timeout=timeout)
        return self._updates[:limit]

    def _sent_message(self, params: dict[str, Any], **extra: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": self.bot_user(),
        }
        if "text" in params:  # what the client shows: Telegram returns the parsed text
            html = str(params.get("parse_mode") or "").upper() == "HTML"
            message["text"] = parse_html(params["text"]).plain if html else params["text"]
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        message.update(extra)
        return message

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {
                **self.bot_user(),
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": True,
            }
        if method == "sendMessage":
            return self._sent_message(params)
        if method in ("editMessageText", "editMessageReplyMarkup"):
            message = self._sent_message(params)
            message["message_id"] = int(params.get("message_id") or 0)
            return message
        if method == "sendDocument":
            document = {
                "file_id": "sent",
                "file_unique_id": "sent",
                "file_name": params.get("document__filename", "file"),
            }
            return self._sent_message(params, document=document, caption=params.get("caption", ""))
        if method == "sendPhoto":
            photo = [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]
            return self._sent_message(params, photo=photo, caption=params.get("caption", ""))
        if method in ("copyMessage", "forwardMessage"):
            return {"message_id": next(self._message_ids)}
        if method == "getFile":
            file_id = str(params["file_id"])
            return {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_size": len(self.files.get(file_id, b"")),
                "file_path": file_id,
            }
        if method == "setWebhook":
            self.webhook = dict(params)
            return True
        if method == "deleteWebhook":
            self.webhook = {}
            return True
        if method == "getWebhookInfo":
            return {
                "url": self.webhook.get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": 0,
            }
        if method == "getMyCommands":
            return []
        return True

    def _file_problem(self, params: dict[str, Any]) -> str | None:
        """Telegram serves bots files it knows, of up to 20 MB."""
        content = self.files.get(str(params.get("file_id")))
        if content is None:
            return "Bad Request: invalid file_id"
        if len(content) > BOT_DOWNLOAD_LIMIT:
            return "Bad Request: file is too big"
        return None

    async def _handle_file(self, request: web.Request) -> web.Response:
        content = self.files.get(request.match_info["path"])
        if content is None:
            return web.Response(status=404)
        return web.Response(body=content)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Fake Telegram Bot API server")
    parser.add_argument("--port", type=int, default=8081)
    arguments = parser.parse_args()
    from tests.fake_telegram_demo import run_demo

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_demo(arguments.port))
