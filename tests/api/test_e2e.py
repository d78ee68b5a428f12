"""End to end over HTTP against a real server: upsert, generate every format, poll, download, compare."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest

from api.apiserver import ApiServer, fetch, files_of, local_files, shop, sqlite_rows, wait_task
from synthdb.outputs.registry import FORMATS


def test_every_format_downloads_without_authorization_and_matches_local_generation(editor: httpx.Client,
                                                                                    workspace: str) -> None:
    # All formats at once: the pool runs them side by side.
    ids = {}
    for fmt in FORMATS.names():
        answer = editor.post("/generate_tasks", json={"workspace": workspace, "database": "shop", "format": fmt})
        assert answer.status_code == 200, answer.text
        task = answer.json()
        assert task["completed"] is False and task["error"] is None and task["data_url"] is None
        ids[fmt] = task["id"]
    for fmt, task_id in ids.items():
        task = wait_task(editor, task_id)
        assert task["completed"] and task["error"] is None, task
        assert task["progress"] == 1 and task["phase"] == "done"
        assert task["data_url"].startswith("http://127.0.0.1:")
        # A whole database comes as a zip in every format, a SQLite file too (as Fabricate delivers it).
        assert task["content_type"] == "application/zip"
        download = fetch(task["data_url"])
        assert download.status_code == 200
        assert download.headers["content-type"].split(";")[0] == task["content_type"]
        expected = local_files(shop(), fmt)
        got = files_of(download.content, task["content_type"], "shop.sqlite")
        if fmt == "sqlite":
            assert sqlite_rows(got["shop.sqlite"]) == sqlite_rows(next(iter(expected.values())))
            assert len(sqlite_rows(got["shop.sqlite"])["orders"]) == 40
        else:
            assert got == expected, fmt
    csv_files = files_of(fetch(wait_task(editor, ids["csv"])["data_url"]).content, "application/zip", "")
    rows = list(csv.DictReader(io.StringIO(csv_files["customers.csv"].decode())))
    assert len(rows) == 20 and all(1 <= int(r["score"]) <= 100 for r in rows)


def test_database_listing_points_at_the_last_generated_data(editor: httpx.Client, workspace: str) -> None:
    task = editor.post("/generate_tasks", json={"workspace": workspace, "database": "shop", "format": "csv"}).json()
    wait_task(editor, task["id"])
    (listed,) = editor.get(f"/workspaces/{workspace}/databases").json()
    assert listed["name"] == "shop" and listed["last_generated"] is not None
    assert listed["workspace"]["name"] == workspace
    assert fetch(listed["data_url"]).status_code == 200


@pytest.mark.parametrize("fmt", ["csv", "sqlite", "jsonl"])
def test_entity_only_is_a_plain_file(editor: httpx.Client, workspace: str, fmt: str) -> None:
    request = {"workspace": workspace, "database": "shop", "format": fmt, "entity": "orders"}
    task = wait_task(editor, editor.post("/generate_tasks", json=request).json()["id"])
    writer = FORMATS.get(fmt)
    assert task["content_type"] == writer.content_type_for(True) != "application/zip"
    assert task["data_url"].split("?")[0].endswith(f"/orders{writer.suffix_for(True)}")
    content = fetch(task["data_url"]).content
    (expected,) = local_files(shop(), fmt, entity="orders").values()
    if fmt == "sqlite":
        assert sqlite_rows(content) == sqlite_rows(expected)
        assert list(sqlite_rows(content)) == ["orders"]
    else:
        assert content == expected


def test_overrides_of_variables_record_count_and_field_parameters(editor: httpx.Client, workspace: str) -> None:
    overrides = {
        "variables": {"n_customers": "5"},  # Fabricate's clients send values as text
        "entities": {"orders": {"record_count": 3, "fields": {"total": {"min": 1000, "max": 2000}}},
                     "customers": {"fields": {"score": {"min": 500, "max": 600}}}},
    }
    request = {"workspace": workspace, "database": "shop", "format": "csv", "overrides": overrides}
    task = wait_task(editor, editor.post("/generate_tasks", json=request).json()["id"])
    files = files_of(fetch(task["data_url"]).content, "application/zip", "")
    assert files == local_files(shop(), "csv", overrides=overrides)
    customers = list(csv.DictReader(io.StringIO(files["customers.csv"].decode())))
    orders = list(csv.DictReader(io.StringIO(files["orders.csv"].decode())))
    assert len(customers) == 5 and len(orders) == 3
    assert all(500 <= int(c["score"]) <= 600 for c in customers)
    assert all(1000 <= float(o["total"]) <= 2000 for o in orders)
    # The stored definition is untouched by a run's overrides.
    stored = editor.get(f"/workspaces/{workspace}/databases/shop").json()
    assert stored["variables"] == {"n_customers": 20}


def test_definition_round_trip_in_fabricate_shape(editor: httpx.Client, workspace: str) -> None:
    exported = editor.get(f"/workspaces/{workspace}/databases/shop").json()
    for key in ("id", "name", "created_at", "updated_at", "last_generated", "data_url", "platform", "variables",
                "entities", "workspace"):
        assert key in exported
    assert exported["entities"] == shop()["entities"]
    # Restoring the export (ids and timestamps included) updates the same database: upsert by name.
    exported["variables"] = {"n_customers": 3}
    again = editor.post(f"/workspaces/{workspace}/databases", json=exported).json()
    assert again["id"] == exported["id"] and again["variables"] == {"n_customers": 3}
    assert len(editor.get(f"/workspaces/{workspace}/databases").json()) == 1
    deleted = editor.delete(f"/workspaces/{workspace}/databases/shop")
    assert deleted.status_code == 200 and deleted.content == b""
    assert editor.get(f"/workspaces/{workspace}/databases/shop").status_code == 404
    assert editor.delete(f"/workspaces/{workspace}/databases/shop").status_code == 404


def test_static_csv_upload_is_stored_in_the_definition(editor: httpx.Client, workspace: str) -> None:
    data = "id,label\n1,alpha\n2,\"b, c\"\n"
    answer = editor.post(f"/workspaces/{workspace}/databases/shop/entities/customers/source",
                         files={"file": ("customers.csv", data.encode(), "text/csv")})
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"entity": "customers", "filename": "customers.csv", "rows": 2, "columns": ["id", "label"]}
    entity = editor.get(f"/workspaces/{workspace}/databases/shop").json()["entities"][0]
    assert entity["source"] == {"data": data, "filename": "customers.csv"} and entity["is_static"] is True
    missing = editor.post(f"/workspaces/{workspace}/databases/shop/entities/nope/source",
                          files={"file": ("x.csv", b"a\n1\n", "text/csv")})
    assert missing.status_code == 404 and "nope" in missing.json()["error"]
    binary = editor.post(f"/workspaces/{workspace}/databases/shop/entities/customers/source",
                         files={"file": ("x.csv", b"\xff\xfe\x00", "text/csv")})
    assert binary.status_code == 400 and binary.json()["error"].startswith("file:")


def test_cancel_a_running_task(server: ApiServer, workspace: str) -> None:
    with server.client(server.key(workspace, "editor")) as client:
        client.post(f"/workspaces/{workspace}/databases", json=shop(customers=400_000))
        task = client.post("/generate_tasks", json={"workspace": workspace, "database": "shop", "format": "jsonl"})
        task_id = task.json()["id"]
        cancelled = client.delete(f"/generate_tasks/{task_id}")
        assert cancelled.status_code == 200, cancelled.text
        assert cancelled.json()["status"] == "cancelled" and cancelled.json()["error"]
        final = wait_task(client, task_id)
        assert final["completed"] is False and final["status"] == "cancelled" and final["data_url"] is None
        assert client.delete(f"/generate_tasks/{task_id}").status_code == 409


def test_errors_name_the_field(editor: httpx.Client, workspace: str) -> None:
    def error(answer: httpx.Response, status: int = 400) -> str:
        assert answer.status_code == status, answer.text
        assert answer.headers["content-type"] == "application/json"
        return str(answer.json()["error"])

    base = {"workspace": workspace, "database": "shop"}
    assert "format, connection" in error(editor.post("/generate_tasks", json=base))
    assert error(editor.post("/generate_tasks", json={**base, "format": "csvv"})).startswith(
        "format: unknown format 'csvv'; did you mean 'csv'?")
    assert error(editor.post("/generate_tasks", json={**base, "format": "csv", "entity": "order"})).startswith(
        "entity: unknown entity 'order'; did you mean 'orders'?")
    assert error(editor.post("/generate_tasks", json={**base, "formt": "csv"})).startswith("formt: unknown field")
    # No workspace: Fabricate's pre-workspace request, run in the key's default workspace (test_legacy_and_keys.py).
    assert editor.post("/generate_tasks", json={"database": "shop", "format": "csv"}).status_code == 200
    assert error(editor.post("/generate_tasks", content=b"{not json", headers={"content-type": "application/json"}))
    bad_override = {**base, "format": "csv", "overrides": {"entities": {"orders": {"fields": {"totl": {"min": 1}}}}}}
    assert error(editor.post("/generate_tasks", json=bad_override)).startswith(
        "overrides.entities.orders.fields.totl: unknown field 'totl'; did you mean 'total'?")
    broken = shop()
    broken["entities"][0]["fields"][1]["generator"] = "Emial Address"
    assert error(editor.post(f"/workspaces/{workspace}/databases", json=broken)).startswith(
        "entities[0].fields[1].generator: unknown generator 'Emial Address'")
    assert error(editor.post(f"/workspaces/{workspace}/databases", json={"name": "x"})).startswith("entities")
    assert error(editor.get("/generate_tasks/not-a-task"), 404)
    assert error(editor.get("/no/such/endpoint"), 404)
    assert json.loads(editor.get("/openapi.json").text)["openapi"].startswith("3.")
