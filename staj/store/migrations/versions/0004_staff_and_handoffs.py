"""Staff roles, counselor groups, handoffs and their messages.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "staff",
        sa.Column("telegram_user_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("display_name", sa.String(64), nullable=False),
        sa.Column("institution", sa.String(16)),
        sa.Column("departments", sa.Text()),
        sa.Column("added_by", sa.String(128), nullable=False),
        _when("added_at"),
    )
    op.create_table(
        "counselor_groups",
        sa.Column("institution", sa.String(16), primary_key=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False, unique=True),
        sa.Column("has_topics", sa.Boolean(), nullable=False),
        _when("registered_at"),
    )
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False, index=True),
        sa.Column("institution", sa.String(16)),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("group_chat_id", sa.BigInteger()),
        sa.Column("thread_id", sa.BigInteger()),
        sa.Column("summary_message_id", sa.BigInteger()),
        sa.Column("counselor_id", sa.BigInteger()),
        _when("created_at"),
        _when("taken_at", nullable=True),
        _when("first_reply_at", nullable=True),
        _when("last_activity_at"),
        _when("announced_at", nullable=True),
        _when("closed_at", nullable=True),
        sa.Column("close_reason", sa.String(16)),
    )
    op.create_index("ix_handoffs_state_created", "handoffs", ["state", "created_at"])
    op.create_table(
        "handoff_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "handoff_id",
            sa.Integer(),
            sa.ForeignKey("handoffs.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("sender", sa.String(12), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("text", sa.Text()),
        sa.Column("group_chat_id", sa.BigInteger()),
        sa.Column("group_message_id", sa.BigInteger()),
        _when("at"),
    )
    op.create_index(
        "ix_handoff_messages_group", "handoff_messages", ["group_chat_id", "group_message_id"]
    )


def downgrade() -> None:
    for table in ("handoff_messages", "handoffs", "counselor_groups", "staff"):
        op.drop_table(table)
