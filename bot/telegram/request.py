"""The Bot API request layer: aiohttp (a fraction of httpx's CPU per call), with retries.

Calls without files go as JSON bodies (URL-encoding a long Thai answer byte by byte cost more
than the rest of the request), which the Bot API accepts. JSON is written and read with
orjson where it is installed (a twentieth of the time to write a reply, under half to read
Telegram's answer), else with the standard library.

A 5xx answer or a timeout means the call did not go through (or, for a read timeout, that we
cannot tell): it is tried again a few times with a growing pause. 429 answers are left to the
rate limiter, which waits ``retry_after`` and tries again; 4xx answers are final.
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
JSON_HEADERS = {"Content-Type": "application/json"}


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
        """One call, retried on server errors and timeouts (``write_timeout`` is not used)."""
        timeout = aiohttp.ClientTimeout(
            connect=_value(pool_timeout, self.pool_timeout)
            + _value(connect_timeout, self.connect_timeout),
            sock_read=_value(read_timeout, self._read_timeout),
        )
        endpoint = url.rsplit("/", 1)[-1]
        for attempt in range(1, self.attempts + 1):
            try:
                status, payload = await self._request_once(url, method, request_data, timeout)
            except NetworkError as error:
                if attempt == self.attempts:
                    raise
                log.warning("Bot API %s failed (%s), attempt %d", endpoint, error, attempt)
            else:
                if status < 500 or attempt == self.attempts:
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
