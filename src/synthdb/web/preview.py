"""The designer's live preview: the first rows of one table, exactly as `generate` writes them for the seed."""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass, field
from typing import Any

from synthdb.api.errors import ApiError
from synthdb.api.lookup import limits_of, planned_run
from synthdb.api.settings import Settings
from synthdb.definition.model import Database
from synthdb.errors import SynthdbError
from synthdb.service.run import RunOptions

ROWS = 20
# A SQL table's preview computes every row of the tables it reads: beyond this many it is not attempted.
MAX_SQL_SOURCE_ROWS = 200_000
MAX_CELL = 80
# Parents' rows referenced by the preview are looked for among this many of the parent's first rows.
MAX_PARENT_SCAN = 50_000
PARENT_BATCH = 4096


@dataclass
class ParentRows:
    """The rows of a parent table that the previewed rows reference through one foreign key."""

    table: str
    via: str  # the child's foreign key column
    key: str  # the parent's key column
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    missing: int = 0  # referenced keys not found within MAX_PARENT_SCAN rows


@dataclass
class Preview:
    """What the preview shows: columns, rows as text, the table's full row count, the seed; or the problem."""

    table: str
    seed: int | None = None
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    total: int = 0
    problem: str = ""
    parents: list[ParentRows] = field(default_factory=list)


def _cell(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, dt.date | dt.time | dt.datetime):
        text = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    elif isinstance(value, decimal.Decimal | float | int | bool | str):
        text = str(value)
    elif isinstance(value, bytes):
        text = value.hex()
    else:
        text = str(value)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def preview(database: Database, table: str, settings: Settings, rows: int = ROWS) -> Preview:
    """The first `rows` rows of `table` (the row index decides every cell, so they equal a full run's first rows)."""
    out = Preview(table)
    options = RunOptions(entity=table, batch_size=rows)
    try:
        with planned_run(database, options, limits_of(settings)) as run:
            out.seed = run.plan.seed
            if run.written_sql and run.generated_rows() > MAX_SQL_SOURCE_ROWS:
                out.problem = (f"'{table}' is a SQL table over {run.generated_rows():,} generated rows; "
                               f"the preview stops at {MAX_SQL_SOURCE_ROWS:,}")
                return out
            out.total = run.row_counts().get(table, 0)
            _, schema, batches = next(iter(run.iter_tables()))
            out.columns = list(schema.names)
            batch = next(batches, None)
            records = batch.slice(0, rows).to_pylist() if batch is not None else []
    except ApiError as exc:
        out.problem = exc.message
        return out
    except SynthdbError as exc:
        out.problem = str(exc)
        return out
    out.rows = [[_cell(record.get(name)) for name in out.columns] for record in records]
    for fld in next(e for e in database.entities if e.name == table).fields:
        parent = fld.params.get("primary_key_entity")
        keys = {record.get(fld.name) for record in records} - {None}
        if isinstance(parent, str) and keys and parent != table:
            out.parents.append(_parent_rows(database, settings, parent, fld.name, fld.params, keys))
    return out


def _parent_key(database: Database, parent: str, params: dict[str, Any]) -> str:
    named = params.get("primary_key_field")
    if isinstance(named, str) and named:
        return named
    entity = next((e for e in database.entities if e.name == parent), None)
    keys = [f.name for f in entity.fields if f.primary_key] if entity else []
    return keys[0] if keys else "id"


def _parent_rows(database: Database, settings: Settings, parent: str, via: str, params: dict[str, Any],
                 keys: set[Any]) -> ParentRows:
    """The parent's rows holding `keys`, in the parent's order (its first rows scanned, batch by batch)."""
    key = _parent_key(database, parent, params)
    out = ParentRows(parent, via, key)
    wanted = set(keys)
    try:
        with planned_run(database, RunOptions(entity=parent, batch_size=PARENT_BATCH), limits_of(settings)) as run:
            _, schema, batches = next(iter(run.iter_tables()))
            out.columns = list(schema.names)
            scanned = 0
            for batch in batches:
                for record in batch.to_pylist():
                    if record.get(key) in wanted:
                        wanted.discard(record.get(key))
                        out.rows.append([_cell(record.get(name)) for name in out.columns])
                scanned += batch.num_rows
                if not wanted or scanned >= MAX_PARENT_SCAN:
                    break
    except (ApiError, SynthdbError):
        return out  # the parent's own problem shows on its own preview
    out.missing = len(wanted)
    return out
