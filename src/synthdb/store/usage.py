"""Daily generated-row accounting per workspace: rows are reserved when a task is accepted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from synthdb.store.models import Usage, utcnow


def today(now: datetime | None = None) -> str:
    """The UTC day the limit counts against, as YYYY-MM-DD."""
    return (now or utcnow()).date().isoformat()


def next_reset(now: datetime | None = None) -> datetime:
    """The next UTC midnight, when every workspace's count starts again."""
    now = now or utcnow()
    return now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)


@dataclass
class LimitExceeded(Exception):
    """A task would take the workspace over its daily limit."""

    limit: int
    used: int
    requested: int
    resets_at: datetime


def _ensure_row(session: Session, workspace_id: str, day: str) -> None:
    # INSERT ... ON CONFLICT DO NOTHING: two concurrent first tasks of the day must not collide.
    values = {"workspace_id": workspace_id, "day": day, "rows": 0}
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(Usage).values(**values).on_conflict_do_nothing())


def used_today(session: Session, workspace_id: str, day: str | None = None) -> int:
    """Rows counted for the workspace today."""
    rows = session.scalar(select(Usage.rows).where(Usage.workspace_id == workspace_id, Usage.day == (day or today())))
    return int(rows or 0)


def reserve(session: Session, workspace_id: str, rows: int, limit: int | None) -> str:
    """Count `rows` for today, or raise LimitExceeded; returns the day charged (for a later refund)."""
    if rows < 0:  # sizes are checked when planned; a negative count would let a task add capacity
        raise ValueError(f"a task cannot reserve a negative number of rows ({rows:,})")
    day = today()
    _ensure_row(session, workspace_id, day)
    # FOR UPDATE (PostgreSQL; SQLite's transactions are already serialised): check and add atomically.
    usage = session.scalar(
        select(Usage).where(Usage.workspace_id == workspace_id, Usage.day == day).with_for_update()
    )
    assert usage is not None
    if limit is not None and limit > 0 and usage.rows + rows > limit:
        raise LimitExceeded(limit, int(usage.rows), rows, next_reset())
    usage.rows = usage.rows + rows
    return day


def refund(session: Session, workspace_id: str, day: str, rows: int) -> None:
    """Give back the rows of a task that failed or was cancelled."""
    if rows <= 0:
        return
    session.execute(
        update(Usage)
        .where(Usage.workspace_id == workspace_id, Usage.day == day)
        .values(rows=Usage.rows - rows)
    )
