"""Every tool's input schema is valid JSON Schema, and random or hostile inputs give tool errors, never crashes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio
import hypothesis.strategies as st
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis_jsonschema import from_schema
from mcp import Client

from mcp_hostile import hostile_session
from mcp_scenario import SHOP, TOOLS, stdio_params
from synthdb.mcp.local import LocalBackend
from synthdb.mcp.server import build_server

ROOT_FILES = {"shop.yaml": SHOP.read_text()}


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    """An in-process server on a root holding the shop example (so some random names hit a real file)."""
    root = tmp_path_factory.mktemp("root")
    for name, text in ROOT_FILES.items():
        (root / name).write_text(text)
    backend = LocalBackend(root)
    return build_server(lambda _ctx: backend), root


async def _tools(server: Any) -> list[Any]:
    async with Client(server) as client:
        return list((await client.list_tools()).tools)


def test_every_input_schema_is_valid_json_schema(local: tuple[Any, Path]) -> None:
    tools = anyio.run(_tools, local[0])
    assert {tool.name for tool in tools} == TOOLS
    meta = jsonschema.Draft202012Validator(jsonschema.Draft202012Validator.META_SCHEMA)
    for tool in tools:
        meta.validate(tool.input_schema)  # raises with the offending part
        jsonschema.Draft202012Validator.check_schema(tool.input_schema)
        assert tool.input_schema["type"] == "object"
        # Every argument is documented for the agent.
        for name, spec in tool.input_schema["properties"].items():
            if name != "ctx":
                assert spec.get("description"), f"{tool.name}.{name} has no description"
        assert "ctx" not in tool.input_schema["properties"]


def test_docs_list_every_tool_and_argument(local: tuple[Any, Path]) -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "mcp.md").read_text()
    for tool in anyio.run(_tools, local[0]):
        section = page.split(f"### `{tool.name}`\n", 1)[1].split("\n### ", 1)[0]
        assert tool.description in section
        required = set(tool.input_schema.get("required", []))
        for name, spec in tool.input_schema["properties"].items():
            default = "required" if name in required else f"`{json.dumps(spec.get('default'))}`"
            [row] = [line for line in section.splitlines() if line.startswith(f"| `{name}` |")]
            assert f"| {default} |" in row and spec.get("description", "").replace("|", "\\|") in row, row


def check_answer(name: str, result: Any) -> None:
    """A tool error naming the problem, or a structured answer: never the SDK's bare crash message."""
    if result.is_error:
        text = result.content[0].text
        assert text != f"Error executing tool {name}", "the tool crashed (an unexpected exception)"
        assert "Traceback" not in text
    else:
        assert isinstance(result.structured_content, dict)


async def _call(server: Any, name: str, arguments: Any) -> Any:
    async with Client(server) as client:
        return await client.call_tool(name, arguments)


def _hostile_values() -> st.SearchStrategy[Any]:
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30)
    paths = st.sampled_from(["../../etc/passwd", "/etc/passwd", "..", "shop/../../x", "a\x00b", "~/x", "\\\\srv\\x",
                             "C:\\Windows", "shop", "shop.yaml", "out/../../shop.yaml", ""])
    return st.recursive(scalars | paths, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(st.text(max_size=10), inner, max_size=3), max_leaves=8)


@st.composite
def tool_calls(draw: st.DrawFn, tools: list[Any]) -> tuple[str, Any]:
    tool = draw(st.sampled_from(tools))
    schema = tool.input_schema
    valid = from_schema(schema)
    # Wrong types, missing or unknown fields, traversal strings: arguments as a hostile agent sends them.
    hostile = st.dictionaries(st.sampled_from([*schema["properties"], "extra"]), _hostile_values(), max_size=4)
    return tool.name, draw(valid | hostile)


def test_random_inputs_give_tool_errors_never_crashes(local: tuple[Any, Path]) -> None:
    server, root = local
    tools = anyio.run(_tools, server)

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(tool_calls(tools))
    def check(call: tuple[str, Any]) -> None:
        name, arguments = call
        check_answer(name, anyio.run(_call, server, name, arguments))

    check()
    # Nothing was written outside the root, and the root holds only what the tools may write.
    assert {p.name for p in root.iterdir()} <= {"shop.yaml", "out", *(p.name for p in root.glob("*.yaml"))}


def test_hostile_inputs_over_stdio_leave_the_server_alive(root: Path) -> None:
    (root / "shop.yaml").write_text(SHOP.read_text())

    async def main() -> None:
        async with Client(stdio_params(root)) as client:
            await hostile_session(client)

    anyio.run(main)
    assert sorted(p.name for p in root.iterdir()) == ["shop.yaml"]
