"""Mentors: the registry, founders' referrals and the offers made for them.

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "mentors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=True),
        sa.Column("display_name", sa.String(length=80), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=True),
        sa.Column("bio_th", sa.Text(), nullable=True),
        sa.Column("bio_en", sa.Text(), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("region", sa.String(length=20), nullable=True),
        sa.Column("capacity", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("unreachable", sa.Boolean(), nullable=False),
        sa.Column("contact_consent_at", TIME, nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("status_changed_at", TIME, nullable=False),
        sa.Column("last_offered_at", TIME, nullable=True),
        sa.Column("created_at", TIME, server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", TIME, server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentors")),
        sa.UniqueConstraint("telegram_id", name=op.f("uq_mentors_telegram_id")),
    )
    op.create_index(op.f("ix_mentors_status"), "mentors", ["status"])
    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("founder_id", sa.BigInteger(), nullable=True),
        sa.Column("founder_name", sa.String(length=80), nullable=True),
        sa.Column("founder_username", sa.String(length=64), nullable=True),
        sa.Column("need", sa.Text(), nullable=True),
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("region", sa.String(length=20), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("consented_at", TIME, nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=True),
        sa.Column("relay", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("waiting_since", TIME, nullable=True),
        sa.Column("accepted_at", TIME, nullable=True),
        sa.Column("connected_at", TIME, nullable=True),
        sa.Column("closed_at", TIME, nullable=True),
        sa.Column("closed_by", sa.String(length=10), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("founder_fit", sa.BigInteger(), nullable=True),
        sa.Column("mentor_fit", sa.BigInteger(), nullable=True),
        sa.Column("helped", sa.String(length=8), nullable=True),
        sa.Column("fit_asked_at", TIME, nullable=True),
        sa.Column("helped_asked_at", TIME, nullable=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["mentors.id"],
            name=op.f("fk_referrals_mentor_id_mentors"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
    )
    op.create_index(op.f("ix_referrals_founder_id"), "referrals", ["founder_id"])
    op.create_index(op.f("ix_referrals_status"), "referrals", ["status"])
    op.create_index(op.f("ix_referrals_mentor_id"), "referrals", ["mentor_id"])
    op.create_table(
        "referral_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("offered_at", TIME, nullable=False),
        sa.Column("remind_at", TIME, nullable=False),
        sa.Column("deadline_at", TIME, nullable=False),
        sa.Column("reminded_at", TIME, nullable=True),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("answered_at", TIME, nullable=True),
        sa.Column("decline_reason", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            name=op.f("fk_referral_offers_referral_id_referrals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["mentors.id"],
            name=op.f("fk_referral_offers_mentor_id_mentors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_offers")),
    )
    op.create_index(op.f("ix_referral_offers_referral_id"), "referral_offers", ["referral_id"])
    op.create_index(op.f("ix_referral_offers_mentor_id"), "referral_offers", ["mentor_id"])
    op.create_index(
        "ix_referral_offers_outcome_deadline", "referral_offers", ["outcome", "deadline_at"]
    )


def downgrade() -> None:
    op.drop_table("referral_offers")
    op.drop_table("referrals")
    op.drop_table("mentors")
