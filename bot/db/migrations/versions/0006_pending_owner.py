"""Question words pending feedback are tied to who asked (a hash), so /forget can delete them.

Revision ID: 0006_pending_owner
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_pending_owner"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("question_log") as batch:
        batch.add_column(sa.Column("pending_owner", sa.String(length=64), nullable=True))
        batch.create_index(op.f("ix_question_log_pending_owner"), ["pending_owner"])


def downgrade() -> None:
    with op.batch_alter_table("question_log") as batch:
        batch.drop_index(op.f("ix_question_log_pending_owner"))
        batch.drop_column("pending_owner")
