"""Fabricate's official Python client (tonic-fabricate) and `synthdb remote generate` against the server."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from api.apiserver import ApiServer, local_files, shop, sqlite_rows
from synthdb.cli import _load_commands, app


@pytest.fixture
def key(server: ApiServer, editor: httpx.Client) -> str:
    return str(editor.headers["Authorization"]).removeprefix("Bearer ")


def test_official_client_csv_unzips_into_dest(server: ApiServer, workspace: str, key: str, tmp_path: Path) -> None:
    tonic_fabricate = pytest.importorskip("tonic_fabricate")
    seen: list[dict] = []
    # The client deletes and recreates dest's parent directory: give it one of its own.
    dest = tmp_path / "client" / "shop"
    tonic_fabricate.generate(api_key=key, api_url=server.api, workspace=workspace, database="shop", format="csv",
                             dest=str(dest), on_progress=seen.append)
    expected = local_files(shop(), "csv")
    assert {p.name: p.read_bytes() for p in dest.iterdir()} == expected
    assert seen and seen[-1]["percentComplete"] == 100


def test_official_client_sqlite_and_entity(server: ApiServer, workspace: str, key: str, tmp_path: Path) -> None:
    tonic_fabricate = pytest.importorskip("tonic_fabricate")
    # The whole database comes zipped (as from Fabricate): the client unzips it into `dest`.
    client_dir = tmp_path / "client"
    tonic_fabricate.generate(api_key=key, api_url=server.api, workspace=workspace, database="shop",
                             format="sqlite", dest=str(client_dir), overrides={"variables": {"n_customers": "9"}})
    dest = client_dir / "shop.sqlite"
    with sqlite3.connect(dest) as conn:
        assert conn.execute("SELECT count(*) FROM customers").fetchone() == (9,)
    expected = local_files(shop(), "sqlite", overrides={"variables": {"n_customers": "9"}})
    assert sqlite_rows(dest.read_bytes()) == sqlite_rows(next(iter(expected.values())))
    entity = tmp_path / "entity" / "orders.csv"
    tonic_fabricate.generate(api_key=key, api_url=server.api, workspace=workspace, database="shop", format="csv",
                             entity="orders", dest=str(entity))
    (expected_orders,) = local_files(shop(), "csv", entity="orders").values()
    assert entity.read_bytes() == expected_orders


def test_official_client_reports_server_errors(server: ApiServer, workspace: str, key: str, tmp_path: Path) -> None:
    tonic_fabricate = pytest.importorskip("tonic_fabricate")
    with pytest.raises(Exception, match="database 'nope' not found"):
        tonic_fabricate.generate(api_key=key, api_url=server.api, workspace=workspace, database="nope",
                                 format="csv", dest=str(tmp_path / "x" / "y"))


def test_remote_cli(server: ApiServer, workspace: str, key: str, tmp_path: Path) -> None:
    _load_commands()
    runner = CliRunner()
    dest = tmp_path / "remote"
    args = ["remote", "generate", "--url", server.base, "--workspace", workspace, "--database", "shop",
            "--format", "csv", "--dest", str(dest), "--var", "n_customers=4"]
    result = runner.invoke(app, args, env={"SYNTHDB_API_KEY": key})
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in dest.iterdir()) == ["README.md", "customers.csv", "orders.csv"]
    assert len((dest / "customers.csv").read_text().splitlines()) == 5
    again = runner.invoke(app, args, env={"SYNTHDB_API_KEY": key})
    assert again.exit_code == 1 and "already exists" in again.output
    single = tmp_path / "orders.sqlite"
    result = runner.invoke(app, [*args[:8], "--format", "sqlite", "--dest", str(single), "--entity", "orders",
                                 "--api-key", key])
    assert result.exit_code == 0, result.output
    assert list(sqlite_rows(single.read_bytes())) == ["orders"]
    wrong = runner.invoke(app, [*args[:8], "--format", "csv", "--dest", str(tmp_path / "w"), "--api-key", "bad"])
    assert wrong.exit_code == 1 and "401" in wrong.output
