"""import_schema from a saved connection: the workspace's over HTTP (host policy, roles), the user's over stdio."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx2
import psycopg
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from sqlalchemy import select

from api.apiserver import ApiServer
from mcp_scenario import call, error_of, stdio_params
from synthdb.service.connections import ConnectionStore
from synthdb.store.db import open_store
from synthdb.store.models import ConnectionRecord, Workspace
from synthdb.targets.spec import CANNOT_CONNECT

SCHEMA = """
CREATE TABLE authors (id integer PRIMARY KEY, email varchar(120) NOT NULL UNIQUE, born date);
CREATE TABLE books (id integer PRIMARY KEY, author_id integer NOT NULL REFERENCES authors(id),
                    title text NOT NULL, price numeric(8, 2) CHECK (price > 0));
"""
SECRET = "pw-Never-Shown-42"
POLICY = "is not an allowed target"


@pytest.fixture
def library(postgres_url: str) -> str:
    """A fresh PostgreSQL database (tests/conftest.py) with two related tables; its name."""
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(SCHEMA)
    return postgres_url.rsplit("/", 1)[1]


@pytest.fixture(scope="module")
def allowing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    """A server whose operator allows loopback targets (127.0.0.1/32)."""
    instance = ApiServer(tmp_path_factory.mktemp("mcp-import") / "data", workers=1,
                         env={"SYNTHDB_ALLOWED_TARGETS": "127.0.0.1/32"}).start()
    try:
        yield instance
    finally:
        instance.stop()


def connect(server: ApiServer, key: str) -> Client:
    http = httpx2.AsyncClient(headers={"Authorization": f"Bearer {key}"}, timeout=60)
    return Client(streamable_http_client(f"{server.api}/mcp", http_client=http))


def fresh() -> str:
    return f"ws-{uuid.uuid4().hex[:10]}"


def save(server: ApiServer, workspace: str, name: str, database: str, port: int = 5432) -> None:
    """Save a connection through the REST API (an admin's key), with a password to keep out of answers."""
    with server.client(server.key(workspace, "admin")) as rest:
        answer = rest.post(f"/workspaces/{workspace}/connections", json={
            "name": name, "platform": "postgres", "host": "127.0.0.1", "port": port, "database_name": database,
            "username": "postgres", "password": SECRET})
        assert answer.status_code == 200, answer.text
        assert answer.json()["has_password"] is True


def check_library(imported: dict[str, Any], name: str) -> None:
    definition = imported["definition"]
    assert definition["name"] == name
    tables = {e["name"]: e for e in definition["entities"]}
    assert list(tables) == ["authors", "books"]  # parents first
    assert [f["name"] for f in tables["authors"]["fields"]] == ["id", "email", "born"]
    assert [f["name"] for f in tables["books"]["fields"]] == ["id", "author_id", "title", "price"]
    guesses = {(g["table"], g["column"]): g["generator"] for g in imported["guesses"]}
    assert guesses[("authors", "email")] == "Email Address"
    assert guesses[("books", "author_id")] == "Foreign Key"


def test_import_from_a_saved_connection_over_http(allowing: ApiServer, library: str) -> None:
    workspace = fresh()
    save(allowing, workspace, "library", library)
    save(allowing, workspace, "closed", library, port=1)  # nothing listens there
    save(allowing, workspace, "missing", "synthdb_no_such_database")
    editor = allowing.key(workspace, "editor")

    async def main() -> None:
        async with connect(allowing, editor) as client:
            imported = await call(client, "import_schema", {"connection": "library", "name": "books_db"})
            check_library(imported, "books_db")
            # The definition is usable as it is: it validates and previews.
            checked = await call(client, "validate_definition", {"definition": imported["definition"]})
            assert checked["valid"] is True, checked["errors"]
            default = await call(client, "import_schema", {"connection": "library"})
            assert default["definition"]["name"] == library  # the connection's database
            # A refused port and an unknown database read the same, and no answer shows the password.
            for name in ("closed", "missing"):
                text = await error_of(client, "import_schema", {"connection": name})
                assert CANNOT_CONNECT in text and SECRET not in text and "5432" not in text, text
            text = await error_of(client, "import_schema", {"connection": "nosuch"})
            assert "connection 'nosuch' not found" in text
            text = await error_of(client, "import_schema", {"connection": "library", "ddl": SCHEMA})
            assert "give exactly one of them" in text
            text = await error_of(client, "import_schema", {})
            assert "give exactly one of them" in text

    anyio.run(main)


def test_a_viewer_key_cannot_import_from_a_connection(allowing: ApiServer, library: str) -> None:
    workspace = fresh()
    save(allowing, workspace, "library", library)
    viewer = allowing.key(workspace, "viewer")

    async def main() -> None:
        async with connect(allowing, viewer) as client:
            text = await error_of(client, "import_schema", {"connection": "library"})
            assert "role 'viewer' cannot do this; it needs 'editor'" in text
            # DDL text reaches no database: a viewer may still import it.
            imported = await call(client, "import_schema", {"ddl": SCHEMA, "name": "library"})
            check_library(imported, "library")

    anyio.run(main)


def test_another_workspaces_connection_looks_missing(allowing: ApiServer, library: str) -> None:
    mine, theirs = fresh(), fresh()
    save(allowing, theirs, "library", library)

    async def main() -> None:
        async with connect(allowing, allowing.key(mine, "editor")) as client:
            text = await error_of(client, "import_schema", {"connection": "library"})
            assert "connection 'library' not found" in text

    anyio.run(main)


def test_the_default_policy_refuses_loopback(server: ApiServer, library: str) -> None:
    """A loopback connection saved before the operator removed it from the allow-list is refused at use."""
    workspace = fresh()
    editor = server.key(workspace, "editor")
    with server.client(server.key(workspace, "admin")) as rest:  # the REST API refuses to save it here
        refused = rest.post(f"/workspaces/{workspace}/connections", json={
            "name": "library", "host": "127.0.0.1", "database_name": library, "username": "postgres"})
        assert refused.status_code == 400 and POLICY in refused.json()["error"]
    store = open_store(server.store_url)
    try:
        with store.session() as session:
            ws = session.scalar(select(Workspace).where(Workspace.name == workspace))
            assert ws is not None
            session.add(ConnectionRecord(workspace_id=ws.id, name="library", platform="postgres", host="127.0.0.1",
                                         port=5432, database_name=library, username="postgres", tls=False))
    finally:
        store.dispose()

    async def main() -> None:
        async with connect(server, editor) as client:
            text = await error_of(client, "import_schema", {"connection": "library"})
            assert "connection.host:" in text and POLICY in text, text

    anyio.run(main)


def test_import_from_a_local_saved_connection_over_stdio(root: Path, tmp_path: Path, library: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYNTHDB_CONFIG_DIR", str(tmp_path / "config"))
    # Passwords read from the environment, as the CLI does (no keyring in tests).
    monkeypatch.setenv("SYNTHDB_PASSWORD_LOCALPG", SECRET)
    monkeypatch.setenv("SYNTHDB_PASSWORD_NOWHERE", SECRET)
    store = ConnectionStore(tmp_path / "config")
    store.add("localpg", f"postgresql://postgres@127.0.0.1:5432/{library}", password_env="SYNTHDB_PASSWORD_LOCALPG")
    store.add("nowhere", "postgresql://postgres@127.0.0.1:1/x", password=SECRET, use_keyring=False)

    async def main() -> None:
        async with Client(stdio_params(root)) as client:
            imported = await call(client, "import_schema", {"connection": "localpg", "name": "library"})
            check_library(imported, "library")
            text = await error_of(client, "import_schema", {"connection": "other"})
            assert "no saved connection named 'other'" in text and "localpg" in text
            # A trusted local user sees the driver's reason, still without the password.
            text = await error_of(client, "import_schema", {"connection": "nowhere"})
            assert "connection: cannot read the schema:" in text and "refused" in text and SECRET not in text, text

    anyio.run(main)
    assert sorted(p.name for p in root.iterdir()) == []  # nothing written under the root


def test_import_from_a_saved_mariadb_connection_over_http(allowing: ApiServer,
                                                          mariadb_database: dict[str, Any]) -> None:
    import pymysql

    conn = pymysql.connect(**mariadb_database)
    try:
        with conn.cursor() as cur:
            for statement in SCHEMA.split(";")[:2]:
                cur.execute(statement.replace("numeric(8, 2)", "decimal(8, 2)"))
    finally:
        conn.close()
    workspace = fresh()
    with allowing.client(allowing.key(workspace, "admin")) as rest:
        answer = rest.post(f"/workspaces/{workspace}/connections", json={
            "name": "maria", "platform": "mariadb", "host": "127.0.0.1", "port": 3306,
            "database_name": mariadb_database["database"], "username": "root"})
        assert answer.status_code == 200, answer.text

    async def main() -> None:
        async with connect(allowing, allowing.key(workspace, "editor")) as client:
            check_library(await call(client, "import_schema", {"connection": "maria", "name": "library"}), "library")

    anyio.run(main)
