"""The designer over HTTP against a real `synthdb serve`: grid edits, the column editor's validation, YAML
round trip, preview, diagram and the viewer's read-only pages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from api.apiserver import ApiServer

_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    data: Path = tmp_path_factory.mktemp("designer") / "data"
    data.mkdir()
    started = ApiServer(data).start()
    yield started
    started.stop()


def _signed_in(server: ApiServer, role: str = "editor") -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=server.base, timeout=60, follow_redirects=True)
    assert client.post("/signin", data={"api_key": server.key("design", role)}).status_code == 200
    match = _CSRF.search(client.get("/").text)
    assert match is not None
    return client, match.group(1)


def _definition(client: httpx.Client, name: str) -> dict:
    return client.get(f"/databases/{name}/export.json").json()


def test_grid_builds_two_tables_with_a_foreign_key(server: ApiServer) -> None:
    client, token = _signed_in(server)
    assert client.post("/databases", data={"name": "gridshop", "csrf_token": token}).status_code == 200
    page = client.post("/databases/gridshop/tables/table_1/settings",
                       data={"name": "customers", "record_count": "30", "export": "1", "csrf_token": token})
    assert page.status_code == 200 and str(page.url).endswith("/databases/gridshop/tables/customers")
    added = client.post("/databases/gridshop/tables/customers/columns/add",
                        data={"name": "email", "data_type": "varchar(120)", "generator": "Email Address",
                              "csrf_token": token})
    assert added.status_code == 200 and 'id="editor"' in added.text  # the editor opens on the new column
    client.post("/databases/gridshop/tables", data={"name": "orders", "csrf_token": token})
    # A foreign key without its table: refused, the editor opens on the unsaved column with the field marked.
    refused = client.post("/databases/gridshop/tables/orders/columns/add",
                          data={"name": "customer_id", "generator": "Foreign Key", "csrf_token": token})
    assert refused.status_code == 400
    assert re.search(r'id="p_primary_key_entity"[^>]*aria-invalid="true"', refused.text)
    assert "entities[1].fields[1].primary_key_entity" in refused.text
    assert "<option>customers</option>" in refused.text  # tables offered for the key
    fixed = client.post("/databases/gridshop/tables/orders/columns/1/generator",
                        data={"generator": "Foreign Key", "pending_name": "customer_id",
                              "p_primary_key_entity": "customers", "p_primary_key_field": "id", "csrf_token": token})
    assert fixed.status_code == 200
    preview = client.get("/databases/gridshop/tables/orders/preview").text
    main, _, parents = preview.partition("customers rows referenced by customer_id")
    keys = set(re.findall(r"<tr><td>\d+</td><td>(\d+)</td></tr>", main))
    assert len(keys) > 1 and set(re.findall(r"<tr><td>(\d+)</td><td>", parents)) == keys
    orders = _definition(client, "gridshop")["entities"][1]
    assert orders["fields"][1] == {"name": "customer_id", "generator": "Foreign Key",
                                   "primary_key_entity": "customers", "primary_key_field": "id"}
    # Grid edits: null % and unique on email; a bad null % is refused naming the input.
    grid = {"csrf_token": token, "c0_name": "id", "c0_data_type": "integer", "c0_percent_null": "0",
            "c0_primary_key": "1", "c1_name": "email", "c1_data_type": "varchar(120)", "c1_percent_null": "250"}
    bad = client.post("/databases/gridshop/tables/customers/columns", data=grid)
    assert bad.status_code == 400 and re.search(r'name="c1_percent_null"[^>]*aria-invalid="true"', bad.text)
    grid.update(c1_percent_null="10", c1_unique="1")
    assert client.post("/databases/gridshop/tables/customers/columns", data=grid).status_code == 200
    email = _definition(client, "gridshop")["entities"][0]["fields"][1]
    assert email["percent_null"] == 10 and email["unique"] is True and email["generator"] == "Email Address"
    # Renaming the parent table renames the foreign key's reference too.
    client.post("/databases/gridshop/tables/customers/settings",
                data={"name": "clients", "record_count": "30", "export": "1", "csrf_token": token})
    assert _definition(client, "gridshop")["entities"][1]["fields"][1]["primary_key_entity"] == "clients"
    # Deleting a referenced table is refused with the validator's reason; the column delete works.
    assert client.post("/databases/gridshop/tables/clients/delete", data={"csrf_token": token}).status_code == 400
    client.post("/databases/gridshop/tables/orders/columns/1/delete", data={"csrf_token": token})
    assert [f["name"] for f in _definition(client, "gridshop")["entities"][1]["fields"]] == ["id"]
    svg = client.get("/databases/gridshop/diagram").text
    assert "<svg" in svg and ">clients</text>" in svg


def test_parameter_errors_name_the_field_and_preview_follows(server: ApiServer) -> None:
    client, token = _signed_in(server)
    client.post("/databases", data={"name": "params", "csrf_token": token})
    client.post("/databases/params/tables/table_1/columns/add",
                data={"name": "qty", "generator": "Number", "csrf_token": token})
    bad = client.post("/databases/params/tables/table_1/columns/1/generator",
                      data={"generator": "Number", "p_min": "10", "p_max": "1", "csrf_token": token})
    assert bad.status_code == 400 and "min (10.0) is greater than max (1.0)" in bad.text
    assert re.search(r'id="p_min"[^>]*value="10"[^>]*aria-invalid="true"', bad.text)
    word = client.post("/databases/params/tables/table_1/columns/1/generator",
                       data={"generator": "Number", "p_min": "ten", "csrf_token": token})
    assert word.status_code == 400 and re.search(r'id="p_min"[^>]*aria-invalid="true"', word.text)
    ok = client.post("/databases/params/tables/table_1/columns/1/generator",
                     data={"generator": "Number", "p_min": "3", "p_max": "4", "csrf_token": token})
    assert ok.status_code == 200
    preview = client.get("/databases/params/tables/table_1/preview").text
    values = [int(v) for v in re.findall(r"<tr><td>\d+</td><td>(\d+)</td></tr>", preview)]
    assert len(values) == 20 and set(values) <= {3, 4}
    assert client.get("/databases/params/tables/table_1/preview").text == preview  # deterministic
    client.post("/databases/params/reseed", data={"table": "table_1", "csrf_token": token})
    seed = _definition(client, "params")["seed"]
    assert f"seed {seed}" in client.get("/databases/params/tables/table_1/preview").text
    picked = client.get("/databases/params/picker", params={"table": "table_1", "column": 1, "q": "e-mail"}).text
    assert "Email Address" in picked and "@example." in picked  # found by synonym, with example values


def test_yaml_source_round_trips_with_the_grid(server: ApiServer) -> None:
    client, token = _signed_in(server)
    client.post("/databases", data={"name": "yamlrt", "csrf_token": token})
    text = client.get("/databases/yamlrt/source").text
    source = yaml.safe_load(re.search(r"<textarea[^>]*>(.*?)</textarea>", text, re.S).group(1)
                            .replace("&#39;", "'").replace("&quot;", '"'))
    source["entities"][0]["fields"].append({"name": "city", "generator": "City", "percent_null": 5})
    saved = client.post("/databases/yamlrt/source", data={"text": yaml.safe_dump(source), "csrf_token": token})
    assert saved.status_code == 200
    grid = client.get("/databases/yamlrt/tables/table_1").text
    assert 'name="c1_name" value="city"' in grid and 'name="c1_percent_null" value="5"' in grid
    broken = client.post("/databases/yamlrt/source", data={"text": "name: yamlrt\nentities: [\n", "csrf_token": token})
    assert broken.status_code == 400 and "yaml: line 3" in broken.text
    as_json = client.get("/databases/yamlrt/source", params={"fmt": "json"}).text
    assert "&#34;percent_null&#34;: 5" in as_json or '"percent_null": 5' in as_json
    json_text = json.dumps({**source, "variables": {"n": 3}})
    assert client.post("/databases/yamlrt/source", data={"text": json_text, "fmt": "json",
                                                         "csrf_token": token}).status_code == 200
    assert _definition(client, "yamlrt")["variables"] == {"n": 3}
    broken_json = client.post("/databases/yamlrt/source", data={"text": "{", "fmt": "json", "csrf_token": token})
    assert broken_json.status_code == 400 and "json: line 1" in broken_json.text
    source["entities"][0]["fields"][1]["generator"] = "Citty"
    wrong = client.post("/databases/yamlrt/source", data={"text": yaml.safe_dump(source), "csrf_token": token})
    assert wrong.status_code == 400 and "entities[0].fields[1].generator" in wrong.text and "City" in wrong.text


def test_viewer_designer_is_read_only(server: ApiServer) -> None:
    editor, token = _signed_in(server)
    editor.post("/databases", data={"name": "readonly", "csrf_token": token})
    viewer, vtoken = _signed_in(server, "viewer")
    page = viewer.get("/databases/readonly/tables/table_1?column=0").text
    assert "Add table" not in page and "Save columns" not in page and "Reseed" not in page
    assert "<input" not in page.split('id="designer"')[1].split('id="preview-rows"')[0]
    forged = viewer.post("/databases/readonly/tables", data={"name": "forged", "csrf_token": vtoken})
    assert forged.status_code == 403 and "viewer" in forged.json()["error"]
    assert viewer.post("/databases/readonly/tables", data={"name": "nocsrf"}).status_code == 403


def test_variables_drive_record_counts(server: ApiServer) -> None:
    client, token = _signed_in(server)
    client.post("/databases", data={"name": "vars", "csrf_token": token})
    added = client.post("/databases/vars/variables", data={"var_new_name": "n_rows", "var_new_value": "40",
                                                           "table": "table_1", "csrf_token": token})
    assert added.status_code == 200 and 'value="40"' in added.text
    client.post("/databases/vars/tables/table_1/settings",
                data={"name": "table_1", "record_count": "n_rows * 2", "export": "1", "csrf_token": token})
    assert "of 80 rows of table_1" in client.get("/databases/vars/tables/table_1/preview").text
    client.post("/databases/vars/variables", data={"var0_value": "7", "table": "table_1", "csrf_token": token})
    assert "of 14 rows of table_1" in client.get("/databases/vars/tables/table_1/preview").text
    bad = client.post("/databases/vars/variables", data={"var_new_name": "2x", "table": "table_1",
                                                         "csrf_token": token})
    assert bad.status_code == 400 and re.search(r'id="var-new-name"[^>]*aria-invalid="true"', bad.text)
    # Removing a variable a record count still uses is refused by the validator, naming the expression.
    refused = client.post("/databases/vars/variables", data={"var0_remove": "1", "table": "table_1",
                                                             "csrf_token": token})
    assert refused.status_code == 400 and "n_rows" in refused.text
    assert _definition(client, "vars")["variables"] == {"n_rows": 7}


def test_static_csv_upload(server: ApiServer) -> None:
    client, token = _signed_in(server)
    client.post("/databases", data={"name": "static", "csrf_token": token})
    csv_text = "id,code,name\n1,US,United States\n2,FR,France\n3,DE,Germany\n"
    uploaded = client.post("/databases/static/tables/table_1/static", data={"csrf_token": token},
                           files={"file": ("countries.csv", csv_text.encode(), "text/csv")})
    assert uploaded.status_code == 200 and "Rows come from countries.csv" in uploaded.text
    entity = _definition(client, "static")["entities"][0]
    assert entity["is_static"] is True and entity["source"]["data"] == csv_text
    assert entity["fields"][0] == {"name": "id", "generator": "Source File", "primary_key": True}
    preview = client.get("/databases/static/tables/table_1/preview").text
    assert "The first 3 of 3 rows" in preview and "<td>France</td>" in preview
    empty = client.post("/databases/static/tables/table_1/static", data={"csrf_token": token},
                        files={"file": ("empty.csv", b"id,name\n", "text/csv")})
    assert empty.status_code == 400 and re.search(r'id="t-static"[^>]*aria-invalid="true"', empty.text)
    assert "header but no rows" in empty.text
