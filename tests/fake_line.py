"""A strict local fake of the LINE Messaging API, over real HTTP, for tests.

The bot's ``LineApi`` talks to it through ``LINE_API_BASE_URL``. It serves reply, push,
profile, content and bot info; checks the Bearer token; refuses (400) what LINE refuses
(``tests/fake_line_rules.py``); keeps reply tokens single-use and expiring; honours
``X-Line-Retry-Key`` (a push retried with the same key is sent once, 409 after); records every
message sent. Faults can be queued per endpoint: 429 with ``Retry-After``, 500, or a 500 after
the push was accepted (the answer lost on the way back); a user can block the account.
"""

from __future__ import annotations

import itertools
import json
import secrets
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fake_line_rules import check_messages

ACCESS_TOKEN = "fake-line-channel-access-token-0123456789"
CHANNEL_SECRET = "0123456789abcdef0123456789abcdef"
BOT_USER_ID = "U" + "b07" * 10 + "00"
BOT_BASIC_ID = "@coopcompass"


@dataclass
class Sent:
    """Messages LINE accepted: by ``reply`` (with the token's user as ``to``) or ``push``."""

    kind: str
    to: str
    messages: list[dict[str, Any]]

    @property
    def texts(self) -> list[str]:
        return [m["text"] for m in self.messages if m.get("type") == "text"]


@dataclass
class Call:
    """One request the bot made, accepted or not."""

    endpoint: str  # reply, push, profile, content, info
    status: int
    body: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@dataclass
class Fault:
    status: int
    retry_after: str | None = None
    after_accepting: bool = False  # the push goes out, then the answer is lost (500)


@dataclass
class _Token:
    user_id: str
    issued: float


class FakeLine:
    """The fake server; ``sent`` is what users received, ``calls`` every request."""

    def __init__(self, token_ttl: float = 60.0) -> None:
        self.token_ttl = token_ttl
        self.sent: list[Sent] = []
        self.calls: list[Call] = []
        self.blocked: set[str] = set()
        self.profiles: dict[str, dict[str, Any]] = {}
        self.contents: dict[str, bytes] = {}
        self._tokens: dict[str, _Token] = {}
        self._faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._retry_keys: dict[str, str] = {}
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- test controls ---------------------------------------------------------------

    def issue_reply_token(self, user_id: str) -> str:
        """A fresh reply token for an event from ``user_id`` (put in the webhook event)."""
        token = secrets.token_hex(16)
        self._tokens[token] = _Token(user_id, time.monotonic())
        return token

    def expire(self, token: str) -> None:
        """Make ``token`` stale as if its minute had passed."""
        if token in self._tokens:
            self._tokens[token].issued = -1e9

    def fail(
        self,
        endpoint: str,
        status: int,
        *,
        times: int = 1,
        retry_after: str | None = None,
        after_accepting: bool = False,
    ) -> None:
        """The next ``times`` calls to ``endpoint`` answer ``status``."""
        for _ in range(times):
            self._faults[endpoint].append(Fault(status, retry_after, after_accepting))

    def to(self, user_id: str) -> list[Sent]:
        return [s for s in self.sent if s.to == user_id]

    def messages_to(self, user_id: str) -> list[dict[str, Any]]:
        return [m for s in self.to(user_id) for m in s.messages]

    @property
    def refused(self) -> list[Call]:
        """Calls refused for their content (what the bot must never send)."""
        return [c for c in self.calls if c.problems]

    def count(self, endpoint: str) -> int:
        return sum(1 for c in self.calls if c.endpoint == endpoint)

    # --- server ----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/v2/bot/message/reply", self._reply)
        app.router.add_post("/v2/bot/message/push", self._push)
        app.router.add_get("/v2/bot/profile/{user_id}", self._profile)
        app.router.add_get("/v2/bot/message/{message_id}/content", self._content)
        app.router.add_get("/v2/bot/info", self._info)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _error(
        self, call: Call, status: int, message: str, headers: dict[str, str] | None = None
    ) -> web.Response:
        call.status = status
        self.calls.append(call)
        body = {"message": message}
        if call.problems:
            body["details"] = [{"message": p} for p in call.problems]  # type: ignore[dict-item]
        return web.json_response(body, status=status, headers=headers)

    def _ok(self, call: Call, data: Any = None, headers: dict[str, str] | None = None) -> Any:
        self.calls.append(call)
        return web.json_response({} if data is None else data, headers=headers)

    async def _begin(self, request: web.Request, endpoint: str) -> tuple[Call, Any]:
        """Record the call; the error response to give, or None to go on."""
        call = Call(endpoint, 200)
        if request.headers.get("Authorization") != f"Bearer {ACCESS_TOKEN}":
            return call, self._error(call, 401, "Authentication failed. Confirm the token.")
        if request.method == "POST":
            try:
                call.body = json.loads(await request.read())
            except ValueError:
                return call, self._error(call, 400, "The request body is not JSON")
        faults = self._faults[endpoint]
        if faults and not faults[0].after_accepting:
            fault = faults.popleft()
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else None
            return call, self._error(call, fault.status, "fault", headers)
        return call, None

    async def _reply(self, request: web.Request) -> web.Response:
        call, refused = await self._begin(request, "reply")
        if refused is not None:
            return refused
        call.problems = check_messages(call.body.get("messages"))
        if call.problems:
            return self._error(call, 400, f"The request body has {len(call.problems)} error(s)")
        token = self._tokens.pop(str(call.body.get("replyToken")), None)
        if token is None or time.monotonic() - token.issued > self.token_ttl:
            return self._error(call, 400, "Invalid reply token")
        if token.user_id not in self.blocked:  # LINE answers 200 and delivers nothing
            self.sent.append(Sent("reply", token.user_id, call.body["messages"]))
        return self._ok(call, {"sentMessages": self._sent_ids(call.body["messages"])})

    async def _push(self, request: web.Request) -> web.Response:
        call, refused = await self._begin(request, "push")
        if refused is not None:
            return refused
        key = request.headers.get("X-Line-Retry-Key")
        if key is not None and key in self._retry_keys:
            accepted = {"x-line-accepted-request-id": self._retry_keys[key]}
            return self._error(call, 409, "The retry key is already accepted", accepted)
        call.problems = check_messages(call.body.get("messages"))
        if call.problems:
            return self._error(call, 400, f"The request body has {len(call.problems)} error(s)")
        to = str(call.body.get("to"))
        if to in self.blocked:
            return self._error(call, 403, "The user has blocked the account")
        self.sent.append(Sent("push", to, call.body["messages"]))
        if key is not None:
            self._retry_keys[key] = secrets.token_hex(8)
        faults = self._faults["push"]
        if faults and faults[0].after_accepting:
            return self._error(call, faults.popleft().status, "fault after accepting")
        return self._ok(call, {"sentMessages": self._sent_ids(call.body["messages"])})

    def _sent_ids(self, messages: list[Any]) -> list[dict[str, str]]:
        return [{"id": str(next(self._ids)), "quoteToken": "q"} for _ in messages]

    async def _profile(self, request: web.Request) -> web.Response:
        call, refused = await self._begin(request, "profile")
        if refused is not None:
            return refused
        user_id = request.match_info["user_id"]
        if user_id in self.blocked:
            return self._error(call, 404, "Not found")
        profile = {"userId": user_id, "displayName": "LINE user", "language": "th"}
        return self._ok(call, {**profile, **self.profiles.get(user_id, {})})

    async def _content(self, request: web.Request) -> web.Response:
        call, refused = await self._begin(request, "content")
        if refused is not None:
            return refused
        content = self.contents.get(request.match_info["message_id"])
        if content is None:
            return self._error(call, 404, "Not found")
        self.calls.append(call)
        return web.Response(body=content, content_type="application/octet-stream")

    async def _info(self, request: web.Request) -> web.Response:
        call, refused = await self._begin(request, "info")
        if refused is not None:
            return refused
        info = {"userId": BOT_USER_ID, "basicId": BOT_BASIC_ID, "displayName": "Co-op Compass"}
        return self._ok(call, {**info, "chatMode": "bot", "markAsReadMode": "manual"})
