"""Admin edits of the knowledge base (history for rollback) and the unanswered inbox.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "faq_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("entry_id", sa.String(128), nullable=False),
        sa.Column("file", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("before", sa.Text()),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("needs_training", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_faq_changes_entry", "faq_changes", ["entry_id", "at"])
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("source", sa.String(12), nullable=False),
        sa.Column("entry_id", sa.String(128)),
        sa.Column("state", sa.String(12), nullable=False),
    )
    op.create_index("ix_inbox_state", "inbox", ["state", "at"])


def downgrade() -> None:
    op.drop_table("inbox")
    op.drop_table("faq_changes")
