"""Upsert refuses unknown keys and unsupported platforms (400 naming the path); `?lenient=true` warns."""

from __future__ import annotations

import copy

import httpx
import pytest

from api.apiserver import shop


def _with_typo() -> dict:
    body = copy.deepcopy(shop("typo"))
    body["entities"][0]["fields"][0]["mxa"] = 5
    return body


def test_unknown_key_is_a_400_naming_the_path(editor: httpx.Client, workspace: str) -> None:
    answer = editor.post(f"/workspaces/{workspace}/databases", json=_with_typo())
    assert answer.status_code == 400
    assert answer.json()["error"].endswith("entities[0].fields[0].mxa: unknown parameter of Number; "
                                           "did you mean 'max'?")
    assert editor.get(f"/workspaces/{workspace}/databases/typo").status_code == 404  # nothing stored


def test_lenient_upsert_stores_without_the_key_and_lists_warnings(editor: httpx.Client, workspace: str) -> None:
    answer = editor.post(f"/workspaces/{workspace}/databases", params={"lenient": "true"}, json=_with_typo())
    assert answer.status_code == 200, answer.text
    assert answer.json()["warnings"] == ["entities[0].fields[0].mxa: unknown parameter of Number; "
                                         "did you mean 'max'? (ignored)"]
    stored = editor.get(f"/workspaces/{workspace}/databases/typo").json()
    assert "mxa" not in stored["entities"][0]["fields"][0] and "warnings" not in stored
    strict = editor.post(f"/workspaces/{workspace}/databases", json=shop("clean"))
    assert strict.status_code == 200 and "warnings" not in strict.json()


@pytest.mark.parametrize("platform", ["oracle", "snowflake", "databricks", "mongodb"])
def test_fabricates_other_platforms_are_refused_at_upsert(editor: httpx.Client, workspace: str, platform: str) -> None:
    answer = editor.post(f"/workspaces/{workspace}/databases", json={**shop(platform), "platform": platform})
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert f"platform: unsupported platform '{platform}'" in error
    assert "(supported: postgres, mysql, sqlite, sqlserver, duckdb;" in error
    assert editor.get(f"/workspaces/{workspace}/databases/{platform}").status_code == 404  # nothing stored


def test_unsupported_platform_is_refused_at_upsert(editor: httpx.Client, workspace: str) -> None:
    body = {**shop("oracle"), "platform": "oracle"}
    answer = editor.post(f"/workspaces/{workspace}/databases", json=body)
    assert answer.status_code == 400
    assert "platform: unsupported platform 'oracle'" in answer.json()["error"]
    lenient = editor.post(f"/workspaces/{workspace}/databases", params={"lenient": "true"}, json=body)
    assert lenient.status_code == 400  # lenient forgives unknown keys, not wrong values
