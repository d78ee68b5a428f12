"""explain_definition and preview_table: what a definition produces, without writing anything."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from synthdb.definition.model import Database
from synthdb.definition.suggest import did_you_mean
from synthdb.engine.plan import Plan, TablePlan
from synthdb.errors import UsageError
from synthdb.mcp.sizing import MAX_PREVIEW_ROWS, Truncator, clamp, plain
from synthdb.service.run import Run, RunOptions

# Computing a SQL table needs every row of the tables it reads; beyond this the preview refuses.
MAX_SQL_PREVIEW_SOURCE_ROWS = 1_000_000


def _column(table: TablePlan, name: str) -> dict[str, Any]:
    column = table.columns[name]
    field = column.field
    out: dict[str, Any] = {"name": name, "generator": column.generator.display_name,
                           "data_type": field.data_type or str(column.arrow_type)}
    params = {k: v for k, v in field.params.items() if v is not None}
    if params:
        out["parameters"] = params
    flags = [flag for flag in ("primary_key", "unique", "virtual") if getattr(field, flag)]
    if field.percent_null:
        flags.append(f"{field.percent_null:g}% null")
    if flags:
        out["flags"] = flags
    return out


def _relations(table: TablePlan) -> list[dict[str, Any]]:
    out = []
    for column in table.foreign_keys():
        params = column.field.params
        relation: dict[str, Any] = {"column": column.name,
                    "references": f"{params.get('primary_key_entity')}.{params.get('primary_key_field')}"}
        if table.driver is not None and table.driver.name == column.name:
            relation["drives_row_count"] = True
        out.append(relation)
    return out


def explain(database: Database, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Row counts per table (parents first), relations, and what each column uses."""
    run = Run(database, RunOptions(variables=dict(variables or {})))
    plan: Plan = run.plan
    truncate = Truncator()
    tables = []
    for table in run.tables:
        kind = "static" if table.entity.is_static else "generated"
        entry: dict[str, Any] = {"name": table.name, "kind": kind, "rows": table.size,
                                 "relations": _relations(table)}
        # Parent columns this table's values are computed from (e.g. an order date after the signup date).
        reads = sorted({f"{r.table}.{r.column} (through {r.via})" for r in table.related.values()})
        if reads:
            entry["reads"] = reads
        entry["columns"] = [_column(table, c.name) for c in table.exported_columns]
        tables.append(entry)
    for name in run.written_sql:
        entity = database.entity(name)
        tables.append({"name": name, "kind": "sql", "rows": None, "reads": run.sql_tables[name].reads,
                       "sql": entity.sql if entity else None,
                       "columns": [{"name": f.name, "data_type": str(f.type)} for f in run.sql_tables[name].schema]})
    answer = {"name": database.name, "platform": database.platform, "seed": plan.seed, "variables": plan.variables,
              "total_rows": run.generated_rows(), "order": run.names, "tables": truncate(tables)}
    if truncate.note():
        answer["note"] = truncate.note()
    return answer


def preview(database: Database, table: str, rows: int, seed: int | None = None,
            variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The first `rows` rows of `table`, exactly as generate writes them with the same seed."""
    rows = clamp(rows, 1, MAX_PREVIEW_ROWS)
    names = [e.name for e in database.entities]
    if table not in names:
        raise UsageError(f"table: unknown table '{table}'{did_you_mean(table, names)} (tables: {', '.join(names)})")
    options = RunOptions(seed=seed, variables=dict(variables or {}), entity=table, batch_size=rows)
    with Run(database, options) as run:
        if run.written_sql and run.generated_rows() > MAX_SQL_PREVIEW_SOURCE_ROWS:
            raise UsageError(f"table: '{table}' is a SQL table over {run.generated_rows():,} generated rows; "
                             f"preview it with smaller variables (at most {MAX_SQL_PREVIEW_SOURCE_ROWS:,})")
        total = run.row_counts().get(table, 0)
        _, schema, batches = next(iter(run.iter_tables()))
        batch = next(batches, None)
        records = batch.slice(0, rows).to_pylist() if batch is not None else []
    truncate = Truncator()
    shown = [truncate({k: plain(v) for k, v in record.items()}) for record in records]
    answer: dict[str, Any] = {"table": table, "seed": run.plan.seed, "total_rows": total, "shown": len(shown),
                              "columns": [{"name": f.name, "type": str(f.type)} for f in schema], "rows": shown}
    notes = [note for note in (truncate.note(),) if note]
    if total > len(shown):
        notes.append(f"showing the first {len(shown)} of {total:,} rows (at most {MAX_PREVIEW_ROWS} per preview)")
    if notes:
        answer["note"] = " ".join(notes)
    return answer
