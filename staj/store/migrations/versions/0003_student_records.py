"""Students, their Telegram links and link codes, applications with status history,
reminders and the audit log.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "students",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("institution", sa.String(16), nullable=False),
        sa.Column("student_number", sa.String(32), nullable=False),
        sa.Column("full_name", sa.String(128), nullable=False),
        sa.Column("faculty", sa.String(128)),
        sa.Column("department", sa.String(128)),
        sa.Column("programme_type", sa.String(16), nullable=False),
        sa.Column("class_year", sa.Integer()),
        _when("created_at"),
        _when("updated_at"),
        sa.UniqueConstraint("institution", "student_number"),
    )
    op.create_table(
        "telegram_links",
        sa.Column("telegram_user_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column(
            "student_id",
            sa.Integer(),
            sa.ForeignKey("students.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("reminders_enabled", sa.Boolean(), nullable=False),
        _when("linked_at"),
    )
    op.create_table(
        "link_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column(
            "student_id",
            sa.Integer(),
            sa.ForeignKey("students.id", ondelete="CASCADE"),
            nullable=False,
        ),
        _when("expires_at"),
        _when("used_at", nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        _when("created_at"),
    )
    op.create_table(
        "link_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        _when("attempted_at"),
    )
    op.create_index(
        "ix_link_attempts_user_at", "link_attempts", ["telegram_user_id", "attempted_at"]
    )
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "student_id",
            sa.Integer(),
            sa.ForeignKey("students.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("programme", sa.String(16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("offer_type", sa.String(8)),
        sa.Column("employer", sa.String(256)),
        sa.Column("city", sa.String(64)),
        sa.Column("start_date", sa.Date()),
        sa.Column("end_date", sa.Date()),
        sa.Column("answer_by", sa.Date()),
        sa.Column("employer_contact", sa.String(256)),
        sa.Column("rejection_reason", sa.Text()),
        _when("updated_at"),
        sa.UniqueConstraint("student_id", "programme", "year"),
    )
    op.create_table(
        "status_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "application_id",
            sa.Integer(),
            sa.ForeignKey("applications.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("from_status", sa.String(32)),
        sa.Column("to_status", sa.String(32), nullable=False),
        sa.Column("changed_by", sa.String(128), nullable=False),
        _when("changed_at"),
    )
    op.create_index("ix_status_changes_app_at", "status_changes", ["application_id", "changed_at"])
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "student_id",
            sa.Integer(),
            sa.ForeignKey("students.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("group", sa.String(128), nullable=False),
        _when("due_at"),
        sa.Column("state", sa.String(12), nullable=False),
        _when("sent_at", nullable=True),
        sa.UniqueConstraint("student_id", "key"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        _when("at"),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(64)),
        sa.Column("detail", sa.Text()),
    )


def downgrade() -> None:
    for table in (
        "audit_log",
        "reminders",
        "status_changes",
        "applications",
        "link_attempts",
        "link_codes",
        "telegram_links",
        "students",
    ):
        op.drop_table(table)
