"""Apply Alembic migrations from inside the running event loop (start-up and ``db upgrade``)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

from bot.db.engine import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """Configuration pointing at the package's migrations, no alembic.ini needed."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


MIGRATION_LOCK_KEY = 4_211_733  # any constant: PostgreSQL advisory locks are numbered


def hold_migration_lock(connection: Connection) -> None:
    """Instances starting together migrate one after the other: the lock lasts until this
    transaction ends, and the next one then finds the schema already up to date."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock, before alembic reads


class ForeignKeyViolationError(RuntimeError):
    """A migration left rows pointing at rows that do not exist (SQLite, checked at the end)."""


def check_foreign_keys(connection: Connection) -> None:
    """SQLite migrates with foreign keys off (see ``upgrade_database``): before committing,
    every reference must still hold."""
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({str(row[0]) for row in broken})
        raise ForeignKeyViolationError(f"a migration broke references in {', '.join(tables)}")


async def upgrade_database(database: Database, revision: str = "heads") -> None:
    """Bring the schema to ``revision`` (all heads by default) on the given database.

    On SQLite, foreign keys are off while migrating: batch mode rebuilds a table by copying it
    and dropping the original, and with them on, that drop would delete (``ON DELETE CASCADE``)
    or empty (``SET NULL``) the rows referring to it. The pragma only changes outside a
    transaction, so it is set before the lock's ``BEGIN`` and restored after the commit."""

    def run(connection: Connection) -> None:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        hold_migration_lock(connection)
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        check_foreign_keys(connection)

    def restore(connection: Connection) -> None:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")

    async with database.engine.connect() as connection:
        try:
            await connection.run_sync(run)
            await connection.commit()
        finally:
            if database.is_sqlite:
                await connection.rollback()  # nothing open: the pragma needs no transaction
                await connection.run_sync(restore)
                await connection.commit()
