"""Rows as plain JSON-ready dicts, for the ``/mydata`` export."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

from sqlalchemy import inspect

from bot.db.base import Base


def plain(value: Any) -> Any:
    """A JSON-ready value: times in ISO 8601 (UTC), enums by value."""
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return aware.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def as_record(row: Base, *, only: Iterable[str] | None = None) -> dict[str, Any]:
    """Every mapped column of ``row`` (or just ``only``), by attribute name."""
    wanted = set(only) if only is not None else None
    return {
        attribute.key: plain(getattr(row, attribute.key))
        for attribute in inspect(row).mapper.column_attrs
        if wanted is None or attribute.key in wanted
    }
