"""Shared fixtures: definitions with awkward data, and fresh databases on the local servers."""

from __future__ import annotations

import contextlib
import os
import socket
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"

# Strings that break naive writers: quotes, backslashes, newlines, tabs, commas, non-ASCII, emoji.
AWKWARD_STRINGS = [
    "plain",
    "",
    "it's",
    'say "hi"',
    "back\\slash",
    "C:\\path\\",
    "line1\nline2",
    "cr\r\nlf",
    "tab\there",
    "comma, separated",
    "semi;colon",
    "naïve café — ünïcödé",
    "日本語テキスト",
    "emoji 😀🎉👍🏽",
    "<tag attr='x'>&amp;</tag>",
    "NULL",
    "\\N",
    "'); DROP TABLE t; --",
    "  leading and trailing  ",
    "percent % and $1 and {braces}",
]


def awkward_definition(rows: int = 60) -> dict[str, Any]:
    """Two related tables whose text columns cycle through AWKWARD_STRINGS (and some nulls)."""
    return {
        "name": "awkward",
        "platform": "postgres",
        "entities": [
            {
                "name": "parents",
                "record_count": str(rows),
                "fields": [
                    {"name": "id", "generator": "Number", "primary_key": True, "data_type": "integer"},
                    {"name": "label", "generator": "Custom List", "values": AWKWARD_STRINGS, "data_type": "text"},
                    {"name": "note", "generator": "Custom List", "values": AWKWARD_STRINGS,
                     "percent_null": 20, "data_type": "varchar(255)"},
                ],
            },
            {
                "name": "children",
                "record_count": str(rows * 2),
                "fields": [
                    {"name": "id", "generator": "Number", "primary_key": True, "data_type": "integer"},
                    {"name": "parent_id", "generator": "Foreign Key", "primary_key_entity": "parents",
                     "primary_key_field": "id"},
                    {"name": "text", "generator": "Custom List", "values": AWKWARD_STRINGS},
                    {"name": "amount", "generator": "Money", "min": -50, "max": 50},
                    {"name": "flag", "generator": "Boolean"},
                    {"name": "ratio", "generator": "Number", "min": 0, "max": 1, "decimals": 3},
                ],
            },
        ],
    }


def typed_definition(platform: str = "postgres", rows: int = 40) -> dict[str, Any]:
    """The awkward tables plus one with a composite key, dates, times, UUIDs and floats, and a hierarchy."""
    definition = awkward_definition(rows)
    definition["platform"] = platform
    definition["entities"].append(
        {
            "name": "events",
            "record_count": str(rows),
            "fields": [
                {"name": "id", "generator": "Number", "primary_key": True},
                {"name": "code", "generator": "Number", "primary_key": True, "min": 1000, "max": 99999},
                {"name": "child_id", "generator": "Foreign Key", "primary_key_entity": "children",
                 "primary_key_field": "id"},
                {"name": "day", "generator": "Date", "start_date": "2020-01-01", "end_date": "2024-12-31",
                 "percent_null": 10},
                {"name": "at", "generator": "Datetime", "start_date": "2020-01-01", "end_date": "2024-12-31"},
                {"name": "ref", "generator": "UUID", "data_type": "uuid"},
                {"name": "score", "generator": "Number", "min": -1e6, "max": 1e6, "decimals": 6},
                {"name": "clock", "generator": "Time"},
            ],
        }
    )
    definition["entities"].append(
        {
            "name": "staff",  # a self-reference: rows point at rows inserted later
            "record_count": str(rows),
            "fields": [
                {"name": "id", "generator": "Number", "primary_key": True},
                {"name": "manager_id", "generator": "Foreign Key", "primary_key_entity": "staff",
                 "primary_key_field": "id", "percent_null": 10},
            ],
        }
    )
    return definition



@pytest.fixture
def awkward() -> dict[str, Any]:
    return awkward_definition()


@pytest.fixture
def shop_definition() -> Path:
    return EXAMPLES / "shop.yaml"


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _require_server(name: str, port: int) -> None:
    """Fail in CI when a server is missing; elsewhere skip, loudly."""
    if _reachable("127.0.0.1", port):
        return
    message = f"{name} is not reachable on 127.0.0.1:{port}"
    if os.environ.get("CI"):
        pytest.fail(f"{message}, and CI is set: server tests must run in CI")
    warnings.warn(f"SKIPPING {name} TESTS: {message}", stacklevel=2)
    pytest.skip(f"SKIPPED LOUDLY: {message}")


@contextlib.contextmanager
def fresh_postgres(prefix: str = "synthdb_test") -> Iterator[str]:
    """A fresh, empty PostgreSQL database (dropped afterwards); yields its URL."""
    _require_server("PostgreSQL", 5432)
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = "postgresql://postgres@127.0.0.1:5432/test"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def fresh_mariadb(prefix: str = "synthdb_test") -> Iterator[dict[str, Any]]:
    """A fresh, empty MariaDB database (dropped afterwards); yields PyMySQL connect() arguments."""
    _require_server("MariaDB", 3306)
    import pymysql

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    args: dict[str, Any] = {"host": "127.0.0.1", "port": 3306, "user": "root", "password": "", "charset": "utf8mb4"}

    def execute(statement: str) -> None:
        conn = pymysql.connect(**args)
        try:
            with conn.cursor() as cur:
                cur.execute(statement)
        finally:
            conn.close()

    execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
    try:
        yield {**args, "database": name}
    finally:
        execute(f"DROP DATABASE IF EXISTS `{name}`")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database; yields its URL."""
    with fresh_postgres() as url:
        yield url


@pytest.fixture
def mariadb_database() -> Iterator[dict[str, Any]]:
    """A fresh, empty MariaDB database; yields PyMySQL connect() arguments."""
    with fresh_mariadb() as args:
        yield args


@pytest.fixture
def pool_ran(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fails the test unless worker processes (not this one) produced some of the batches.

    Tests comparing bytes across `workers` use it, so that disabling the pool makes them fail; the
    batches wait for the pool instead of being made here while it starts.
    """
    from synthdb.engine import parallel

    monkeypatch.setattr(parallel.BatchSource, "make_while_starting", False)
    parallel.produced_by.clear()
    yield
    others = [pid for pid in parallel.produced_by if pid != os.getpid()]
    assert others, f"no batch came from a worker process: {dict(parallel.produced_by)}"
