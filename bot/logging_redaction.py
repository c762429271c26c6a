"""Keep personal identifiers out of the logs: phone numbers, e-mail addresses, Thai ID numbers,
and the parameters of a failed SQL statement (they hold what people typed).

Installed on the root handlers by ``configure_logging``, so every record from every logger is
redacted, its message and arguments and any traceback text, before it is written anywhere.
"""

from __future__ import annotations

import logging
import re

# 13 digits, as written on a Thai ID card (1-2345-67890-12-3) or run together.
THAI_ID = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12}(?![\d])")  # not -100… group chat ids
# Thai mobile and landline numbers: 081-234-5678, 0812345678, 02 123 4567, +66 81 234 5678.
PHONE = re.compile(r"(?<![\d+.])(?:\+66|0)(?:[ -]?\d){8,9}(?![\d])")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# SQLAlchemy's "[parameters: (…)]" line; the engine hides them, this catches any other engine
SQL_PARAMETERS = re.compile(r"\[parameters: [^\n]*\]")
REDACTIONS = (
    (SQL_PARAMETERS, "[parameters hidden]"),
    (EMAIL, "[email]"),
    (THAI_ID, "[id-number]"),
    (PHONE, "[phone]"),
)


def redact(text: str) -> str:
    """``text`` with every phone number, e-mail address and Thai ID number replaced."""
    for pattern, replacement in REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (args merged in) and traceback text, redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: keep the template, drop the arguments
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install_redaction(logger: logging.Logger | None = None) -> None:
    """Add the filter to every handler of ``logger`` (the root logger by default), once."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
