"""DuckDB connections for user SQL: no file or network access, no extensions, bounded, configuration locked."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import duckdb

# What makes a connection safe to hand hostile SQL (DuckDB's "Securing DuckDB" guide). Applied last, so a
# caller's settings cannot weaken them, and locked, so SET / PRAGMA / RESET inside the SQL cannot either.
SECURITY_SETTINGS: dict[str, str | bool | int] = {
    # No read_text/read_csv/glob/COPY/ATTACH/EXPORT on any path but the database file we open ourselves.
    "enable_external_access": False,
    # No INSTALL, LOAD or implicit download of an extension (sqlite_scan would fetch sqlite_scanner).
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    # DuckDB's Python client would otherwise resolve unknown table names to the caller's Python variables.
    "python_enable_replacements": False,
    "lock_configuration": True,
}

# Row expressions work on one batch: memory is bounded and nothing spills to disk.
DEFAULT_MEMORY_LIMIT = "512MB"
DEFAULT_THREADS = 1

_scratch: dict[int, Path] = {}


def _scratch_directory() -> Path:
    """A private, empty directory of this process (DuckDB refuses to change temp_directory once access is off,
    and its default is `.tmp` in the working directory)."""
    pid = os.getpid()
    if pid not in _scratch:
        path = Path(tempfile.mkdtemp(prefix="synthdb-sandbox-"))
        _scratch[pid] = path
        atexit.register(shutil.rmtree, path, True)
    return _scratch[pid]


def connect(
    database: str | Path = ":memory:",
    *,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    threads: int = DEFAULT_THREADS,
    temp_directory: str | Path | None = None,
    settings: Mapping[str, str | bool | int | float] | None = None,
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection for user SQL.

    `database` is a file we chose (or memory); `temp_directory` is where it may spill sorts and joins
    (a directory the caller owns); without one nothing spills. `settings` are behaviour settings
    (e.g. error_on_division_by_zero) fixed before the configuration is locked.
    """
    config: dict[str, str | bool | int | float | list[str]] = {
        k: v for k, v in (settings or {}).items() if k not in SECURITY_SETTINGS}
    config.update({"memory_limit": memory_limit, "threads": threads})
    if temp_directory is None:
        config["temp_directory"] = str(_scratch_directory())
        config["max_temp_directory_size"] = "0B"
    else:
        config["temp_directory"] = str(temp_directory)
    con = duckdb.connect(str(database), config=config)
    # Not in `config`: DuckDB applies those options in no fixed order, and a temp_directory applied after
    # enable_external_access=false is refused. SET runs in this order; the lock comes last.
    try:
        for name, value in SECURITY_SETTINGS.items():
            con.execute(f"SET {name} = {str(value).lower()}")
        _verify(con)
    except Exception:
        con.close()
        raise
    return con


def _verify(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse to hand out a connection whose security settings did not take (a DuckDB upgrade, a typo)."""
    names = list(SECURITY_SETTINGS)
    values = con.execute(
        "SELECT name, value FROM duckdb_settings() WHERE name IN (" + ", ".join("?" for _ in names) + ")", names
    ).fetchall()
    actual = {name: value for name, value in values}
    for name, wanted in SECURITY_SETTINGS.items():
        if str(actual.get(name)).lower() != str(wanted).lower():
            raise RuntimeError(f"the SQL sandbox could not set {name}={wanted} (DuckDB says {actual.get(name)})")
