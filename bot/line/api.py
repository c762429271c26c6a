"""Our own aiohttp client for the LINE Messaging API (reply, push, profile, content, bot info).

Not the SDK's client: ours takes a base URL (a local fake in tests), retries 429 and 5xx
with bounded backoff (``Retry-After`` first), makes pushes idempotent with
``X-Line-Retry-Key``, and maps LINE's answers onto ``Delivery``. Created and closed by the
application's start and stop hooks, never at import.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import aiohttp

from bot.line.render import Message, Outgoing
from bot.messaging import Delivery

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.line.me"
DEFAULT_DATA_BASE_URL = "https://api-data.line.me"  # message content lives on its own host
RETRIED = frozenset({429, 500, 502, 503, 504})
Sleep = Callable[[float], Awaitable[None]]


class LineApiError(Exception):
    """LINE refused a call, or could not be reached (``status`` 0) after the retries."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"LINE API {status}: {message}")
        self.status = status
        self.message = message


class ReplyTokenInvalid(LineApiError):
    """The reply token was used already or expired (about a minute): push instead."""


@dataclass(frozen=True)
class Profile:
    """What LINE tells about a user who has added the account."""

    user_id: str
    display_name: str
    language: str | None = None
    picture_url: str | None = None


@dataclass(frozen=True)
class BotInfo:
    """The account itself: its user id (webhook ``destination``) and basic id (``@…``)."""

    user_id: str
    basic_id: str
    display_name: str


@dataclass(frozen=True)
class _Answer:
    status: int
    body: bytes
    headers: Mapping[str, str]

    def json(self) -> Any:
        try:
            return json.loads(self.body) if self.body else {}
        except ValueError:
            return {}

    @property
    def message(self) -> str:
        data = self.json()
        return str(data.get("message", "")) if isinstance(data, dict) else ""


def data_base_url_for(base_url: str) -> str:
    """The content host that goes with ``base_url`` (a fake serves both on one)."""
    return DEFAULT_DATA_BASE_URL if base_url.rstrip("/") == DEFAULT_BASE_URL else base_url


class LineApi:
    """One HTTP session to the Messaging API with the channel access token."""

    def __init__(
        self,
        access_token: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        data_base_url: str | None = None,
        attempts: int = 4,
        backoff: float = 1.0,
        max_delay: float = 30.0,
        timeout: float = 10.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.data_base_url = (data_base_url or data_base_url_for(self.base_url)).rstrip("/")
        self._token = access_token
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.max_delay = max_delay
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._sleep = sleep
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> LineApi:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def reply(self, reply_token: str, messages: list[Message]) -> None:
        """Answer an event with its reply token (free of charge, unlike push)."""
        answer = await self._call(
            "POST",
            f"{self.base_url}/v2/bot/message/reply",
            {"replyToken": reply_token, "messages": messages},
        )
        if answer.status == 200:
            return
        if answer.status == 400 and "reply token" in answer.message.lower():
            raise ReplyTokenInvalid(answer.status, answer.message)
        raise LineApiError(answer.status, answer.message)

    async def push(self, to: str, messages: list[Message]) -> Delivery:
        """Send to a user outside a reply; a user who blocked the account is ``BLOCKED``."""
        key = str(uuid.uuid4())  # the same key on every retry: LINE sends it once
        try:
            answer = await self._call(
                "POST",
                f"{self.base_url}/v2/bot/message/push",
                {"to": to, "messages": messages},
                headers={"X-Line-Retry-Key": key},
            )
        except LineApiError as error:
            log.warning("LINE push failed: %s", error)
            return Delivery.FAILED
        if answer.status == 200:
            return Delivery.SENT
        if answer.status == 409 and "x-line-accepted-request-id" in answer.headers:
            return Delivery.SENT  # an earlier try with this key got through
        if answer.status in (403, 404):
            return Delivery.BLOCKED
        log.warning("LINE push refused (%s): %s", answer.status, answer.message)
        return Delivery.FAILED

    async def deliver(self, to: str, reply_token: str | None, outgoing: Outgoing) -> Delivery:
        """Everything for one event: the first messages with the reply token while it works,
        by push when it was used or expired, then the rest by push."""
        delivery = Delivery.SENT
        pushed = list(outgoing.push)
        if outgoing.reply:
            if reply_token is None:
                pushed.insert(0, outgoing.reply)
            else:
                try:
                    await self.reply(reply_token, outgoing.reply)
                except LineApiError as error:
                    log.info("LINE reply failed, pushing instead: %s", error)
                    pushed.insert(0, outgoing.reply)
        for batch in pushed:
            delivery = await self.push(to, batch)
            if delivery is not Delivery.SENT:
                return delivery
        return delivery

    async def profile(self, user_id: str) -> Profile | None:
        """The user's display name and language; None if they blocked or never added us."""
        answer = await self._call("GET", f"{self.base_url}/v2/bot/profile/{user_id}")
        if answer.status in (403, 404):
            return None
        if answer.status != 200:
            raise LineApiError(answer.status, answer.message)
        data = answer.json()
        return Profile(
            user_id=str(data.get("userId", user_id)),
            display_name=str(data.get("displayName", "")),
            language=data.get("language"),
            picture_url=data.get("pictureUrl"),
        )

    async def content(self, message_id: str) -> bytes | None:
        """The bytes of a file, image or other message the user sent; None once expired."""
        answer = await self._call(
            "GET", f"{self.data_base_url}/v2/bot/message/{message_id}/content"
        )
        if answer.status == 404:
            return None
        if answer.status != 200:
            raise LineApiError(answer.status, answer.message)
        return answer.body

    async def bot_info(self) -> BotInfo:
        """Who the bot is (checks the token at start; the basic id makes deep links)."""
        answer = await self._call("GET", f"{self.base_url}/v2/bot/info")
        if answer.status != 200:
            raise LineApiError(answer.status, answer.message)
        data = answer.json()
        return BotInfo(
            user_id=str(data.get("userId", "")),
            basic_id=str(data.get("basicId", "")),
            display_name=str(data.get("displayName", "")),
        )

    async def _call(
        self,
        method: str,
        url: str,
        payload: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> _Answer:
        """One call with bounded retries on 429, 5xx and network errors; the last answer
        is returned (the caller decides), a network failure on the last try raises."""
        if self._session is None:
            raise RuntimeError("LineApi.start() was not called")
        sent_headers = {"Authorization": f"Bearer {self._token}", **(headers or {})}
        body = None
        if payload is not None:
            body = json.dumps(payload, ensure_ascii=False).encode()
            sent_headers["Content-Type"] = "application/json"
        for attempt in range(1, self.attempts + 1):
            try:
                async with self._session.request(
                    method, url, data=body, headers=sent_headers
                ) as response:
                    answer = _Answer(response.status, await response.read(), response.headers)
            except (TimeoutError, aiohttp.ClientError) as error:
                if attempt == self.attempts:
                    raise LineApiError(0, f"{type(error).__name__}: {error}") from None
                await self._sleep(self._delay(attempt, None))
                continue
            if answer.status not in RETRIED or attempt == self.attempts:
                return answer
            log.info("LINE answered %s, retrying (%d/%d)", answer.status, attempt, self.attempts)
            await self._sleep(self._delay(attempt, answer.headers.get("Retry-After")))
        raise AssertionError("unreachable")  # pragma: no cover

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        """``Retry-After`` seconds when LINE gives them, else doubling from ``backoff``;
        never more than ``max_delay``."""
        if retry_after is not None:
            try:
                seconds = float(retry_after)
            except ValueError:
                seconds = math.nan
            if math.isfinite(seconds):
                return min(max(seconds, 0.0), self.max_delay)
        return min(self.backoff * 2 ** (attempt - 1), self.max_delay)
