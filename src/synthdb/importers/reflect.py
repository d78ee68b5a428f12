"""Read the schema of a live database: SQLAlchemy's inspector (PostgreSQL, MySQL/MariaDB, SQLite), DuckDB natively."""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import sqlglot
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import URL, Engine
from sqlglot import exp

from synthdb.errors import UsageError
from synthdb.importers.schema import Column, ForeignKey, Schema, Table, type_text
from synthdb.outputs.sql.dialects import dialect_for
from synthdb.targets.hosts import HostRefused
from synthdb.targets.spec import CANNOT_CONNECT, ConnectionSpec
from synthdb.targets.urls import scheme_of, scrub

log = logging.getLogger(__name__)

# URL scheme -> SQLAlchemy driver; the scheme names the platform, whose dialect reads the types.
DRIVERS = {
    "postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg",
    "mysql": "mysql+pymysql", "mariadb": "mysql+pymysql",
    "sqlite": "sqlite",
}


@contextlib.contextmanager
def open_engine(url: URL) -> Iterator[tuple[Engine, str]]:
    """A SQLAlchemy engine for `url` with the driver synthdb ships, and the source's sqlglot dialect."""
    scheme = scheme_of(url)
    if scheme not in DRIVERS:
        raise UsageError(f"cannot import from '{scheme}' URLs (schemes: {', '.join(sorted(DRIVERS))}, duckdb)")
    driver, dialect = DRIVERS[scheme], dialect_for(scheme).sqlglot
    engine = create_engine(url.set(drivername=driver))
    try:
        yield engine, dialect
    finally:
        engine.dispose()


def _spec_connector(spec: ConnectionSpec) -> tuple[str, str, Callable[[], Any]]:
    """(SQLAlchemy driver, sqlglot dialect, connect function) for a spec: the target's own driver keywords."""
    driver = DRIVERS.get(spec.scheme)
    if driver == "postgresql+psycopg":
        import psycopg

        from synthdb.targets.postgresql import connect_kwargs

        # Called at every connect, so the host is checked (and resolved) again right before it.
        return driver, dialect_for(spec.scheme).sqlglot, lambda: psycopg.connect(**connect_kwargs(spec))
    if driver == "mysql+pymysql":
        from synthdb.targets.mysql import open_connection

        return driver, dialect_for(spec.scheme).sqlglot, lambda: open_connection(spec)
    raise UsageError(f"cannot import from '{spec.scheme}' connections (platforms: postgres, mysql, mariadb)")


@contextlib.contextmanager
def open_spec_engine(spec: ConnectionSpec) -> Iterator[tuple[Engine, str]]:
    """Like `open_engine`, from a typed spec: the driver gets keywords through `creator`, never a spliced URL."""
    driver, dialect, connect = _spec_connector(spec)
    engine = create_engine(URL.create(driver), creator=connect)
    try:
        yield engine, dialect
    finally:
        engine.dispose()


def _connect_failed(spec: ConnectionSpec, exc: BaseException) -> UsageError:
    """One text for every failure to reach an untrusted target (no port or name oracle); details to the log."""
    cause: BaseException | None = exc
    while cause is not None:  # SQLAlchemy may wrap what the connect function raised
        if isinstance(cause, HostRefused):
            return HostRefused(str(cause))
        cause = cause.__cause__ or getattr(cause, "orig", None)
    first = scrub((str(exc) or type(exc).__name__).splitlines()[0], spec.secrets())
    if spec.trusted:
        return UsageError(f"cannot read the schema: {first}")
    log.warning("%s", f"schema import from {spec.label()} could not connect: {first}")
    return UsageError(CANNOT_CONNECT)


def reflect_spec(spec: ConnectionSpec, name: str | None = None) -> Schema:
    """`reflect` for a PostgreSQL or MySQL/MariaDB spec, through the same host policy and keywords as a push."""
    with open_spec_engine(spec) as (engine, dialect):
        try:
            engine.connect().close()  # pooled: reflection reuses this connection
        except Exception as exc:
            raise _connect_failed(spec, exc) from None
        try:
            return _reflect(engine, dialect, name or spec.database or "imported")
        except Exception as exc:  # after connecting: a permission or a server error, without secrets
            message = scrub((str(exc) or type(exc).__name__).splitlines()[0], spec.secrets())
            raise UsageError(f"cannot read the schema: {message}") from None


def _parse_type(text: str, dialect: str) -> exp.DataType | None:
    try:
        kind = exp.DataType.build(text, dialect=dialect)
    except (sqlglot.errors.ParseError, sqlglot.errors.TokenError, ValueError):
        return None
    return kind


def _column(info: dict[str, Any], engine: Engine, dialect: str) -> Column:
    sa_type = info["type"]
    try:
        text = sa_type.compile(dialect=engine.dialect)
    except Exception:  # a type SQLAlchemy reflects but cannot print
        text = str(sa_type)
    enums = list(getattr(sa_type, "enums", []) or []) or None
    kind = _parse_type(text, dialect)
    data_type = type_text(kind, dialect) if kind is not None and kind.this != exp.DataType.Type.USERDEFINED else text
    if enums and dialect == "postgres":
        data_type = getattr(sa_type, "name", None) or data_type  # a CREATE TYPE ... AS ENUM: its name
    default = info.get("default")
    autoincrement = info.get("autoincrement") is True or "nextval(" in str(default or "") or bool(info.get("identity"))
    column = Column(info["name"], data_type, kind, nullable=bool(info.get("nullable", True)),
                    default=None if default is None else str(default), autoincrement=autoincrement,
                    enum_values=[str(v) for v in enums] if enums else None, computed=bool(info.get("computed")))
    return column


def reflect(url: URL, name: str | None = None, schemas: list[str] | None = None) -> Schema:
    """Tables, columns, keys, unique and check constraints of the database at `url` (of `schemas`, else all)."""
    if scheme_of(url) == "duckdb":
        found = reflect_duckdb(url, name)
        found.finish(schemas)
        return found
    try:
        with open_engine(url) as (engine, dialect):
            return _reflect(engine, dialect, name or url.database or "imported", schemas)
    except UsageError:
        raise
    except Exception as exc:  # driver errors: connection refused, access denied ...
        raise UsageError(f"cannot read the schema: {scrub(str(exc).splitlines()[0], [url.password])}") from None


# Schemas of the database's own catalog, never imported.
SYSTEM_SCHEMAS = {"information_schema", "pg_catalog", "pg_toast"}


def _namespaces(inspector: Any, dialect: str, wanted: list[str] | None) -> list[str | None]:
    """The schemas to read: every non-system schema on PostgreSQL; on MySQL/MariaDB, where a schema is a
    database, the connection's own unless `--schema` names others (every database a server holds would
    be a surprise); elsewhere the connection's own."""
    default = inspector.default_schema_name
    if dialect == "mysql":
        if not wanted:
            return [None]
        known = {str(n).lower(): str(n) for n in inspector.get_schema_names()}
        missing = [w for w in wanted if w.lower() not in known]
        if missing:
            from synthdb.errors import UsageError

            raise UsageError(f"no database {', '.join(missing)} on this server (databases found: "
                             f"{', '.join(sorted(n for n in known.values() if n.lower() not in SYSTEM_SCHEMAS))})")
        return [None if known[w.lower()] == default else known[w.lower()] for w in dict.fromkeys(wanted)]
    if dialect != "postgres":
        return [None]
    names = [str(n) for n in inspector.get_schema_names()]
    return [None] + [n for n in names if n != default and n not in SYSTEM_SCHEMAS and not n.startswith("pg_")]


def _reflect(engine: Engine, dialect: str, name: str, schemas: list[str] | None = None) -> Schema:
    schema = Schema(name=str(name).rsplit("/", 1)[-1].removesuffix(".db") or "imported", dialect=dialect)
    # SQLAlchemy warns about types and indexes it cannot represent; one line in the notes says so.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        inspector = inspect(engine)
        namespaces = _namespaces(inspector, dialect, schemas)
        for namespace in namespaces:
            _reflect_namespace(inspector, engine, dialect, schema, namespace)
    if caught:
        first = str(caught[0].message).splitlines()[0]
        schema.notes.append(f"{len(caught)} warning(s) from SQLAlchemy while reading the schema (first: {first})")
    if dialect == "mysql":
        for namespace in namespaces:
            for table_name, clause in _mysql_checks(engine, namespace):
                table = schema.tables.get(schema.key(namespace, table_name))
                if table is not None:
                    _add_check(table, clause, dialect, schema)
        # The databases asked for are the ones read (the connection's own under its plain names).
        schemas = None
    schema.finish(schemas)
    return schema


def _reflect_namespace(inspector: Any, engine: Engine, dialect: str, schema: Schema, namespace: str | None) -> None:
    """The tables of one schema (None: the connection's default one)."""
    for table_name in inspector.get_table_names(schema=namespace):
        table = Table(table_name, schema=namespace)
        schema.tables[schema.key(namespace, table_name)] = table
        for info in inspector.get_columns(table_name, schema=namespace):
            column = _column(dict(info), engine, dialect)
            table.columns[column.name] = column
        pk = inspector.get_pk_constraint(table_name, schema=namespace)
        table.primary_key = list(pk.get("constrained_columns") or [])
        for fk in inspector.get_foreign_keys(table_name, schema=namespace):
            # SQLAlchemy names the parent's schema when it is not the default one (and, reading another
            # MySQL database, when it is): the default one's tables have plain keys.
            referred = fk.get("referred_schema")
            parent = schema.key(None if referred == inspector.default_schema_name else referred, fk["referred_table"])
            table.foreign_keys.append(ForeignKey(list(fk["constrained_columns"]), parent,
                                                 list(fk["referred_columns"])))
        table.unique += [list(u["column_names"])
                         for u in inspector.get_unique_constraints(table_name, schema=namespace)]
        # SQLite keeps inline UNIQUE constraints only as automatic indexes.
        extra: dict[str, Any] = {"include_auto_indexes": True} if dialect == "sqlite" else {}
        table.unique += [[str(c) for c in i["column_names"]]
                         for i in inspector.get_indexes(table_name, schema=namespace, **extra)
                         if i.get("unique") and all(c is not None for c in i["column_names"])]
        if dialect != "mysql":
            with contextlib.suppress(NotImplementedError):
                for check in inspector.get_check_constraints(table_name, schema=namespace):
                    _add_check(table, check["sqltext"], dialect, schema)
        for key in table.primary_key:
            if key in table.columns:
                table.columns[key].nullable = False


def _mysql_checks(engine: Engine, database: str | None = None) -> list[tuple[str, str]]:
    """(table, CHECK clause) of `database` (None: the connection's) from information_schema: SQLAlchemy
    misses MariaDB's column-level CHECKs."""
    from sqlalchemy import text

    where = "DATABASE()" if database is None else ":database"
    bound = {} if database is None else {"database": database}
    with engine.connect() as connection:
        try:  # MariaDB names the table in CHECK_CONSTRAINTS
            rows = connection.execute(text(
                "SELECT TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
                f"WHERE CONSTRAINT_SCHEMA = {where}"), bound).fetchall()
        except Exception:  # MySQL 8: constraint names are unique per schema
            connection.rollback()
            rows = connection.execute(text(
                "SELECT tc.TABLE_NAME, cc.CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS cc "
                "JOIN information_schema.TABLE_CONSTRAINTS tc ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA "
                "AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME "
                f"WHERE tc.CONSTRAINT_TYPE = 'CHECK' AND cc.CONSTRAINT_SCHEMA = {where}"), bound).fetchall()
    return [(str(table), str(clause)) for table, clause in rows]


def _add_check(table: Table, text: str, dialect: str, schema: Schema) -> None:
    try:
        condition: exp.Expression = sqlglot.parse_one(text, read=dialect)  # type: ignore[assignment]
    except (sqlglot.errors.ParseError, sqlglot.errors.TokenError):
        schema.notes.append(f"{table.name}: CHECK {text} could not be read")
        return
    mentioned = {c.name for c in condition.find_all(exp.Column)}
    if len(mentioned) == 1 and next(iter(mentioned)) in table.columns:
        table.columns[next(iter(mentioned))].checks.append(condition)
    else:
        table.checks.append(condition)


def reflect_duckdb(url: URL, name: str | None = None) -> Schema:
    """DuckDB's own catalog functions (no SQLAlchemy dialect is needed)."""
    import duckdb

    from synthdb.targets.sqlite import database_path

    path = database_path(url, "duckdb")
    if not path.exists():
        raise UsageError(f"no DuckDB database at {path}")
    conn = duckdb.connect(str(path), read_only=True)
    try:
        schema = Schema(name=name or path.stem, dialect="duckdb")
        columns = conn.execute(
            "SELECT table_name, column_name, data_type, is_nullable, column_default FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name = current_schema() "
            "ORDER BY table_oid, column_index").fetchall()
        for table_name, column_name, data_type, nullable, default in columns:
            table = schema.tables.setdefault(table_name, Table(table_name))
            kind = _parse_type(data_type, "duckdb")
            table.columns[column_name] = Column(column_name, type_text(kind, "duckdb") if kind else data_type, kind,
                                                nullable=bool(nullable), default=default)
        constraints = conn.execute(
            "SELECT table_name, constraint_type, constraint_column_names, referenced_table, referenced_column_names, "
            "expression FROM duckdb_constraints() WHERE database_name = current_database() "
            "AND schema_name = current_schema()").fetchall()
        for table_name, kind_name, names, parent, parent_columns, expression in constraints:
            table = schema.tables[table_name]
            if kind_name == "PRIMARY KEY":
                table.primary_key = list(names)
            elif kind_name == "UNIQUE":
                table.unique.append(list(names))
            elif kind_name == "FOREIGN KEY":
                table.foreign_keys.append(ForeignKey(list(names), parent, list(parent_columns)))
            elif kind_name == "CHECK" and expression:
                _add_check(table, expression, "duckdb", schema)
        for table in schema.tables.values():
            for key in table.primary_key:
                table.columns[key].nullable = False
        return schema
    finally:
        conn.close()
