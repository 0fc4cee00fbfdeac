"""Gated retraining runs are kept, so the panel can show the last ones and their figures.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retraining_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(12), nullable=False),
        sa.Column("old_accuracy", sa.Float()),
        sa.Column("new_accuracy", sa.Float()),
        sa.Column("finetuned", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.Column("model", sa.String(128)),
    )


def downgrade() -> None:
    op.drop_table("retraining_runs")
