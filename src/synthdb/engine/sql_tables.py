"""SQL tables (`view: true` + `sql`): SQLite queries over the generated tables, run afterwards on DuckDB."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from synthdb import sql_sandbox as sandbox
from synthdb.datatypes import arrow_type_for
from synthdb.definition.model import Entity
from synthdb.engine.ordering import CycleError, dependency_order
from synthdb.engine.parallel import BatchSource
from synthdb.engine.plan import Plan
from synthdb.engine.produce import table_schema
from synthdb.errors import DefinitionError
from synthdb.generators.helpers.sql_rows import SQLITE_SETTINGS, configure, duckdb_error

if TYPE_CHECKING:
    from sqlglot import exp

# sqlglot (0.1-0.2 s to import) is imported by the functions that plan and name SQL tables, not here: every
# run builds this phase, and one without SQL tables never uses it.

# One thread: float sums and the order of equal sort keys must not depend on scheduling.
THREADS = 1
# DuckDB spills sorts, joins and aggregates beyond this to files in the run's temporary directory.
MEMORY_LIMIT = "1GB"
_LOAD = "__synthdb_load"


def _q(name: str) -> str:
    from sqlglot import exp

    from synthdb.generators.helpers.sql_eval import WRITE

    return exp.to_identifier(name, quoted=True).sql(WRITE)


@dataclass
class SqlTable:
    """A planned SQL table: the tables it reads, its DuckDB query (deterministically ordered), its schema."""

    entity: Entity
    path: str
    reads: list[str]
    query: str
    schema: pa.Schema
    declared: dict[str, str | None] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.entity.name


def _create_empty(con: duckdb.DuckDBPyConnection, name: str, schema: pa.Schema) -> None:
    con.register(_LOAD, schema.empty_table())
    try:
        con.execute(f"CREATE OR REPLACE TABLE {_q(name)} AS SELECT * FROM {_q(_LOAD)}")
    finally:
        con.unregister(_LOAD)


def _ordered(tree: exp.Query, width: int) -> exp.Query:
    from sqlglot import exp

    # Ties of the query's ORDER BY (or no ORDER BY at all) are broken by every output column, in order.
    return tree.order_by(*[exp.Literal.number(i) for i in range(1, width + 1)], copy=False)


def _rename_outputs(tree: exp.Query, names: list[str]) -> None:
    from sqlglot import exp

    # sqlglot's qualification names computed columns `_col_0`; keep the names DuckDB gives the query.
    node: exp.Expr = tree
    while isinstance(node, exp.SetOperation | exp.Subquery):
        node = node.left if isinstance(node, exp.SetOperation) else node.this
    if isinstance(node, exp.Select) and len(node.expressions) == len(names):
        for projection, name in zip(list(node.expressions), names, strict=True):
            projection.replace(exp.alias_(projection.unalias(), name, quoted=True))


def _plan_one(con: duckdb.DuckDBPyConnection, entity: Entity, path: str, reads: list[str],
              schemas: dict[str, pa.Schema]) -> SqlTable:
    from sqlglot import exp

    from synthdb.engine.sql_checks import sql_query
    from synthdb.generators.helpers.sql_eval import WRITE, output_names, sql_type, sqlite_semantics

    tree = sql_query(entity, path)
    for name in reads:
        _create_empty(con, name, schemas[name])
    try:
        names = output_names(tree, entity.sql or "", con.sql(tree.sql(WRITE)).columns)
        typed = sqlite_semantics(tree, {n: {f.name: sql_type(f.type) for f in schemas[n]} for n in reads})
        assert isinstance(typed, exp.Query)
        _rename_outputs(typed, names)
        query = _ordered(typed, len(names)).sql(WRITE)
        relation = con.sql(query)
        empty, types = relation.limit(0).to_arrow_table(), relation.types
    except duckdb.Error as exc:
        raise DefinitionError(f"{path}.sql", duckdb_error(exc)) from exc
    declared: dict[str, str | None] = {f.name: f.data_type for f in entity.fields if f.data_type}
    try:
        schema = _cast(empty, types, declared).schema
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise DefinitionError(f"{path}.fields", f"a declared data_type does not fit the query: {exc}") from exc
    return SqlTable(entity, path, reads, query, schema, declared)


def _cast(table: pa.Table, types: Sequence[object], declared: Mapping[str, str | None]) -> pa.Table:
    """SQLite's 64-bit integers where DuckDB widens sums to HUGEINT; declared data types where given."""
    columns = []
    for name, column, kind in zip(table.column_names, table.columns, types, strict=True):
        target = arrow_type_for(declared.get(name))
        if target is None and str(kind) in ("HUGEINT", "UHUGEINT"):
            target = pa.int64()
        columns.append(column.cast(target, safe=False) if target is not None and column.type != target else column)
    return pa.Table.from_arrays(columns, names=table.column_names)


def plan_sql_tables(plan: Plan, only: str | None = None) -> dict[str, SqlTable]:
    """Every SQL table of the definition (or `only` and those it reads), in the order they can be computed.

    The query runs once over empty tables, so its errors and its schema are known before any row is made.
    """
    from synthdb.engine.sql_checks import tables_read

    database = plan.database
    views = {e.name: (i, e) for i, e in enumerate(database.entities) if e.view}
    reads = {name: tables_read(database, e, f"entities[{i}]") for name, (i, e) in views.items()}
    try:
        order = dependency_order(list(views), {n: [r for r in rs if r in views] for n, rs in reads.items()})
    except CycleError as exc:
        raise DefinitionError("entities", f"SQL tables read each other in a cycle: {exc}") from exc
    if only is not None:
        wanted, stack = set(), [only]
        while stack:
            name = stack.pop()
            if name in views and name not in wanted:
                wanted.add(name)
                stack += reads[name]
        order = [n for n in order if n in wanted]
    schemas = {name: table_schema(t) for name, t in plan.tables.items()}
    planned: dict[str, SqlTable] = {}
    con = configure(sandbox.connect(threads=THREADS, memory_limit=MEMORY_LIMIT, settings=SQLITE_SETTINGS))
    try:
        for name in order:
            index, entity = views[name]
            planned[name] = _plan_one(con, entity, f"entities[{index}]", reads[name], schemas)
            schemas[name] = planned[name].schema
    finally:
        con.close()
    return planned


def _conform(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    if batch.schema.equals(schema):
        return batch
    columns = [c if c.type == f.type else c.cast(f.type, safe=False)
               for c, f in zip(batch.columns, schema, strict=True)]
    return pa.RecordBatch.from_arrays(columns, schema=schema)


class SqlTablePhase:
    """Computes SQL tables on a disk-backed DuckDB database in a temporary directory.

    The generated tables a query reads are streamed in from `source` (their exported columns, row
    order kept); each SQL table is stored by `CREATE TABLE ... AS <query>` and streamed back in the
    query's deterministic order. Memory stays within DuckDB's limit; the rest spills to the directory.
    """

    def __init__(self, plan: Plan, sql_tables: dict[str, SqlTable], source: BatchSource) -> None:
        self.plan = plan
        self.sql_tables = sql_tables
        self.source = source
        self.row_counts: dict[str, int] = {}
        self._loaded: set[str] = set()
        self._directory: Path | None = None
        self._con: duckdb.DuckDBPyConnection | None = None

    def __enter__(self) -> SqlTablePhase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Drop the DuckDB database and its temporary directory."""
        if self._con is not None:
            self._con.close()
            self._con = None
        if self._directory is not None:
            shutil.rmtree(self._directory, ignore_errors=True)
            self._directory = None

    def _connection(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self._directory = Path(tempfile.mkdtemp(prefix="synthdb-sql-"))
            # The sandbox may open and spill to this directory only: it is ours, made for this run.
            self._con = configure(sandbox.connect(
                self._directory / "sql_tables.duckdb", threads=THREADS, memory_limit=MEMORY_LIMIT,
                temp_directory=self._directory / "spill", settings=SQLITE_SETTINGS))
        return self._con

    def _load(self, name: str) -> None:
        table = self.plan.tables[name]
        schema = table_schema(table)
        reader = pa.RecordBatchReader.from_batches(schema, self.source.batches(name))
        con = self._connection()
        con.register(_LOAD, reader)
        try:
            con.execute(f"CREATE TABLE {_q(name)} AS SELECT * FROM {_q(_LOAD)}")
        finally:
            con.unregister(_LOAD)

    def materialise(self, names: Iterable[str]) -> None:
        """Compute these SQL tables (and what they read), each once."""
        for name in names:
            if name in self._loaded:
                continue
            sql_table = self.sql_tables[name]
            for read in sql_table.reads:
                if read in self.sql_tables:
                    self.materialise([read])
                elif read not in self._loaded:
                    self._load(read)
                    self._loaded.add(read)
            con = self._connection()
            try:
                con.execute(f"CREATE TABLE {_q(name)} AS {sql_table.query}")
                count = con.execute(f"SELECT count(*) FROM {_q(name)}").fetchall()
            except duckdb.Error as exc:
                raise DefinitionError(f"{sql_table.path}.sql", duckdb_error(exc)) from exc
            self.row_counts[name] = int(count[0][0])
            self._loaded.add(name)

    def batches(self, name: str, batch_size: int) -> Iterator[pa.RecordBatch]:
        """The SQL table's rows in batches of up to `batch_size`, always in the same order."""
        self.materialise([name])
        schema = self.sql_tables[name].schema
        # A cursor of its own, so a writer may stream two tables at once.
        cursor = self._connection().cursor()
        try:
            # A plain scan on one thread returns rows in insertion order: the query's ORDER BY.
            for batch in cursor.sql(f"SELECT * FROM {_q(name)}").to_arrow_reader(batch_size):
                yield _conform(batch, schema)
        finally:
            cursor.close()
