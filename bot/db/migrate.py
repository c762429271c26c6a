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


async def upgrade_database(database: Database, revision: str = "heads") -> None:
    """Bring the schema to ``revision`` (all heads by default) on the given database."""

    def run(connection: Connection) -> None:
        hold_migration_lock(connection)
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with database.engine.begin() as connection:
        await connection.run_sync(run)
