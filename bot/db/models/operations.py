"""Bookkeeping that lets several instances share one database: handled updates, job leases."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, utcnow


class ProcessedUpdate(Base):
    """An event some instance has claimed (by the messenger's own delivery id: Telegram's
    ``update_id``, LINE's ``webhookEventId``), so a redelivery is skipped."""

    __tablename__ = "processed_updates"

    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    processed_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class JobLease(Base):
    """Which instance runs a periodic job until when: one run per interval across instances."""

    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    holder: Mapped[str] = mapped_column(String(80))
    expires_at: Mapped[dt.datetime] = mapped_column()
