"""Reminders remember when they were claimed (a claim left by a crash is recovered) and why
they failed; a lease keeps a periodic job to one process at a time.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("reminders", sa.Column("claimed_at", sa.DateTime(timezone=True)))
    op.add_column("reminders", sa.Column("failure", sa.String(32)))
    op.create_table(
        "job_leases",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("holder", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("job_leases")
    with op.batch_alter_table("reminders") as batch:
        batch.drop_column("failure")
        batch.drop_column("claimed_at")
