"""DuckDB connections for user SQL: no file or network access, no extensions, bounded, configuration locked."""

from __future__ import annotations

import atexit
import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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

_scratch: list[Path] = []


def _scratch_directory() -> Path:
    """An empty directory only this user can enter, shared by the user's processes (forked workers exit
    without atexit handlers, so one per process would litter the temp directory). Nothing is ever written
    there (`max_temp_directory_size` is 0): it only replaces DuckDB's default, `.tmp` in the working
    directory, which cannot be changed once access is off."""
    if not _scratch:
        path = Path(tempfile.gettempdir()) / f"synthdb-sandbox-{os.getuid() if hasattr(os, 'getuid') else 0}"
        try:
            path.mkdir(mode=0o700, exist_ok=True)
            info = path.lstat()
            owned = stat.S_ISDIR(info.st_mode) and (not hasattr(os, "getuid") or info.st_uid == os.getuid())
            if not owned or info.st_mode & 0o077:
                raise PermissionError(f"{path} is not a private directory of this user")
        except OSError:
            # Someone else's (or a symlink): a directory of our own for this process instead.
            path = Path(tempfile.mkdtemp(prefix="synthdb-sandbox-"))
            atexit.register(shutil.rmtree, path, True)
        _scratch.append(path)
    return _scratch[0]


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
    import duckdb  # here, not at import: a run whose SQL results are all remembered never connects

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
