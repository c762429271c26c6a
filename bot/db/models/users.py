"""People who talked to the bot, and the messenger accounts (identities) they use.

A user is keyed by an internal id: every table that stores a user id stores this one. Each
messenger account that reaches the bot is an ``Identity`` ``(channel, external_id)`` pointing
at a user; external ids are strings because messengers differ (Telegram's are numbers, LINE's
``U…`` strings).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, utcnow

SERIAL = BigInteger().with_variant(Integer(), "sqlite")  # SQLite autoincrements INTEGER only


class User(Base):
    """One person; ``language_chosen`` marks an explicit /language choice.

    Ids are never reused (``sqlite_autoincrement``; PostgreSQL sequences never go back): a
    stored admin or an audit entry must not come to mean somebody new after a /forget."""

    __tablename__ = "users"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012 - read by SQLAlchemy

    id: Mapped[int] = mapped_column(SERIAL, primary_key=True, autoincrement=True)
    language: Mapped[str] = mapped_column(String(2))
    language_chosen: Mapped[bool] = mapped_column(default=False)
    first_seen: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Identity(Base):
    """One messenger account of a user (``channel`` as each adapter names itself)."""

    __tablename__ = "identities"

    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), primary_key=True)  # personal
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
