"""Tell "the database is unreachable (or read-only) right now" and "a concurrent transaction got
in the way, try again" apart from every other database error."""

from __future__ import annotations

from sqlalchemy import exc

# PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html)
READ_ONLY_TRANSACTION = "25006"  # a standby (or a read-only server) refused a write
UNAVAILABLE_STATES = frozenset(
    {READ_ONLY_TRANSACTION, "57P01", "57P02", "57P03"}  # shut down, crashed, starting
)
RETRYABLE_STATES = frozenset({"40001", "40P01"})  # serialization failure, deadlock detected


class DatabaseUnavailableError(RuntimeError):
    """Raised where a caller prefers one clear error to the driver's many."""


def is_database_outage(error: BaseException) -> bool:
    """True for lost or refused connections, timeouts and a read-only server (a standby after
    failover); False for bugs and constraint errors."""
    if isinstance(error, DatabaseUnavailableError | exc.TimeoutError):
        return True
    if isinstance(error, exc.DBAPIError):
        if error.connection_invalidated:
            return True
        if isinstance(error, exc.InterfaceError):
            return True
        state = sqlstate(error) or ""
        if state in UNAVAILABLE_STATES or state.startswith("08"):  # class 08: connection
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


def is_retryable_conflict(error: BaseException) -> bool:
    """True when PostgreSQL rolled the transaction back because of a concurrent one (deadlock,
    serialization failure): running it again from fresh data is the documented remedy."""
    return isinstance(error, exc.DBAPIError) and sqlstate(error) in RETRYABLE_STATES


def sqlstate(error: exc.DBAPIError) -> str | None:
    """The PostgreSQL error code the driver attached (asyncpg and psycopg); None on SQLite."""
    state = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return state if isinstance(state, str) else None
