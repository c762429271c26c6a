"""The Bot API request layer, retrying what Telegram (or the network) failed to do.

A 5xx answer or a timeout means the call did not go through (or, for a read timeout, that we
cannot tell): it is tried again a few times with a growing pause. 429 answers are left to the
rate limiter, which waits ``retry_after`` and tries again; 4xx answers are final.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.request import HTTPXRequest, RequestData

log = logging.getLogger(__name__)


class RetryingRequest(HTTPXRequest):
    """``HTTPXRequest`` that retries server errors and timeouts ``attempts`` times in all."""

    def __init__(self, *, attempts: int = 4, backoff: float = 0.25, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.attempts = attempts
        self.backoff = backoff

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        for attempt in range(1, self.attempts + 1):
            try:
                code, payload = await super().do_request(
                    url, method, request_data, *args, **kwargs
                )
            except NetworkError as error:
                if isinstance(error, BadRequest) or attempt == self.attempts:
                    raise
                log.warning("Bot API %s failed (%s), attempt %d", endpoint, error, attempt)
            else:
                if code < 500 or attempt == self.attempts:
                    return code, payload
                log.warning("Bot API %s answered %d, attempt %d", endpoint, code, attempt)
            await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")  # the loop returns or raises on the last attempt
