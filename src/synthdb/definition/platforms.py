"""The SQL platforms a definition may name (`platform`), checked when the definition is read."""

from __future__ import annotations

from synthdb.definition.suggest import did_you_mean

# The one map of platform names: accepted spellings -> canonical platform. outputs/sql/dialects/ holds
# one dialect per canonical name and accepts every spelling here (as do `synthdb import --dialect`,
# identifier rules and targets); tests check that the two agree.
PLATFORMS: dict[str, str] = {
    "postgres": "postgres",
    "postgresql": "postgres",
    "pg": "postgres",
    "mysql": "mysql",
    "mariadb": "mysql",
    "sqlite": "sqlite",
    "sqlite3": "sqlite",
    "sqlserver": "sqlserver",
    "mssql": "sqlserver",
    "tsql": "sqlserver",
    "duckdb": "duckdb",
}


def platform_key(platform: str | None) -> str:
    """`PostgreSQL`, `sql_server` and `SQL Server` all become the lookup key of PLATFORMS."""
    return (platform or "postgres").strip().lower().replace(" ", "").replace("_", "")


# Platforms Fabricate offers that synthdb does not write: named as such, so a migrating user knows why.
FABRICATE_ONLY = frozenset({"oracle", "snowflake", "databricks", "mongodb", "bigquery", "redshift"})


def supported_platforms() -> str:
    """`postgres, mysql, ... (also spelled postgresql, pg, ...)`: the canonical names, then the other spellings."""
    canonical = list(dict.fromkeys(PLATFORMS.values()))
    others = [name for name in PLATFORMS if name not in canonical]
    return f"{', '.join(canonical)}; also spelled {', '.join(others)}"


def check_platform(platform: str) -> str:
    """Return `platform` unchanged when supported; else raise ValueError naming the supported ones."""
    key = platform_key(platform)
    if key not in PLATFORMS:
        hint = "" if key in FABRICATE_ONLY else did_you_mean(key, PLATFORMS)
        why = ": Fabricate offers it, synthdb does not generate for it" if key in FABRICATE_ONLY else ""
        raise ValueError(f"unsupported platform '{platform}'{hint}{why} (supported: {supported_platforms()})")
    return platform


def canonical_platform(platform: str | None) -> str | None:
    """The canonical name of an accepted spelling (`MariaDB` -> `mysql`), None when unsupported."""
    return PLATFORMS.get(platform_key(platform))
