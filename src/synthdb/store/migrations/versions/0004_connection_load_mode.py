"""Saved connections choose how a push treats existing rows: replace (Fabricate's behaviour) or append.

Revision ID: 0004
Revises: 0003 (the lead rechains onto 0003 at merge)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing connections get the new default: pushes replace the definition's tables' rows.
    op.add_column("connections", sa.Column("load_mode", sa.String(16), nullable=False, server_default="replace"))


def downgrade() -> None:
    with op.batch_alter_table("connections") as batch:
        batch.drop_column("load_mode")
