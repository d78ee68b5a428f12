"""`synthdb mcp --root` over stdio, driven by the SDK's own client: the shop through the tools, and the root."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client

from mcp_scenario import call, design_shop, error_of, shop_definition, stdio_params


def test_design_the_shop_over_stdio(root: Path) -> None:
    async def main() -> dict[str, Any]:
        async def download(task: dict[str, Any]) -> bytes:
            path = Path(task["path"])
            assert path.is_relative_to(root) and task["relative_path"] == "out/shop.zip"
            assert task["data_url"] == path.as_uri()
            return path.read_bytes()

        async with Client(stdio_params(root)) as client:
            return await design_shop(client, download)

    task = anyio.run(main)
    # The definition was written as YAML under the root, the data under root/out; nothing else.
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == \
        ["out/shop.zip", "shop.yaml"]
    # CSV zips carry a README.md describing the files, as Fabricate's do.
    assert task["files"] == ["customers.csv", "products.csv", "orders.csv", "order_items.csv", "README.md"]


def test_stdio_refuses_paths_outside_the_root(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "private.yaml").write_text("name: private\nentities: []\n")
    (outside / "data.csv").write_text("a\n1\n")
    os.symlink(outside, root / "link")
    os.symlink(outside / "private.yaml", root / "alias.yaml")
    definition = shop_definition()

    async def main() -> None:
        async with Client(stdio_params(root)) as client:
            for name in ("../secret/private.yaml", str(outside / "private.yaml"), "link/private.yaml",
                         "alias.yaml", "alias", "..", "sub/../../secret/private", "a\x00b"):
                text = await error_of(client, "get_database", {"database": name})
                assert "database:" in text and ("root" in text or "NUL" in text), (name, text)
                text = await error_of(client, "explain_definition", {"database": name})
                assert "database:" in text, (name, text)
            for path in ("../evil.yaml", str(tmp_path / "evil.yaml"), "link/evil.yaml", "sub/../../evil.yaml"):
                text = await error_of(client, "upsert_database", {"definition": definition, "path": path})
                assert text.startswith("Error executing tool upsert_database: path:"), (path, text)
            assert not (tmp_path / "evil.yaml").exists() and not (outside / "evil.yaml").exists()
            # A static table may not read a CSV outside the root either.
            static = {"name": "s", "entities": [{"name": "t", "is_static": True,
                                                 "source": {"path": str(outside / "data.csv")}}]}
            text = await error_of(client, "preview_table", {"definition": static, "table": "t"})
            assert "entities[0].source.path" in text and "root" in text
            text = await error_of(client, "upsert_database", {"definition": static})
            assert "entities[0].source.path" in text
            # Symlinks leading out are not listed either; the link folder's file is not offered.
            listed = await call(client, "list_databases", {})
            assert listed["databases"] == []
            # Inside the root, a relative path works.
            stored = await call(client, "upsert_database", {"definition": definition, "path": "defs/shop.yaml"})
            assert stored["database"] == "defs/shop.yaml" and (root / "defs" / "shop.yaml").is_file()
            assert (await call(client, "get_database", {"database": "defs/shop"}))["database"] == "defs/shop.yaml"

    anyio.run(main)
    assert sorted(p.name for p in outside.iterdir()) == ["data.csv", "private.yaml"]


def test_resources_and_the_design_prompt(root: Path) -> None:
    async def main() -> None:
        async with Client(stdio_params(root)) as client:
            resources = {str(r.uri) for r in (await client.list_resources()).resources}
            assert {"synthdb://docs/definition", "synthdb://catalog"} <= resources
            guide = (await client.read_resource("synthdb://docs/definition")).contents[0].text  # type: ignore[union-attr]
            assert guide == (Path(__file__).resolve().parents[2] / "docs" / "definition.md").read_text()
            index = (await client.read_resource("synthdb://catalog")).contents[0].text  # type: ignore[union-attr]
            assert "synthdb://catalog/names-and-other-identifying-information" in index
            uri = "synthdb://catalog/names-and-other-identifying-information"
            page = (await client.read_resource(uri)).contents[0].text  # type: ignore[union-attr]
            assert "## First Name (`first_name`)" in page and "Examples:" in page
            dates = (await client.read_resource("synthdb://catalog/dates")).contents[0].text  # type: ignore[union-attr]
            assert dates.startswith("# Dates and times")
            prompts = (await client.list_prompts()).prompts
            assert [p.name for p in prompts] == ["design_database"]
            prompt = await client.get_prompt("design_database", {"description": "a library with loans"})
            text = prompt.messages[0].content.text  # type: ignore[union-attr]
            assert "a library with loans" in text
            order = [text.index(word) for word in ("search_generators", "validate_definition", "preview_table",
                                                   "upsert_database")]
            assert order == sorted(order)

    anyio.run(main)


def test_the_command_refuses_a_missing_root(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "synthdb", "mcp", "--root", str(tmp_path / "nope")],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and "--root" in done.stderr and "not a folder" in done.stderr


@pytest.mark.parametrize("ddl", ["CREATE TABLE authors (id integer primary key, email varchar(120) not null);\n"
                                 "CREATE TABLE books (id integer primary key, author_id integer references authors(id),"
                                 " title text, isbn varchar(17));"])
def test_import_schema_then_preview(root: Path, ddl: str) -> None:
    async def main() -> None:
        async with Client(stdio_params(root)) as client:
            imported = await call(client, "import_schema", {"ddl": ddl, "name": "library"})
            definition = imported["definition"]
            assert [e["name"] for e in definition["entities"]] == ["authors", "books"]
            guesses = {(g["table"], g["column"]): g["generator"] for g in imported["guesses"]}
            assert guesses[("authors", "email")] == "Email Address"
            assert guesses[("books", "author_id")] == "Foreign Key"
            assert (await call(client, "validate_definition", {"definition": definition}))["valid"] is True
            rows = await call(client, "preview_table", {"definition": definition, "table": "books", "rows": 3})
            assert rows["shown"] == 3 and all("@" not in str(r["title"]) for r in rows["rows"])

    anyio.run(main)


def test_broken_files_under_the_root_are_reported_not_fatal(root: Path) -> None:
    (root / "broken.yaml").write_text("name: x\nentities: [unclosed\n")
    (root / "binary.yaml").write_bytes(b"\xff\xfe\x00garbage")
    (root / ".hidden.yaml").write_text("name: hidden\nentities: []\n")
    (root / "out").mkdir()
    (root / "out" / "old.yaml").write_text("name: old\nentities: []\n")
    (root / "loop").symlink_to(root)  # a folder symlink loop must not hang the listing

    async def main() -> None:
        async with Client(stdio_params(root)) as client:
            listed = await call(client, "list_databases", {})
            entries = {d["database"]: d for d in listed["databases"]}
            assert sorted(entries) == ["binary.yaml", "broken.yaml"]
            assert "malformed YAML at line 3" in entries["broken.yaml"]["problem"]
            assert "cannot read binary.yaml" in entries["binary.yaml"]["problem"]
            checked = await call(client, "validate_definition", {"database": "broken"})
            assert checked["valid"] is False
            assert checked["errors"][0]["message"].startswith("malformed YAML at line 3")
            assert "fix the syntax" in checked["errors"][0]["suggestion"]
            assert "cannot read binary.yaml" in await error_of(client, "get_database", {"database": "binary.yaml"})

    anyio.run(main)
