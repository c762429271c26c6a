"""Identities: users get an internal id; each messenger account is a (channel, external id).

Merges the four heads (0003, 0004, 0005, 0006_pending_owner).

Nothing is lost: every existing user keeps their Telegram id as their internal id and gets
the identity ("telegram", "<id>"), so every stored user id (conversation states, referrals'
founders, stored admins, audit and revision actors, the pending-owner hashes) keeps meaning
the same person. ``mentors.telegram_id`` becomes ``mentors.user_id`` (a users row is made for
a mentor, founder or stored admin who has none). New users are numbered past every id stored
anywhere, so an old id never comes to mean somebody new. Processed updates are keyed by
(channel, event id) and keep their claims.

SQLite rebuilds ``users`` and ``mentors`` (batch mode); ``bot.db.migrate`` runs migrations
with foreign keys off and checks them before committing, so the rebuild cannot cascade.

Downgrade raises ``NotImplementedError``: identities of other messengers and users numbered
past the Telegram ids cannot be folded back into Telegram-keyed rows without loss.

Revision ID: 0007_identities
Revises: 0003, 0004, 0005, 0006_pending_owner
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_identities"
down_revision = ("0003", "0004", "0005", "0006_pending_owner")
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)
CHANNEL = "telegram"  # every id stored so far is a Telegram user id
DEFAULT_LANGUAGE = "th"  # for a users row made for a mentor or admin who has none (guessed)

users = sa.table(
    "users",
    sa.column("id", sa.BigInteger()),
    sa.column("language", sa.String()),
    sa.column("language_chosen", sa.Boolean()),
    sa.column("first_seen", TIME),
    sa.column("last_seen", TIME),
)
identities = sa.table(
    "identities",
    sa.column("channel", sa.String()),
    sa.column("external_id", sa.String()),
    sa.column("user_id", sa.BigInteger()),
    sa.column("created_at", TIME),
)
# (table, column) of every user id stored outside users and conversation_states
USER_ID_COLUMNS = (
    ("mentors", "telegram_id"),
    ("referrals", "founder_id"),
    ("admins", "user_id"),
    ("admins", "added_by"),
    ("audit_log", "actor_id"),
    ("faq_revisions", "actor_id"),
)
# of those, the people the bot must still be able to reach: they need a users row
REACHED = (("mentors", "telegram_id"), ("referrals", "founder_id"), ("admins", "user_id"))


def upgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    _internal_user_ids(sqlite)
    _users_for_stored_ids()
    _identities()
    _mentor_user_ids()
    _processed_events()
    _number_new_users_past_every_stored_id(sqlite)


def _internal_user_ids(sqlite: bool) -> None:
    """``users.telegram_id`` becomes the autoincrementing ``users.id`` (values kept)."""
    # a plain rename first: it also rewrites the references to it (conversation_states)
    op.execute("ALTER TABLE users RENAME COLUMN telegram_id TO id")
    if sqlite:  # INTEGER PRIMARY KEY AUTOINCREMENT needs a rebuilt table
        with op.batch_alter_table(
            "users", recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ) as batch:
            batch.alter_column(
                "id",
                existing_type=sa.BigInteger(),
                type_=sa.Integer(),
                autoincrement=True,
                existing_nullable=False,
            )
        return
    op.execute("CREATE SEQUENCE users_id_seq OWNED BY users.id")
    op.execute("ALTER TABLE users ALTER COLUMN id SET DEFAULT nextval('users_id_seq')")


def _users_for_stored_ids() -> None:
    """A users row for every mentor, founder and stored admin who has none, so each can be
    reached (and erased) like anyone else."""
    now = sa.func.now()
    for table, column in REACHED:
        stored = sa.table(table, sa.column(column, sa.BigInteger())).c[column]
        missing = (
            sa.select(stored, sa.literal(DEFAULT_LANGUAGE), sa.false(), now, now)
            .where(stored.is_not(None))
            .where(~sa.exists().where(users.c.id == stored))
            .distinct()
        )
        op.execute(
            users.insert().from_select(
                ["id", "language", "language_chosen", "first_seen", "last_seen"], missing
            )
        )


def _identities() -> None:
    op.create_table(
        "identities",
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_identities_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("channel", "external_id", name=op.f("pk_identities")),
    )
    op.create_index(op.f("ix_identities_user_id"), "identities", ["user_id"])
    op.execute(
        identities.insert().from_select(
            ["channel", "external_id", "user_id", "created_at"],
            sa.select(
                sa.literal(CHANNEL),
                sa.cast(users.c.id, sa.String()),
                users.c.id,
                users.c.first_seen,
            ),
        )
    )


def _mentor_user_ids() -> None:
    """``mentors.telegram_id`` becomes ``mentors.user_id``, a foreign key to ``users``."""
    op.execute("ALTER TABLE mentors RENAME COLUMN telegram_id TO user_id")
    with op.batch_alter_table("mentors") as batch:  # constraints on a renamed column: apart
        batch.drop_constraint("uq_mentors_telegram_id", type_="unique")
        batch.create_unique_constraint(op.f("uq_mentors_user_id"), ["user_id"])
        batch.create_foreign_key(
            op.f("fk_mentors_user_id_users"), "users", ["user_id"], ["id"], ondelete="SET NULL"
        )


def _processed_events() -> None:
    """Claims keyed by (channel, event id): LINE's event ids are strings."""
    op.execute(
        "CREATE TABLE processed_updates_0006 AS SELECT update_id, processed_at "
        "FROM processed_updates"
    )
    op.drop_index(op.f("ix_processed_updates_processed_at"), table_name="processed_updates")
    op.drop_table("processed_updates")
    op.create_table(
        "processed_updates",
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("processed_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("channel", "event_id", name=op.f("pk_processed_updates")),
    )
    op.create_index(
        op.f("ix_processed_updates_processed_at"), "processed_updates", ["processed_at"]
    )
    old = sa.table(
        "processed_updates_0006",
        sa.column("update_id", sa.BigInteger()),
        sa.column("processed_at", TIME),
    )
    new = sa.table(
        "processed_updates",
        sa.column("channel", sa.String()),
        sa.column("event_id", sa.String()),
        sa.column("processed_at", TIME),
    )
    op.execute(
        new.insert().from_select(
            ["channel", "event_id", "processed_at"],
            sa.select(
                sa.literal(CHANNEL), sa.cast(old.c.update_id, sa.String()), old.c.processed_at
            ),
        )
    )
    op.drop_table("processed_updates_0006")


def _number_new_users_past_every_stored_id(sqlite: bool) -> None:
    """The next internal id is past every user id stored anywhere (Telegram ids included)."""
    bind = op.get_bind()
    highest = [bind.scalar(sa.select(sa.func.max(users.c.id))) or 0]
    for table, column in USER_ID_COLUMNS:
        if column == "telegram_id":
            table, column = "mentors", "user_id"
        stored = sa.table(table, sa.column(column, sa.BigInteger())).c[column]
        highest.append(bind.scalar(sa.select(sa.func.max(stored))) or 0)
    top = int(max(highest))
    if top < 1:
        return
    if sqlite:
        op.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = 'users'"))
        op.execute(
            sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('users', :top)").bindparams(
                top=top
            )
        )
    else:
        op.execute(sa.text("SELECT setval('users_id_seq', :top)").bindparams(top=top))


def downgrade() -> None:
    raise NotImplementedError(
        "0007_identities cannot be undone without loss (see the module docstring)"
    )
