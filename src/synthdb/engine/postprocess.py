"""postprocessing_sql: an SQLite expression over the row whose value replaces the column's generated value."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa

from synthdb.definition.model import Field
from synthdb.engine.plan import ColumnPlan, Plan, TablePlan
from synthdb.errors import DefinitionError
from synthdb.generators.base import ColumnContext, ParamError

# The SQL modules import sqlglot and duckdb (about 0.3 s): they are imported inside the functions below, once a
# field has postprocessing_sql, so that definitions without any don't pay for them.
if TYPE_CHECKING:
    from synthdb.engine.produce import Producer


def postprocessing_sql(field: Field) -> str | None:
    """The field's postprocessing_sql, or None when absent or blank (Fabricate exports send "")."""
    text = field.postprocessing_sql
    return text if text is not None and text.strip() else None


def _names(column: ColumnPlan, text: str) -> list[str]:
    from synthdb.generators.catalog.relational.sql_expression import resolve_names
    from synthdb.generators.helpers.sql_rows import SqlError, expression_columns

    path = f"{column.path}.postprocessing_sql"
    try:
        written = expression_columns(text)
    except SqlError as exc:
        raise DefinitionError(path, str(exc)) from exc
    try:
        return resolve_names(column.generator.database, column.generator.entity, written)
    except ParamError as exc:
        raise DefinitionError(path, str(exc)) from exc


def referenced_by_postprocessing(column: ColumnPlan) -> list[str]:
    """Other columns (same row, or `fk.parent_column`) the column's postprocessing_sql reads.

    They are built before the column; the column itself may be read too (its generated value).
    """
    text = postprocessing_sql(column.field)
    if text is None:
        return []
    return [name for name in _names(column, text) if name != column.name]


def _table_of(plan: Plan, column: ColumnPlan) -> TablePlan:
    return next(t for t in plan.tables.values() if t.columns.get(column.name) is column)


def _input_type(tables: dict[str, TablePlan], table: TablePlan, name: str) -> pa.DataType:
    if name in table.columns:
        return table.columns[name].arrow_type
    link = table.related[name]
    return tables[link.table].columns[link.column].arrow_type


def check_postprocessing(tables: dict[str, TablePlan]) -> None:
    """Compile every postprocessing_sql over its inputs' types (once column types are settled), so a type
    error or an unknown function is reported when the definition is validated, not when a task runs."""
    for table in tables.values():
        for column in table.columns.values():
            text = postprocessing_sql(column.field)
            if text is None:
                continue
            from synthdb.generators.helpers.sql_rows import SqlError, compile_expression

            path = f"{column.path}.postprocessing_sql"
            types = {name: _input_type(tables, table, name) for name in _names(column, text)}
            try:
                result = compile_expression(text, types).arrow_type
            except SqlError as exc:
                raise DefinitionError(path, str(exc)) from exc
            _cast_result(pa.array([], result), column, path)


def _cast_result(result: pa.Array, column: ColumnPlan, path: str) -> pa.Array:
    if result.type == column.arrow_type:
        return result
    try:
        return result.cast(column.arrow_type, safe=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise DefinitionError(path, f"the result ({result.type}) cannot be stored in '{column.name}' "
                              f"({column.arrow_type}): {exc}") from exc


def apply_postprocessing(producer: Producer, column: ColumnPlan, ctx: ColumnContext, values: pa.Array) -> pa.Array:
    """The column's values after its postprocessing_sql (unchanged without one), cast to the column's type."""
    text = postprocessing_sql(column.field)
    if text is None:
        return values
    from synthdb.generators.helpers.sql_rows import SqlError, compile_expression

    path = f"{column.path}.postprocessing_sql"
    table = _table_of(producer.plan, column)
    inputs: dict[str, pa.Array] = {}
    missing: set[str] = set()
    for name in _names(column, text):
        link = table.related.get(name)
        if name == column.name:
            inputs[name] = values
        elif name in ctx.columns:
            inputs[name] = ctx.columns[name]
        elif link is not None and link.via in ctx.parent_rows:
            inputs[name] = producer.lookup(link.table, link.column, ctx.parent_rows[link.via])
        elif link is None:
            missing.add(name)  # not built in a partial computation (a lookup of this column alone)
        else:
            raise DefinitionError(path, f"'{name}' is not available when '{column.name}' is looked up alone")
    if missing:
        inputs.update(producer.columns(table, ctx.rows, only=missing))
    try:
        result = compile_expression(text, {n: a.type for n, a in inputs.items()}).evaluate(inputs, len(ctx.rows))
    except SqlError as exc:
        raise DefinitionError(path, str(exc)) from exc
    return _cast_result(result, column, path)
