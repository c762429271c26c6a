"""FAQ usage: question log, unanswered questions, answer feedback (no user identity).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SERIAL = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "question_log",
        sa.Column("id", SERIAL, autoincrement=True, nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("entry_id", sa.String(length=40), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("chat_type", sa.String(length=12), nullable=False),
        sa.Column("truncated", sa.Boolean(), nullable=False),
        sa.Column("pending_text", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_log")),
    )
    op.create_index(op.f("ix_question_log_asked_at"), "question_log", ["asked_at"])
    op.create_table(
        "unanswered_questions",
        sa.Column("id", SERIAL, autoincrement=True, nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("candidates", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("entry_id", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unanswered_questions")),
    )
    op.create_index(
        "ix_unanswered_questions_status_created_at",
        "unanswered_questions",
        ["status", "created_at"],
    )
    op.create_table(
        "answer_feedback",
        sa.Column("id", SERIAL, autoincrement=True, nullable=False),
        sa.Column("entry_id", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("vote", sa.String(length=4), nullable=False),
        sa.Column("question_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_feedback")),
        sa.UniqueConstraint("question_id", name=op.f("uq_answer_feedback_question_id")),
    )
    op.create_index(op.f("ix_answer_feedback_entry_id"), "answer_feedback", ["entry_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_answer_feedback_entry_id"), table_name="answer_feedback")
    op.drop_table("answer_feedback")
    op.drop_index("ix_unanswered_questions_status_created_at", table_name="unanswered_questions")
    op.drop_table("unanswered_questions")
    op.drop_index(op.f("ix_question_log_asked_at"), table_name="question_log")
    op.drop_table("question_log")
