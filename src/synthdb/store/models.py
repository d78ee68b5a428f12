"""SQLAlchemy 2 models of the service's metadata: workspaces, keys, databases, tasks, connections, usage."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Task states. `pending` and `running` are the only non-terminal ones.
PENDING, RUNNING, COMPLETED, FAILED, CANCELLED = "pending", "running", "completed", "failed", "cancelled"
ACTIVE_STATES = (PENDING, RUNNING)


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def new_id() -> str:
    """A random UUID as text (ids are opaque to clients, as in Fabricate)."""
    return str(uuid.uuid4())


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive values and would drop the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of every store table."""


class Workspace(Base):
    """A namespace of databases, connections and keys; keys never see across workspaces."""

    __tablename__ = "workspaces"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApiKey(Base):
    """An API key: only its SHA-256 is kept, with a short prefix to recognise it in listings."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class ApiKeyGrant(Base):
    """A role of a key in a workspace besides its own (the key's `workspace_id` and `role`): keys may hold
    roles in several workspaces, as Fabricate's do."""

    __tablename__ = "api_key_workspaces"

    key_id: Mapped[str] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True,
                                              index=True)
    role: Mapped[str] = mapped_column(String(16))


class DatabaseRecord(Base):
    """A database definition, stored as JSON in synthdb's model (Fabricate's field names)."""

    __tablename__ = "databases"
    __table_args__ = (UniqueConstraint("workspace_id", "name", name="uq_databases_workspace_name"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    definition: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_generated: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The latest completed file task: the listing's `data_url` points at its artifact.
    last_task_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class TaskRecord(Base):
    """A generate task. `definition` is the effective definition (overrides applied), cleared when done."""

    __tablename__ = "tasks"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    # No foreign key: a task outlives the deletion of its database (its download stays valid).
    database_id: Mapped[str] = mapped_column(String(36))
    database_name: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), default=PENDING, index=True)
    format: Mapped[str | None] = mapped_column(String(32), nullable=True)
    entity: Mapped[str | None] = mapped_column(String(128), nullable=True)
    # A saved connection's name, or "(inline)": never credentials.
    target: Mapped[str | None] = mapped_column(String(128), nullable=True)
    definition: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Load options of a connection push (create, truncate) as JSON.
    options: Mapped[str | None] = mapped_column(Text, nullable=True)
    rows: Mapped[int] = mapped_column(BigInteger, default=0)
    usage_day: Mapped[str] = mapped_column(String(10))
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    phase: Mapped[str] = mapped_column(String(32), default="queued")
    context: Mapped[str | None] = mapped_column(String(255), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    artifact: Mapped[str | None] = mapped_column(String(512), nullable=True)
    content_type: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ConnectionRecord(Base):
    """A saved target database. The password is Fernet-encrypted with a key derived from the server secret."""

    __tablename__ = "connections"
    __table_args__ = (UniqueConstraint("workspace_id", "name", name="uq_connections_workspace_name"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    platform: Mapped[str] = mapped_column(String(32))
    host: Mapped[str] = mapped_column(String(255))
    port: Mapped[int | None] = mapped_column(Integer, nullable=True)
    database_name: Mapped[str] = mapped_column(String(255))
    username: Mapped[str | None] = mapped_column(String(255), nullable=True)
    password_encrypted: Mapped[str | None] = mapped_column(Text, nullable=True)
    tls: Mapped[bool] = mapped_column(Boolean, default=False)
    # "replace" (delete the definition's tables' rows in the load's transaction) or "append".
    load_mode: Mapped[str] = mapped_column(String(16), default="replace", server_default="replace")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Usage(Base):
    """Rows generated per workspace per UTC day (the daily limit counts these)."""

    __tablename__ = "usage"

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    rows: Mapped[int] = mapped_column(BigInteger, default=0)


class SnapshotRecord(Base):
    """A generated database frozen as SQLite, kept under the data dir; the active one serves the mock API."""

    __tablename__ = "snapshots"
    __table_args__ = (UniqueConstraint("database_id", "name", name="uq_snapshots_database_name"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    database_id: Mapped[str] = mapped_column(ForeignKey("databases.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    # The generate task (format sqlite) that makes the file; its artifact moves here when it completes.
    task_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The file's name under <data dir>/snapshots (never a client's text).
    filename: Mapped[str | None] = mapped_column(String(128), nullable=True)
    rows: Mapped[int] = mapped_column(BigInteger, default=0)
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
