"""Tell "the database is unreachable right now" apart from every other database error."""

from __future__ import annotations

from sqlalchemy import exc


class DatabaseUnavailableError(RuntimeError):
    """Raised where a caller prefers one clear error to the driver's many."""


def is_database_outage(error: BaseException) -> bool:
    """True for lost or refused connections and timeouts; False for bugs and constraint errors."""
    if isinstance(error, DatabaseUnavailableError | exc.TimeoutError):
        return True
    if isinstance(error, exc.DBAPIError):
        if error.connection_invalidated:
            return True
        if isinstance(error, exc.InterfaceError):
            return True
        return isinstance(error, exc.OperationalError) and not _is_sqlite_bug(error)
    if isinstance(error, ConnectionError | TimeoutError):
        return True
    if isinstance(error, OSError):
        return True
    module = type(error).__module__
    return module.startswith("asyncpg") and "Connection" in type(error).__name__


def _is_sqlite_bug(error: exc.OperationalError) -> bool:
    """SQLite reports a missing table or bad SQL as "operational" too: those are bugs."""
    text = str(error.orig).lower()
    return text.startswith(("no such", "near ", "table ")) or "syntax error" in text
