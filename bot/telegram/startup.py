"""Before polling starts: is the Bot API there? Say so in one line instead of a traceback."""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot
from telegram.error import InvalidToken, NetworkError

from bot.settings import Settings, StartupError
from bot.telegram.request import AiohttpRequest

log = logging.getLogger(__name__)


async def reach_bot_api(settings: Settings) -> None:
    """``getMe`` until it answers, ``BOT_API_START_ATTEMPTS`` tries with a doubling pause
    (a network still coming up at boot), then ``StartupError`` naming the setting to check.

    A refused token is final at once: trying again cannot fix it."""
    base_url = settings.telegram_api_base_url
    attempts = settings.bot_api_start_attempts
    for attempt in range(1, attempts + 1):
        request = AiohttpRequest(connection_pool_size=1, attempts=1)
        bot = Bot(settings.telegram_bot_token.get(), base_url=base_url, request=request)
        try:
            await bot.initialize()  # starts the session, then getMe
            return
        except InvalidToken:
            raise StartupError(
                f"TELEGRAM_BOT_TOKEN: the Bot API at {base_url} refused the token"
            ) from None
        except NetworkError as error:
            problem = str(error)
        finally:
            await request.shutdown()
        if attempt < attempts:
            pause = 2 ** (attempt - 1)
            log.warning(
                "Bot API not reachable (%s); trying again in %d s (%d of %d)",
                problem,
                pause,
                attempt,
                attempts,
            )
            await asyncio.sleep(pause)
    raise StartupError(
        f"TELEGRAM_API_BASE_URL: cannot reach the Bot API at {base_url} "
        f"after {attempts} tries ({problem})"
    )
