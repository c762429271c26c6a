"""The live FAQ and the admin records: entries, topics, revisions, version, admins, audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, utcnow

SERIAL = BigInteger().with_variant(Integer(), "sqlite")  # SQLite autoincrements INTEGER only


class FaqTopicRecord(Base):
    """A topic of the live FAQ, in display order."""

    __tablename__ = "faq_topics"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    names: Mapped[dict[str, Any]]
    position: Mapped[int]


class FaqEntryRecord(Base):
    """One live FAQ entry; ``deleted`` hides it while keeping it restorable.

    ``answer_changed`` holds, per language, when that language's answer last changed, so an
    edit that updates one language and not the other can be flagged.
    """

    __tablename__ = "faq_entries"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    topic: Mapped[str] = mapped_column(String(40))
    position: Mapped[int]
    questions: Mapped[dict[str, Any]]
    answers: Mapped[dict[str, Any]]
    keywords: Mapped[dict[str, Any]]
    sources: Mapped[list[Any]]
    related: Mapped[list[Any]]
    action: Mapped[str | None] = mapped_column(String(20))
    reviewed: Mapped[dt.date]
    answer_changed: Mapped[dict[str, Any]] = mapped_column(default=dict)
    deleted: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class FaqRevision(Base):
    """One change to one entry: who, when, what, and the entry before and after."""

    __tablename__ = "faq_revisions"
    __table_args__ = (Index("ix_faq_revisions_entry_id_at", "entry_id", "at"),)

    id: Mapped[int] = mapped_column(SERIAL, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None]
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(200), default="")
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]


class FaqVersion(Base):
    """A single row whose counter moves with every FAQ change, so every instance reloads."""

    __tablename__ = "faq_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(default=0)
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class StoredAdmin(Base):
    """An admin added at run time by another admin (besides those in ``ADMIN_IDS``)."""

    __tablename__ = "admins"

    user_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    added_by: Mapped[int]
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """One admin action, kept so the co-op can review who did what."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(SERIAL, primary_key=True, autoincrement=True)
    actor_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
