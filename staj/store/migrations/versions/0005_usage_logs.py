"""Message and question logs for statistics and the unanswered-questions inbox.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "message_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("student_key", sa.String(32), nullable=False),
    )
    op.create_index("ix_message_log_at", "message_log", ["at"])
    op.create_table(
        "question_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("student_key", sa.String(32), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("entry_id", sa.String(128)),
        sa.Column("question", sa.Text()),
        sa.Column("institution", sa.String(16)),
    )
    op.create_index("ix_question_log_at", "question_log", ["at"])


def downgrade() -> None:
    op.drop_table("question_log")
    op.drop_table("message_log")
