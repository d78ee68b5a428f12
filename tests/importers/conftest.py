"""Fixtures of the import tests: a second fresh database on each server (a source beside the target)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import _require_server


@pytest.fixture
def source_postgres_url() -> Iterator[str]:
    """Another fresh PostgreSQL database, for the schema an import reads."""
    _require_server("PostgreSQL", 5432)
    import psycopg

    name = f"synthdb_source_{uuid.uuid4().hex[:12]}"
    admin = "postgresql://postgres@127.0.0.1:5432/test"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def source_mariadb_database() -> Iterator[dict[str, Any]]:
    """Another fresh MariaDB database, for the schema an import reads."""
    _require_server("MariaDB", 3306)
    import pymysql

    name = f"synthdb_source_{uuid.uuid4().hex[:12]}"
    args: dict[str, Any] = {"host": "127.0.0.1", "port": 3306, "user": "root", "password": "", "charset": "utf8mb4"}
    conn = pymysql.connect(**args)
    try:
        with conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
    finally:
        conn.close()
    try:
        yield {**args, "database": name}
    finally:
        conn = pymysql.connect(**args)
        try:
            with conn.cursor() as cur:
                cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        finally:
            conn.close()
