"""The static check of user SQL: one SELECT (or one expression), only the definition's own tables, no table
functions but bounded range/generate_series, no function that reads the server or changes between runs."""

from __future__ import annotations

from sqlglot import exp

# Anything that is not a query: DDL, DML, ATTACH, COPY, SET, PRAGMA, INSTALL, LOAD (parsed as a Command), ...
_STATEMENTS: tuple[type[exp.Expr], ...] = tuple(
    getattr(exp, name) for name in (
        "Block", "Command", "DDL", "DML", "Set", "Pragma", "Attach", "Detach", "Describe", "Use", "Transaction",
        "Commit", "Rollback", "Alter", "Install", "Drop", "Export", "Analyze", "Show", "Kill", "Grant", "Revoke",
        "Refresh", "Cache", "Uncache", "Summarize", "TruncateTable", "Comment", "Declare", "Execute", "Into",
    ) if hasattr(exp, name)
)

# Table functions that only count: allowed in FROM with constant integer bounds, up to this many rows.
SERIES_FUNCTIONS = frozenset({"range", "generate_series"})
MAX_SERIES_ROWS = 1_000_000

# Functions that read files, the catalog or the server's settings, or run SQL given as text.
_FORBIDDEN = frozenset({
    "query", "query_table", "glob", "sniff_csv", "current_setting", "getenv", "getvariable", "version",
    "current_database", "current_catalog", "current_schema", "current_schemas", "current_user", "session_user",
    "user", "checkpoint", "force_checkpoint", "which_secret", "load_aws_credentials", "sqlite_scan",
    "sqlite_attach", "sqlite_query", "postgres_scan", "postgres_query", "mysql_query", "st_read", "summary",
    "test_all_types", "test_vector_types", "repeat_row", "parquet_scan", "iceberg_scan", "delta_scan",
    "json_execute_serialized_sql", "json_serialize_sql", "json_deserialize_sql", "from_substrait",
})
_FORBIDDEN_PREFIXES = ("read_", "duckdb_", "pragma_", "parquet_", "iceberg_", "delta_", "sqlite_scan",
                       "postgres_", "mysql_", "http", "s3", "azure", "icu_")

# Functions whose result depends on when or how often they run: they would break determinism.
_VOLATILE = frozenset({
    "random", "randomblob", "rand", "uuid", "gen_random_uuid", "uuidv4", "uuidv7", "now", "today",
    "get_current_time", "get_current_timestamp", "transaction_timestamp", "statement_timestamp",
    "current_timestamp", "current_date", "current_time", "current_localtime", "current_localtimestamp",
    "localtime", "localtimestamp", "changes", "total_changes", "last_insert_rowid", "currval", "nextval",
    "setseed", "txid_current", "current_query", "connection_id",
})
_VOLATILE_NODES: tuple[type[exp.Expr], ...] = (exp.Rand, exp.CurrentDate, exp.CurrentTime, exp.CurrentTimestamp,
                                               exp.Uuid)
# Keywords SQLite and DuckDB read as the current time when written bare (sqlglot sees a column).
_VOLATILE_KEYWORDS = frozenset({"localtime", "localtimestamp", "current_timestamp", "current_date", "current_time"})
# SQLite's date('now'): the current moment (DuckDB refuses it, SQLite would not).
_VOLATILE_STRINGS = frozenset({"now"})


class ForbiddenSql(ValueError):
    """User SQL that does something other than compute values from the definition's own tables."""


def function_name(node: exp.Func) -> str:
    """The function's name as written (lower case), for sqlglot's typed nodes and unknown ones alike."""
    if isinstance(node, exp.Anonymous):
        return node.name.lower()
    return node.sql_name().lower()


def _forbidden_function(name: str) -> bool:
    return name in _FORBIDDEN or name.startswith(_FORBIDDEN_PREFIXES)


def _integer(node: exp.Expr | None) -> int | None:
    if isinstance(node, exp.Neg):
        inner = _integer(node.this)
        return -inner if inner is not None else None
    if isinstance(node, exp.Paren):
        return _integer(node.this)
    if isinstance(node, exp.Literal) and not node.is_string and node.this.lstrip("-").isdigit():
        return int(node.this)
    return None


def _series_rows(args: list[exp.Expr | None]) -> int | None:
    """Rows of range(stop) / range(start, stop[, step]) with constant integers, else None."""
    given = [a for a in args if a is not None]
    values = [v for v in (_integer(a) for a in given) if v is not None]
    if not given or len(values) != len(given) or len(values) > 3:
        return None
    start, stop, step = (0, values[0], 1) if len(values) == 1 else (values[0], values[1],
                                                                   values[2] if len(values) == 3 else 1)
    if step == 0:
        return None
    # generate_series includes its stop, range does not: count the larger, it bounds both.
    return max(0, (stop - start) // step + 1)


def _check_table_function(table: exp.Table, func: exp.Func) -> int:
    name = function_name(func)
    if name not in SERIES_FUNCTIONS:
        raise ForbiddenSql(f"'{name}' is a table function; user SQL may read only the definition's own tables "
                           f"(and {' or '.join(sorted(SERIES_FUNCTIONS))} with constant bounds)")
    if isinstance(func, exp.GenerateSeries):
        args = [func.args.get("start"), func.args.get("end"), func.args.get("step")]
    else:
        args = list(func.expressions)
    rows = _series_rows(args)
    if rows is None:
        raise ForbiddenSql(f"'{name}' needs constant integer bounds, such as {name}(1, 100)")
    if rows > MAX_SERIES_ROWS:
        raise ForbiddenSql(f"'{name}' would make {rows:,} rows; at most {MAX_SERIES_ROWS:,} are allowed")
    if table.args.get("db") or table.args.get("catalog"):
        raise ForbiddenSql(f"'{table.sql('duckdb')}': write {name}(...) without a schema")
    return rows


def _check_table(table: exp.Table) -> int:
    """1, or the rows of a range/generate_series."""
    if isinstance(table.this, exp.Func):
        return _check_table_function(table, table.this)
    if not isinstance(table.this, exp.Identifier):
        raise ForbiddenSql(f"'{table.sql('duckdb')}' is not a table name; read the definition's tables by name")
    if table.args.get("db") or table.args.get("catalog"):
        raise ForbiddenSql(f"'{table.sql('duckdb')}' names a schema or database; write only the table's name")
    return 1


def _check_deterministic(node: exp.Expr) -> None:
    if isinstance(node, _VOLATILE_NODES) or (isinstance(node, exp.Func) and function_name(node) in _VOLATILE):
        raise ForbiddenSql(f"'{node.sql('sqlite')}' changes from run to run; generated data must be reproducible")
    if (isinstance(node, exp.Column) and not node.table and isinstance(node.this, exp.Identifier)
            and not node.this.quoted and node.name.lower() in _VOLATILE_KEYWORDS):
        raise ForbiddenSql(f"'{node.name}' changes from run to run; generated data must be reproducible")
    if isinstance(node, exp.Literal) and node.is_string and node.this.strip().lower() in _VOLATILE_STRINGS:
        raise ForbiddenSql(f"'{node.this}' changes from run to run; use a fixed date or a date column")
    if isinstance(node, exp.TableSample):
        raise ForbiddenSql("TABLESAMPLE / USING SAMPLE picks rows at random; generated data must be reproducible")


def check_sql(tree: exp.Expr) -> None:
    """Refuse anything but one SELECT query or one value expression over the definition's tables.

    Which tables a query may name is checked by the caller, who knows the definition; here every table
    reference must be a plain name (or a bounded range/generate_series).
    """
    series = 1  # joined together, counting functions multiply: bound the product, not each one
    for node in tree.walk():
        if isinstance(node, exp.Block):
            raise ForbiddenSql("must be one statement; ';' separates several, which are not allowed")
        if isinstance(node, _STATEMENTS):
            kind = node.key.upper() if not isinstance(node, exp.Command) else str(node.this).upper()
            raise ForbiddenSql(f"must be one SELECT query or one expression, not {kind}")
        if isinstance(node, exp.Table):
            series *= _check_table(node)
            if series > MAX_SERIES_ROWS:
                raise ForbiddenSql(f"range/generate_series together would make {series:,} rows; at most "
                                   f"{MAX_SERIES_ROWS:,} are allowed")
        elif isinstance(node, exp.Func):
            name = function_name(node)
            if _forbidden_function(name):
                raise ForbiddenSql(f"'{name}' reads the server's files or state; user SQL may only compute "
                                   "values from the definition's tables")
        _check_deterministic(node)
