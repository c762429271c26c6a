"""Typed, validated configuration read once from the environment and ``.env``.

Every setting is declared once in ``SETTINGS`` (name, default, parser, what is expected); a
missing or malformed value raises ``SettingsError`` naming the setting, which start-up turns
into one line and exit code 2.
"""

from __future__ import annotations

import difflib
import logging
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from bot.accounts import ACCOUNT_EXAMPLE, parse_account
from bot.languages import LANGUAGES

DEFAULT_SQLITE_URL = "sqlite+aiosqlite:///data/bot.sqlite3"
log = logging.getLogger(__name__)
TOKEN_PATTERN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")


class SettingsError(ValueError):
    """A setting is missing or malformed; ``str()`` is the one line shown to the operator."""

    def __init__(self, name: str, expected: str, value: str | None = None) -> None:
        shown = "" if value is None else f" (got {value!r})"
        super().__init__(f"Invalid setting {name}: expected {expected}{shown}")
        self.name = name


class StartupError(RuntimeError):
    """A well-formed setting that does not work (the database cannot be opened, the Bot API
    cannot be reached); ``str()`` is the one line shown to the operator, exit code 2."""


class Secret:
    """A string that never shows itself in reprs or logs."""

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')" if self._value else "Secret('')"

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def _secret_matching(pattern: str, expected: str) -> Callable[[str], Secret]:
    """A parser for a secret setting: empty, or matching ``pattern`` (else ``expected``)."""
    compiled = re.compile(pattern)

    def parse(raw: str) -> Secret:
        if raw and not compiled.fullmatch(raw):
            raise ValueError(expected)
        return Secret(raw)

    return parse


_token = _secret_matching(
    TOKEN_PATTERN.pattern, "a token from @BotFather like 123456:ABC-DEF... (or empty for console)"
)
_secret = _secret_matching(r"[A-Za-z0-9_-]{1,256}", "1-256 characters from A-Z, a-z, 0-9, _ and -")
_line_secret = _secret_matching(
    r"[0-9a-f]{32}", "the 32-character channel secret from the LINE Developers Console"
)
_line_token = _secret_matching(
    r"[A-Za-z0-9+/=_-]{20,512}", "a channel access token from the LINE Developers Console"
)


def _database_url(raw: str) -> str:
    if not re.match(r"^(sqlite\+aiosqlite|postgresql\+asyncpg)://", raw):
        raise ValueError("a sqlite+aiosqlite:///path or postgresql+asyncpg://user@host/db URL")
    return raw


def _admin_ids(raw: str) -> frozenset[tuple[str, str]]:
    parts = [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]
    accounts = [parse_account(p) for p in parts]
    valid = [account for account in accounts if account is not None]
    if len(valid) != len(parts):
        raise ValueError(f"comma-separated user ids, each like {ACCOUNT_EXAMPLE}")
    return frozenset(valid)


def _language(raw: str) -> str:
    if raw not in LANGUAGES:
        raise ValueError("th or en")
    return raw


def _http_url(raw: str) -> str:
    parsed = urlparse(raw)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError("an http:// or https:// URL")
    return raw


def _optional_https_url(raw: str) -> str:
    if raw and not raw.startswith("https://"):
        raise ValueError("an https:// URL reachable by Telegram (or empty)")
    return raw


def _log_level(raw: str) -> str:
    level = raw.upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise ValueError("one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
    return level


def _mode(raw: str) -> str:
    if raw not in ("polling", "webhook"):
        raise ValueError("polling or webhook")
    return raw


def _path(raw: str) -> str:
    if not re.fullmatch(r"/[A-Za-z0-9/_.-]*", raw):
        raise ValueError("a URL path starting with /, e.g. /telegram")
    return raw


def _positive_int(raw: str) -> int:
    if not re.fullmatch(r"\d{1,9}", raw) or int(raw) <= 0:
        raise ValueError("a whole number greater than 0")
    return int(raw)


def _port(raw: str) -> int:
    if not re.fullmatch(r"\d{1,5}", raw) or not 0 < int(raw) < 65536:
        raise ValueError("a TCP port from 1 to 65535")
    return int(raw)


def _positive_float(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not (value > 0 and math.isfinite(value)):
        raise ValueError("a number greater than 0")
    return value


def _optional_fraction(raw: str) -> float | None:
    """A matcher threshold: scores and margins run from 0 to 1."""
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not 0 <= value <= 1:  # NaN fails too
        raise ValueError("a decimal number from 0 to 1 (or empty for the calibrated default)")
    return value


def _host(raw: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9.:_-]+", raw):
        raise ValueError("a host name or IP address to listen on")
    return raw


@dataclass(frozen=True)
class SettingSpec:
    """One documented setting: its environment name, default and parser."""

    name: str
    default: str | None
    parse: Callable[[str], Any]
    description: str


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("TELEGRAM_BOT_TOKEN", "", _token, "Bot token from @BotFather; empty = console"),
    SettingSpec("DATABASE_URL", DEFAULT_SQLITE_URL, _database_url, "SQLAlchemy async URL"),
    SettingSpec(
        "ADMIN_IDS",
        "",
        _admin_ids,
        "Comma-separated admin user ids: 12345 (Telegram) or line:U4af4980629... (LINE)",
    ),
    SettingSpec("DEFAULT_LANGUAGE", "th", _language, "th or en, when nothing else tells"),
    SettingSpec(
        "TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot", _http_url, "Bot API base URL"
    ),
    SettingSpec(
        "BOT_API_START_ATTEMPTS", "5", _positive_int, "Tries to reach the Bot API at start"
    ),
    SettingSpec("LOG_LEVEL", "INFO", _log_level, "DEBUG, INFO, WARNING or ERROR"),
    SettingSpec("BOT_MODE", "polling", _mode, "polling or webhook"),
    SettingSpec("WEBHOOK_URL", "", _optional_https_url, "Public https URL Telegram posts to"),
    SettingSpec("WEBHOOK_SECRET", "", _secret, "Secret token Telegram sends in a header"),
    SettingSpec("WEBHOOK_LISTEN", "127.0.0.1", _host, "Address the webhook server binds"),
    SettingSpec("WEBHOOK_PORT", "8080", _port, "Port the webhook server binds"),
    SettingSpec("WEBHOOK_PATH", "/telegram", _path, "Path of the webhook endpoint"),
    SettingSpec("LINE_CHANNEL_SECRET", "", _line_secret, "LINE channel secret; empty = no LINE"),
    SettingSpec("LINE_CHANNEL_ACCESS_TOKEN", "", _line_token, "LINE channel access token"),
    SettingSpec("LINE_API_BASE_URL", "https://api.line.me", _http_url, "LINE Messaging API URL"),
    SettingSpec("LINE_WEBHOOK_PATH", "/line/webhook", _path, "Path LINE posts events to"),
    SettingSpec("REFERRAL_DEADLINE_HOURS", "48", _positive_float, "Hours a mentor has to answer"),
    SettingSpec("FOLLOWUP_DAYS", "3", _positive_float, "Days after a connection to ask about fit"),
    SettingSpec("RETENTION_DAYS", "180", _positive_int, "Days unanswered questions are kept"),
    SettingSpec("MATCH_ANSWER_SCORE", "", _optional_fraction, "Override the answer score (0-1)"),
    SettingSpec("MATCH_ANSWER_MARGIN", "", _optional_fraction, "Override the answer margin"),
    SettingSpec("MATCH_SUGGEST_SCORE", "", _optional_fraction, "Override the suggest score"),
)


@dataclass(frozen=True)
class Settings:
    """The validated configuration the composition root passes around."""

    telegram_bot_token: Secret = field(default_factory=lambda: Secret(""))
    database_url: str = DEFAULT_SQLITE_URL
    admin_ids: frozenset[tuple[str, str]] = frozenset()  # (channel, external id) pairs
    default_language: str = "th"
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    bot_api_start_attempts: int = 5
    log_level: str = "INFO"
    bot_mode: str = "polling"
    webhook_url: str = ""
    webhook_secret: Secret = field(default_factory=lambda: Secret(""))
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8080
    webhook_path: str = "/telegram"
    line_channel_secret: Secret = field(default_factory=lambda: Secret(""))
    line_channel_access_token: Secret = field(default_factory=lambda: Secret(""))
    line_api_base_url: str = "https://api.line.me"
    line_webhook_path: str = "/line/webhook"
    referral_deadline_hours: float = 48.0
    followup_days: float = 3.0
    retention_days: int = 180
    match_answer_score: float | None = None
    match_answer_margin: float | None = None
    match_suggest_score: float | None = None

    @property
    def telegram_enabled(self) -> bool:
        """Telegram runs when its token is set."""
        return bool(self.telegram_bot_token)

    @property
    def line_enabled(self) -> bool:
        """LINE runs when both channel settings are set (one alone is refused at load)."""
        return bool(self.line_channel_secret) and bool(self.line_channel_access_token)

    @property
    def signing_secret(self) -> bytes:
        """The key for what the bot signs (question tokens in buttons): a secret only this
        bot holds, so tokens differ between bots and cannot be made up. Telegram's token
        when there is one (as before LINE), else the LINE channel secret."""
        if self.telegram_bot_token:
            return self.telegram_bot_token.get().encode()
        return self.line_channel_secret.get().encode()


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = None
) -> Settings:
    """Read and validate every setting; the first bad one raises ``SettingsError``."""
    values = _raw_values(environ, env_file)
    parsed: dict[str, Any] = {}
    for spec in SETTINGS:
        raw = values.get(spec.name, spec.default)
        if raw is None:
            raise SettingsError(spec.name, "a value")
        raw = raw.strip()
        try:
            parsed[spec.name.lower()] = spec.parse(raw)
        except ValueError as error:
            shown = None if "TOKEN" in spec.name or "SECRET" in spec.name else raw
            raise SettingsError(spec.name, str(error), shown) from None
    settings = Settings(**parsed)
    _check_combinations(settings)
    return settings


def _raw_values(environ: Mapping[str, str] | None, env_file: Path | None) -> dict[str, str]:
    """``.env`` first, the environment over it."""
    values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        from dotenv import dotenv_values

        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ if environ is None else environ)
    return values


def misspelt_settings(names: Iterable[str]) -> list[tuple[str, str]]:
    """(unknown name, the setting it probably meant) for names that look like ours: they
    start as one of ours does (``TELEGRAM_``, ``MATCH_`` …) and are close to one of them."""
    known = [spec.name for spec in SETTINGS]
    prefixes = tuple({name.split("_")[0] + "_" for name in known})
    found = []
    for name in sorted(set(names) - set(known)):
        if name.startswith(prefixes):
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
            if close:
                found.append((name, close[0]))
    return found


def startup_warnings(
    settings: Settings, environ: Mapping[str, str] | None = None, env_file: Path | None = None
) -> list[str]:
    """What an operator should hear about before the bot runs: one line each."""
    warnings = [
        f"{name} is not a setting; did you mean {meant}? (it is ignored)"
        for name, meant in misspelt_settings(_raw_values(environ, env_file))
    ]
    if not settings.admin_ids:
        warnings.append(
            "ADMIN_IDS is empty: no one can approve mentors or see unanswered questions, "
            "and founders are told no team is reachable yet"
        )
    return warnings


def _check_combinations(settings: Settings) -> None:
    if bool(settings.line_channel_secret) != bool(settings.line_channel_access_token):
        missing = (
            "LINE_CHANNEL_ACCESS_TOKEN" if settings.line_channel_secret else "LINE_CHANNEL_SECRET"
        )
        raise SettingsError(missing, "a value when the other LINE channel setting is set")
    if settings.line_channel_secret and settings.line_webhook_path == settings.webhook_path:
        raise SettingsError("LINE_WEBHOOK_PATH", "a path other than WEBHOOK_PATH")
    # BOT_MODE is how Telegram's updates arrive (LINE always posts to its webhook): with LINE
    # and no Telegram token there is nothing for it to choose, so webhook mode is fine then
    if settings.bot_mode == "webhook" and (settings.telegram_enabled or not settings.line_enabled):
        if not settings.webhook_url:
            raise SettingsError("WEBHOOK_URL", "an https:// URL when BOT_MODE=webhook")
        if not settings.webhook_secret:
            raise SettingsError("WEBHOOK_SECRET", "a secret token when BOT_MODE=webhook")
        if not settings.telegram_bot_token:
            raise SettingsError("TELEGRAM_BOT_TOKEN", "a token when BOT_MODE=webhook")


def configure_logging(level: str) -> None:
    """Plain logging to stderr, with phone numbers, e-mails and ID numbers redacted."""
    from bot.logging_redaction import install_redaction

    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    install_redaction()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its plugin list at every start


def load_settings_or_exit(env_file: Path | None = Path(".env")) -> Settings:
    """Start-up's way in: a bad setting prints one line to stderr and exits with code 2."""
    import sys

    try:
        return load_settings(env_file=env_file)
    except SettingsError as error:
        print(str(error), file=sys.stderr)
        raise SystemExit(2) from None


def warn_about_settings(settings: Settings, env_file: Path | None = Path(".env")) -> None:
    """Log each start-up warning (after logging is configured)."""
    for warning in startup_warnings(settings, env_file=env_file):
        log.warning("%s", warning)
