"""SQL: a value computed by an SQLite-dialect expression over the row's columns (and parent columns)."""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa
from pydantic import AliasChoices, ConfigDict, Field

from synthdb.definition.model import Database, Entity
from synthdb.definition.model import Field as FieldModel
from synthdb.definition.suggest import did_you_mean
from synthdb.generators.base import ColumnContext, Generator, Lookup, ParamError, ParamsModel, ReferenceGenerator
from synthdb.generators.helpers.common import CALCULATED
from synthdb.generators.helpers.sql_rows import SqlError, compile_expression, expression_columns
from synthdb.generators.registry import REGISTRY, UnknownGenerator, register


class SqlParams(ParamsModel):
    """Parameters of SQL."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    sql: str = Field(validation_alias=AliasChoices("sql", "sql_expression", "expression"))



def _parent_entity(database: Database, entity: Entity, head: str) -> Entity | None:
    """The entity behind `head` in `head.column`: a Foreign Key field's parent, or an entity by name."""
    fld = _field(entity, head)
    if fld is not None:
        try:
            declares = issubclass(REGISTRY.resolve(fld.generator), ReferenceGenerator)
        except UnknownGenerator:
            return None
        parent = fld.params.get("primary_key_entity") if declares else None
        return database.entity(str(parent)) if parent else None
    return next((e for e in database.entities if e.name.lower() == head.lower()), None)


def _field(entity: Entity, name: str) -> FieldModel | None:
    # SQLite names are case-insensitive: an exact match first, then one ignoring case.
    return entity.field(name) or next((f for f in entity.fields if f.name.lower() == name.lower()), None)


def resolve_names(database: Database, entity: Entity, names: list[str]) -> list[str]:
    """The definition's spelling of each referenced column; ParamError('sql') naming an unknown one."""
    out: list[str] = []
    fields = [f.name for f in entity.fields]
    for name in names:
        fld = _field(entity, name)
        if fld is not None:
            out.append(fld.name)
            continue
        head, dot, tail = name.partition(".")
        parent = _parent_entity(database, entity, head) if dot else None
        if parent is None:
            hint = did_you_mean(name, fields)
            raise ParamError("sql", f"refers to column '{name}', which entity '{entity.name}' lacks{hint}")
        parent_field = _field(parent, tail)
        if parent_field is None:
            hint = did_you_mean(tail, [f.name for f in parent.fields])
            raise ParamError("sql", f"refers to '{name}', but entity '{parent.name}' has no field '{tail}'{hint}")
        via = _field(entity, head)
        out.append(f"{via.name if via is not None else parent.name}.{parent_field.name}")
    return out


@register
class Sql(Generator[SqlParams]):
    """The value of an SQL expression written in SQLite's dialect over the row's columns, e.g.
    `quantity * unit_price` or `UPPER(first_name) || ' ' || last_name`; `"customer_id.created_at"`
    reads a column of the parent row. Evaluated per batch on DuckDB (translated by sqlglot)."""

    display_name = "SQL"
    key = "sql"
    aliases = ("SQL Expression", "Formula")
    category = CALCULATED
    Params = SqlParams
    _names: list[str]
    _types: dict[str, pa.DataType]
    _type: pa.DataType = pa.string()
    _error: str | None = None

    def setup(self) -> None:
        try:
            written = expression_columns(self.params.sql)
        except SqlError as exc:
            raise ParamError("sql", str(exc)) from exc
        self._names = resolve_names(self.database, self.entity, written)
        if self.field.name in self._names:
            raise ParamError("sql", f"the expression reads its own column '{self.field.name}'")
        self._types = {}

    def dependencies(self) -> list[str]:
        return list(self._names)

    def link(self, column_type: Callable[[str, str], pa.DataType]) -> None:
        for name in self._names:
            if self.entity.field(name) is not None:
                self._types[name] = column_type(self.entity.name, name)
            else:
                head, _, tail = name.partition(".")
                parent = _parent_entity(self.database, self.entity, head)
                self._types[name] = column_type(parent.name if parent else head, tail)
        try:
            result = compile_expression(self.params.sql, self._types).arrow_type
        except SqlError as exc:
            self._error = str(exc)  # reported by check_sizes, where the planner maps it to this field
            return
        self._type = natural_type(result)

    def arrow_type(self) -> pa.DataType:
        return self._type

    def check_sizes(self, table_size: int, size_of: Callable[[str], int], lookup: Lookup) -> None:
        if self._error is not None:
            raise ParamError("sql", self._error)

    def generate(self, ctx: ColumnContext) -> pa.Array:
        columns = {name: ctx.columns[name] for name in self._names}
        try:
            expression = compile_expression(self.params.sql, {n: a.type for n, a in columns.items()})
            return expression.evaluate(columns, len(ctx.rows))
        except SqlError as exc:
            raise ParamError("sql", str(exc)) from exc


def natural_type(result: pa.DataType) -> pa.DataType:
    """DuckDB's result type, with SQLite's 64-bit integers and text for an always-NULL expression."""
    if pa.types.is_integer(result) and pa.types.is_signed_integer(result):
        return pa.int64()
    if pa.types.is_null(result):
        return pa.string()
    return result
