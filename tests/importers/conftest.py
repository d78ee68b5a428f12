"""Fixtures of the import tests: a second fresh database on each server (a source beside the target)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import fresh_mariadb, fresh_postgres


@pytest.fixture
def source_postgres_url() -> Iterator[str]:
    """Another fresh PostgreSQL database, for the schema an import reads."""
    with fresh_postgres("synthdb_source") as url:
        yield url


@pytest.fixture
def source_mariadb_database() -> Iterator[dict[str, Any]]:
    """Another fresh MariaDB database, for the schema an import reads."""
    with fresh_mariadb("synthdb_source") as args:
        yield args
