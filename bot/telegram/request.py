"""The Bot API request layer: aiohttp (a fraction of httpx's CPU per call), with retries.

Calls without files go as JSON bodies (URL-encoding a long Thai answer byte by byte cost more
than the rest of the request), which the Bot API accepts. JSON is written and read with
orjson where it is installed (a twentieth of the time to write a reply, under half to read
Telegram's answer), else with the standard library.

Retries, with a growing pause, only where repeating cannot hurt. A call that never reached
Telegram (the connection could not be made) is always tried again. A call that may have
reached it (no answer within the read timeout, the connection dropped mid-call, 504) is tried
again only if repeating it changes nothing (``getMe``, ``editMessageText``, ``setMyCommands``
…): a ``sendMessage`` Telegram was slow to confirm has usually been delivered, and the Bot
API has no idempotency key, so sending it again showed the user the answer twice. Such a send
is given up with a warning instead. 500, 502 and 503 answers mean Telegram did not carry the
call out and are retried for every method. 429 answers are left to the rate limiter, which
waits ``retry_after`` and tries again; 4xx answers are final.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency; the fallback is for forks
    orjson = None  # type: ignore[assignment]  # the fallback is checked at each use

log = logging.getLogger(__name__)
# methods whose repetition would show the user something twice
UNREPEATABLE_PREFIXES = ("send", "forward", "copy")
UNREPEATABLE_EXCEPTIONS = frozenset({"sendChatAction"})  # a second "typing…" is harmless
# Telegram answered, but did not carry the call out
NOT_CARRIED_OUT = frozenset({500, 502, 503})
JSON_HEADERS = {"Content-Type": "application/json"}


class NotSentError(NetworkError):
    """The connection could not be made: the call surely never reached Telegram."""


def repeatable(endpoint: str) -> bool:
    """Whether sending this call twice does no harm (everything but the sends)."""
    return endpoint in UNREPEATABLE_EXCEPTIONS or not endpoint.startswith(UNREPEATABLE_PREFIXES)


def dump_json(value: Any) -> bytes:
    """UTF-8 JSON, compact."""
    if orjson is not None:
        return orjson.dumps(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


class AiohttpRequest(BaseRequest):
    """python-telegram-bot's request interface over one aiohttp session."""

    def __init__(
        self,
        *,
        connection_pool_size: int = 16,
        read_timeout: float = 5.0,
        connect_timeout: float = 5.0,
        pool_timeout: float = 1.0,
        attempts: int = 4,
        backoff: float = 0.25,
    ) -> None:
        self.pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self.connect_timeout = connect_timeout
        self.pool_timeout = pool_timeout
        self.attempts = attempts
        self.backoff = backoff
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        return self._read_timeout

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        """Telegram's answer; what orjson refuses (invalid UTF-8, say) goes to PTB's parser,
        which replaces bad bytes or raises the usual ``TelegramError``."""
        if orjson is not None:
            try:
                parsed = orjson.loads(payload)
            except orjson.JSONDecodeError:
                pass
            else:
                if isinstance(parsed, dict):
                    return parsed
        return BaseRequest.parse_json_payload(payload)

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self.pool_size)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One call, retried where repeating it cannot hurt (``write_timeout`` is not used)."""
        timeout = aiohttp.ClientTimeout(
            connect=_value(pool_timeout, self.pool_timeout)
            + _value(connect_timeout, self.connect_timeout),
            sock_read=_value(read_timeout, self._read_timeout),
        )
        endpoint = url.rsplit("/", 1)[-1]
        for attempt in range(1, self.attempts + 1):
            last = attempt == self.attempts
            try:
                status, payload = await self._request_once(url, method, request_data, timeout)
            except NotSentError as error:
                if last:
                    raise
                log.warning("Bot API %s failed (%s), attempt %d", endpoint, error, attempt)
            except NetworkError as error:
                if not repeatable(endpoint):
                    log.warning(
                        "Bot API %s got no answer (%s): not sent again, it may have arrived",
                        endpoint,
                        error,
                    )
                    raise
                if last:
                    raise
                log.warning("Bot API %s failed (%s), attempt %d", endpoint, error, attempt)
            else:
                retry = status in NOT_CARRIED_OUT or (status >= 500 and repeatable(endpoint))
                if not retry or last:
                    return status, payload
                log.warning("Bot API %s answered %d, attempt %d", endpoint, status, attempt)
            await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")  # the loop returns or raises on the last attempt

    async def _request_once(
        self,
        url: str,
        method: str,
        request_data: RequestData | None,
        timeout: aiohttp.ClientTimeout,
    ) -> tuple[int, bytes]:
        if self._session is None:
            raise RuntimeError("AiohttpRequest is not initialized")
        try:
            data, headers = _body(request_data)
            async with self._session.request(
                method, url, data=data, headers=headers, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as error:
            raise NotSentError(f"aiohttp.{type(error).__name__}: {error}") from error
        except TimeoutError as error:
            raise TimedOut(f"Bot API call timed out: {type(error).__name__}") from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error


def _value(given: ODVInput[float], default: float) -> float:
    if isinstance(given, DefaultValue) or given is None:
        return default
    return float(given)


def _body(
    request_data: RequestData | None,
) -> tuple[aiohttp.FormData | bytes | None, dict[str, str] | None]:
    """The body and its headers: JSON without files, multipart with them."""
    if request_data is None:
        return None, None
    if not request_data.contains_files:
        return dump_json(request_data.parameters), JSON_HEADERS
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form, None
