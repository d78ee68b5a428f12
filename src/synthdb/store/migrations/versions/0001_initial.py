"""Initial schema: workspaces, api_keys, databases, tasks, connections, usage.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _workspace_fk() -> sa.Column:
    return sa.Column(
        "workspace_id", sa.String(36), sa.ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False, index=True
    )


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(128), nullable=False, unique=True),
        _when("created_at"),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(36), primary_key=True),
        _workspace_fk(),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        _when("created_at"),
        _when("expires_at", nullable=True),
        sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "databases",
        sa.Column("id", sa.String(36), primary_key=True),
        _workspace_fk(),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("definition", sa.Text, nullable=False),
        _when("created_at"),
        _when("updated_at"),
        _when("last_generated", nullable=True),
        sa.Column("last_task_id", sa.String(36), nullable=True),
        sa.UniqueConstraint("workspace_id", "name", name="uq_databases_workspace_name"),
    )
    op.create_table(
        "tasks",
        sa.Column("id", sa.String(36), primary_key=True),
        _workspace_fk(),
        sa.Column("database_id", sa.String(36), nullable=False),
        sa.Column("database_name", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("format", sa.String(32), nullable=True),
        sa.Column("entity", sa.String(128), nullable=True),
        sa.Column("target", sa.String(128), nullable=True),
        sa.Column("definition", sa.Text, nullable=True),
        sa.Column("options", sa.Text, nullable=True),
        sa.Column("rows", sa.BigInteger, nullable=False),
        sa.Column("usage_day", sa.String(10), nullable=False),
        sa.Column("progress", sa.Float, nullable=False),
        sa.Column("phase", sa.String(32), nullable=False),
        sa.Column("context", sa.String(255), nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("artifact", sa.String(512), nullable=True),
        sa.Column("content_type", sa.String(64), nullable=True),
        _when("created_at"),
        _when("updated_at"),
        _when("finished_at", nullable=True),
    )
    op.create_table(
        "connections",
        sa.Column("id", sa.String(36), primary_key=True),
        _workspace_fk(),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("port", sa.Integer, nullable=True),
        sa.Column("database_name", sa.String(255), nullable=False),
        sa.Column("username", sa.String(255), nullable=True),
        sa.Column("password_encrypted", sa.Text, nullable=True),
        sa.Column("tls", sa.Boolean, nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.UniqueConstraint("workspace_id", "name", name="uq_connections_workspace_name"),
    )
    op.create_table(
        "usage",
        sa.Column(
            "workspace_id", sa.String(36), sa.ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("rows", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    for table in ("usage", "connections", "tasks", "databases", "api_keys", "workspaces"):
        op.drop_table(table)
