"""KVKK, data kept to the purpose: a 👍 keeps no question text (only a 👎 needs it, for the
unanswered-questions inbox). The column becomes optional and past 👍 texts are dropped.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feedback") as batch:
        batch.alter_column("question", existing_type=sa.Text(), nullable=True)
    op.execute("UPDATE feedback SET question = NULL WHERE helpful")


def downgrade() -> None:
    op.execute("UPDATE feedback SET question = '' WHERE question IS NULL")
    with op.batch_alter_table("feedback") as batch:
        batch.alter_column("question", existing_type=sa.Text(), nullable=False)
