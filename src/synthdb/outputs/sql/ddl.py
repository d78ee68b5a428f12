"""CREATE TABLE and INSERT headers built as sqlglot expressions: types, NOT NULL, primary and foreign keys."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import sqlglot
from sqlglot import exp

from synthdb.outputs.job import OutputJob, TableOutput
from synthdb.outputs.sql.dialects import SqlDialect, source_dialect
from synthdb.outputs.sql.types import column_kind


def comment(text: str) -> str:
    """One `-- text` line; line breaks in names would otherwise end the comment and start SQL."""
    return "-- " + " ".join(text.splitlines()) + "\n"


def identifier(name: str) -> exp.Identifier:
    """A quoted identifier: names keep their exact spelling and may be reserved words."""
    return exp.to_identifier(name, quoted=True)


def table_ref(name: str) -> exp.Table:
    return exp.Table(this=identifier(name))


def table_of(table: TableOutput, dialect: SqlDialect | None = None) -> exp.Table:
    """Where `table` lives in `dialect`: `"schema"."table"` when it has a schema and the database has
    schemas, else its key as one quoted name (SQLite: `"sales.orders"`)."""
    if table.sql_schema and (dialect is None or dialect.schemas):
        return exp.Table(this=identifier(table.table_name), db=identifier(table.sql_schema))
    return table_ref(table.name)


def ref_key(ref: exp.Table) -> str:
    """The table key a reference written by `table_of` stands for."""
    return f"{ref.db}.{ref.name}" if ref.db else ref.name


def create_schema_statements(job: OutputJob, dialect: SqlDialect) -> list[str]:
    """`CREATE SCHEMA IF NOT EXISTS` (MySQL: `CREATE DATABASE`) for each schema the job's tables use."""
    return [s for s in (dialect.create_schema(name) for name in job.schemas) if s]


def column_list(table: TableOutput) -> list[exp.Identifier]:
    return [identifier(c.name) for c in table.columns]


def keyed_columns(table: TableOutput) -> set[str]:
    """Columns that take part in a key or index (MySQL and SQL Server need bounded types there)."""
    together = {name for names in table.unique_together for name in names}
    return {c.name for c in table.columns
            if c.primary_key or c.unique or c.index or c.references is not None} | together


# PostgreSQL truncates identifiers at 63 bytes, MySQL refuses more than 64: long index names are cut and
# keep a digest of the full name so two long names stay distinct.
_MAX_NAME = 60


def index_name(table: str, column: str) -> str:
    """`ix_<table>_<column>`, shortened with a digest when too long for PostgreSQL or MySQL."""
    name = f"ix_{table}_{column}"
    if len(name.encode()) <= _MAX_NAME:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return name.encode()[: _MAX_NAME - 9].decode(errors="ignore") + "_" + digest


def create_index_statements(table: TableOutput, dialect: SqlDialect, *, if_not_exists: bool = False) -> list[str]:
    """One `CREATE INDEX` per column the definition marks `index: true` (keys are indexed already)."""
    out = []
    for column in table.columns:
        if not column.index or column.primary_key or column.unique:
            continue
        index = exp.Index(this=identifier(index_name(table.name, column.name)), table=table_of(table, dialect),
                          params=exp.IndexParameters(columns=[exp.column(identifier(column.name))]))
        exists = if_not_exists and dialect.index_if_not_exists
        out.append(exp.Create(kind="INDEX", exists=exists, this=index).sql(dialect.sqlglot) + ";\n")
    return out


def foreign_keys(
    table: TableOutput, tables: Sequence[TableOutput], dialect: SqlDialect | None = None
) -> list[exp.ForeignKey]:
    """FOREIGN KEY clauses: one composite clause when columns cover a parent's composite key.

    A reference to a column that is neither the parent's whole primary key nor unique gets no
    constraint, since databases refuse foreign keys to columns without a unique index.
    """
    by_name = {t.name: t for t in tables}
    if dialect is not None and not dialect.cross_schema_keys:
        by_name = {n: t for n, t in by_name.items() if t.sql_schema == table.sql_schema}
    grouped: dict[str, list[tuple[str, str]]] = {}
    for column in table.columns:
        if column.references is not None and column.references[0] in by_name:
            grouped.setdefault(column.references[0], []).append((column.name, column.references[1]))
    clauses = []
    for parent_name, pairs in grouped.items():
        parent = by_name[parent_name]
        key = parent.primary_key
        # A composite reference may target the primary key or columns declared unique together.
        for candidate in [key, *parent.unique_together]:
            if len(candidate) > 1 and {p for _, p in pairs} >= set(candidate):
                key = candidate
                break
        if len(key) > 1:
            children_of: dict[str, list[str]] = {}
            for child, parent_column in pairs:
                children_of.setdefault(parent_column, []).append(child)
            # Exactly one column per part of the parent's composite key: one composite constraint.
            if all(len(children_of.get(k, [])) == 1 for k in key):
                clauses.append(_foreign_key([children_of[k][0] for k in key], table_of(parent, dialect), key))
                pairs = [(c, p) for c, p in pairs if p not in key]
        unique = {c.name for c in parent.columns if c.unique}
        for child, parent_column in pairs:
            if [parent_column] == key or parent_column in unique:
                clauses.append(_foreign_key([child], table_of(parent, dialect), [parent_column]))
    return clauses


def _is_self_reference(clause: exp.ForeignKey, table: TableOutput) -> bool:
    return ref_key(clause.args["reference"].this) == table.name


def _is_forward(clause: exp.ForeignKey, table: TableOutput, tables: Sequence[TableOutput]) -> bool:
    """True for a key to a table that comes later: a cycle the engine broke (filled in a second pass)."""
    order = {t.name: position for position, t in enumerate(tables)}
    parent = ref_key(clause.args["reference"].this)
    return parent in order and table.name in order and order[parent] > order[table.name]


def _defer(clause: exp.ForeignKey) -> exp.ForeignKey:
    clause.args["reference"].set("options", [exp.var("DEFERRABLE INITIALLY DEFERRED")])
    return clause


def inline_foreign_keys(table: TableOutput, tables: Sequence[TableOutput], dialect: SqlDialect) -> list[exp.ForeignKey]:
    """The FOREIGN KEY clauses that go inside CREATE TABLE.

    A self-reference (employees.manager_id -> employees.id) may point at a row inserted later, so
    it is checked at COMMIT where the database can defer it (PostgreSQL, SQLite), added by ALTER
    TABLE after the rows where it cannot (MySQL, SQL Server, see `late_foreign_keys`), and left
    out in DuckDB, which can do neither. A key to a table created later (a cycle between tables)
    cannot be declared before that table exists, except in SQLite, which resolves names lazily: it
    is deferred there, and added by ALTER TABLE elsewhere (see `forward_foreign_keys`).
    """
    clauses = []
    for clause in foreign_keys(table, tables, dialect):
        if _is_self_reference(clause, table):
            if dialect.self_references != "deferred":
                continue
            _defer(clause)
        elif _is_forward(clause, table, tables):
            if dialect.forward_references != "deferred":
                continue
            _defer(clause)
        clauses.append(clause)
    return clauses


def _alter_add(table: TableOutput, clause: exp.ForeignKey, dialect: SqlDialect) -> str:
    action = exp.AddConstraint(expressions=[clause])
    statement = exp.Alter(this=table_of(table, dialect), kind="TABLE", actions=[action])
    return str(statement.sql(dialect.sqlglot)) + ";\n"


def forward_foreign_keys(
    job: OutputJob, dialect: SqlDialect, *, only: set[str] | None = None, deferrable: bool = False
) -> list[str]:
    """`ALTER TABLE ... ADD FOREIGN KEY` for keys to tables created later (cycles), once all tables exist.

    None in SQLite (declared inline) and DuckDB (which cannot add a foreign key to an existing
    table). `deferrable` (PostgreSQL) checks them at COMMIT, so rows may arrive in any order.
    """
    if dialect.forward_references != "alter":
        return []
    statements = []
    for table in job.tables:
        if only is not None and table.name not in only:
            continue
        for clause in foreign_keys(table, job.tables, dialect):
            if _is_forward(clause, table, job.tables):
                statements.append(_alter_add(table, _defer(clause) if deferrable else clause, dialect))
    return statements


def late_foreign_keys(
    job: OutputJob, dialect: SqlDialect, *, only: set[str] | None = None, deferrable: bool = False
) -> list[str]:
    """`ALTER TABLE ... ADD FOREIGN KEY` statements for self-references and cycles, once every table exists.

    `deferrable` (PostgreSQL) declares the cycle keys DEFERRABLE INITIALLY DEFERRED, checked at COMMIT.
    """
    statements = []
    if dialect.self_references == "after":
        for table in job.tables:
            if only is not None and table.name not in only:
                continue
            for clause in foreign_keys(table, job.tables, dialect):
                if _is_self_reference(clause, table):
                    statements.append(_alter_add(table, clause, dialect))
    return statements + forward_foreign_keys(job, dialect, only=only, deferrable=deferrable)


def _foreign_key(columns: list[str], parent: exp.Table, parent_columns: list[str]) -> exp.ForeignKey:
    # The referenced columns sit on the Reference itself, which keeps them on one line when pretty-printed.
    reference = exp.Reference(this=parent, expressions=[identifier(c) for c in parent_columns])
    return exp.ForeignKey(expressions=[identifier(c) for c in columns], reference=reference)


def _portable_time(node: exp.Expression) -> exp.Expression:
    # SQLite's datetime('...') / date('...') of a literal are casts everywhere else (PostgreSQL has no
    # datetime(); sqlglot passes it through unchanged).
    if isinstance(node, exp.Anonymous) and str(node.this).lower() == "datetime" and len(node.expressions) == 1:
        return exp.cast(node.expressions[0].copy(), exp.DataType.build("TIMESTAMP"))
    if isinstance(node, exp.Date) and node.this is not None and not node.expressions:
        return exp.cast(node.this.copy(), exp.DataType.build("DATE"))
    return node


def check_constraint(name: str | None, sql: str, dialect: SqlDialect) -> exp.Expression:
    """`[CONSTRAINT name] CHECK (expr)`: the definition's SQLite-dialect expression, its columns quoted so
    every dialect reads the names as written."""
    tree = sqlglot.parse_one(sql, read="sqlite")
    for column in tree.find_all(exp.Column):
        column.set("this", identifier(column.name))
    if dialect.sqlglot != "sqlite":
        tree = tree.transform(_portable_time)
    check = exp.CheckColumnConstraint(this=tree)
    return exp.Constraint(this=identifier(name), expressions=[check]) if name else check


def create_table(
    table: TableOutput, job: OutputJob, dialect: SqlDialect, *, if_not_exists: bool = False
) -> exp.Create:
    """The CREATE TABLE expression of `table` in `dialect` (FKs only to tables of `job`)."""
    source = source_dialect(job.platform)
    keyed = keyed_columns(table)
    items: list[exp.Expression] = []
    for column in table.columns:
        constraints = []
        if not column.nullable or column.primary_key:
            constraints.append(exp.ColumnConstraint(kind=exp.NotNullColumnConstraint()))
        if column.unique and not (column.primary_key and len(table.primary_key) == 1):
            constraints.append(exp.ColumnConstraint(kind=exp.UniqueColumnConstraint()))
        kind = column_kind(column, dialect, source, column.name in keyed)
        items.append(exp.ColumnDef(this=identifier(column.name), kind=kind, constraints=constraints))
    if table.primary_key:
        items.append(exp.PrimaryKey(expressions=[identifier(c) for c in table.primary_key]))
    for together in table.unique_together:
        items.append(exp.UniqueColumnConstraint(this=exp.Schema(expressions=[identifier(c) for c in together])))
    items.extend(check_constraint(name, sql, dialect) for name, sql in table.checks)
    items.extend(inline_foreign_keys(table, job.tables, dialect))
    return exp.Create(
        kind="TABLE",
        exists=if_not_exists,
        this=exp.Schema(this=table_of(table, dialect), expressions=items),
        properties=dialect.table_properties(),
    )


def create_table_sql(
    table: TableOutput, job: OutputJob, dialect: SqlDialect, *, if_not_exists: bool = False
) -> str:
    """CREATE TABLE text, pretty-printed, ending with a semicolon."""
    statement = create_table(table, job, dialect, if_not_exists=if_not_exists)
    return statement.sql(dialect.sqlglot, pretty=True) + ";\n"


def create_table_statements(
    table: TableOutput, job: OutputJob, dialect: SqlDialect, *, if_not_exists: bool = False
) -> list[str]:
    """CREATE TABLE then its CREATE INDEX statements, one string each (drivers run one at a time)."""
    return [create_table_sql(table, job, dialect, if_not_exists=if_not_exists),
            *create_index_statements(table, dialect, if_not_exists=if_not_exists)]


def insert_header(table: TableOutput, dialect: SqlDialect) -> str:
    """`INSERT INTO "t" ("a", "b")`, to be followed by VALUES."""
    statement = exp.Insert(this=exp.Schema(this=table_of(table, dialect), expressions=column_list(table)))
    return statement.sql(dialect.sqlglot)


def insert_placeholders(table: TableOutput, dialect: SqlDialect) -> str:
    """`INSERT INTO "t" ("a", "b") VALUES (?, ?)` for a DB-API executemany (qmark style)."""
    row = exp.Tuple(expressions=[exp.Placeholder() for _ in table.columns])
    statement = exp.Insert(
        this=exp.Schema(this=table_of(table, dialect), expressions=column_list(table)),
        expression=exp.Values(expressions=[row]),
    )
    return statement.sql(dialect.sqlglot)


def begin(dialect: SqlDialect) -> str:
    return exp.Transaction().sql(dialect.sqlglot) + ";\n"


def commit(dialect: SqlDialect) -> str:
    return exp.Commit().sql(dialect.sqlglot) + ";\n"


def preamble(dialect: SqlDialect) -> str:
    return "".join(line + "\n" for line in dialect.preamble)


def create_view_sql(name: str, query: str, dialect: SqlDialect, *, replace: bool = False) -> str:
    """`CREATE VIEW name AS <query>`, the query written in SQLite's dialect (as Fabricate's) translated."""
    select = sqlglot.transpile(query, read="sqlite", write=dialect.sqlglot)[0]
    head = "CREATE OR REPLACE VIEW" if replace else "CREATE VIEW"
    return f"{head} {table_ref(name).sql(dialect.sqlglot)} AS {select};\n"
