"""``Database.run``: the per-message transactions (update claim, user visit, question log)
written as Core statements, on SQLite in one hand-off to its thread, on PostgreSQL as usual."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import Connection, func, select

from bot.db.engine import Database, create_database
from bot.db.migrate import upgrade_database
from bot.db.models import ProcessedUpdate, User
from bot.db.repositories import users
from bot.operations.updates import claim_update


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    database = create_database(database_url)
    await upgrade_database(database)
    try:
        yield database
    finally:
        await database.dispose()


async def claimed(database: Database) -> int:
    async with database.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(ProcessedUpdate)) or 0)


async def test_a_transaction_commits_everything_it_wrote(database: Database) -> None:
    def work(connection: Connection) -> bool:
        first = claim_update(connection, "telegram", "7")
        users.note_visit(connection, 42, "th")
        return first

    assert await database.run(work) is True
    async with database.sessions() as session:
        user = await session.get(User, 42)
    assert user is not None and user.language == "th" and not user.language_chosen
    assert await claimed(database) == 1


async def test_a_failing_transaction_leaves_nothing_behind(database: Database) -> None:
    def work(connection: Connection) -> None:
        claim_update(connection, "telegram", "8")
        users.note_visit(connection, 43, "en")
        raise RuntimeError("the handler broke")

    with pytest.raises(RuntimeError, match="the handler broke"):
        await database.run(work)
    assert await claimed(database) == 0
    assert await database.run(lambda c: users.read_user_and_flow(c, 43)) is None
    assert (
        await database.run(lambda c: claim_update(c, "telegram", "8")) is True
    )  # still unclaimed


async def test_each_update_is_claimed_once_among_many_concurrent_claims(
    database: Database,
) -> None:
    update_ids = [n % 40 for n in range(120)]  # every update delivered three times
    results = await asyncio.gather(
        *(database.run(lambda c, u=u: claim_update(c, "telegram", str(u))) for u in update_ids)
    )
    assert sum(results) == 40
    assert await claimed(database) == 40


async def test_runs_and_sessions_share_the_database_without_interleaving(
    database: Database,
) -> None:
    async def through_session(n: int) -> None:
        async with database.sessions.begin() as session:
            await users.set_language(session, 1000 + n, "en")

    await asyncio.gather(
        *(database.run(lambda c, n=n: users.note_visit(c, 1000 + n, "th")) for n in range(20)),
        *(through_session(n) for n in range(20, 40)),
    )
    rows = [
        await database.run(lambda c, n=n: users.read_user_and_flow(c, 1000 + n)) for n in range(40)
    ]
    assert [row.language for row in rows if row is not None] == ["th"] * 20 + ["en"] * 20


async def test_a_visit_refreshes_the_guessed_language_but_keeps_a_chosen_one(
    database: Database,
) -> None:
    async with database.sessions.begin() as session:
        await users.set_language(session, 50, "en")  # chosen with /language
    await database.run(lambda c: users.note_visit(c, 50, "th"))
    await database.run(lambda c: users.note_visit(c, 51, "en"))
    await database.run(lambda c: users.note_visit(c, 51, "th"))
    chosen = await database.run(lambda c: users.read_user_and_flow(c, 50))
    guessed = await database.run(lambda c: users.read_user_and_flow(c, 51))
    assert chosen is not None and (chosen.language, chosen.language_chosen) == ("en", True)
    assert guessed is not None and (guessed.language, guessed.language_chosen) == ("th", False)
    assert guessed.flow is None


async def test_the_users_flow_comes_with_the_user(database: Database) -> None:
    await database.run(lambda c: users.note_visit(c, 60, "th"))
    async with database.sessions.begin() as session:
        await users.save_state(session, 60, "mentor", "need", {"topic": "legal"})
    row = await database.run(lambda c: users.read_user_and_flow(c, 60))
    assert row is not None and (row.flow, row.step, row.data) == (
        "mentor",
        "need",
        {"topic": "legal"},
    )
