"""Bookkeeping that lets several instances share one database: handled updates, job leases."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, utcnow


class ProcessedUpdate(Base):
    """A Telegram ``update_id`` some instance has claimed, so a redelivery is skipped."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    processed_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class JobLease(Base):
    """Which instance runs a periodic job until when: one run per interval across instances."""

    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    holder: Mapped[str] = mapped_column(String(80))
    expires_at: Mapped[dt.datetime] = mapped_column()
