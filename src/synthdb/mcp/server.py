"""The MCP server object shared by both transports: tools, resources and the prompt."""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer

import synthdb
from synthdb.mcp.guide import register_guides
from synthdb.mcp.snapshot_tools import register_snapshot_tools
from synthdb.mcp.tools import Resolver, register_tools

INSTRUCTIONS = (
    "synthdb generates realistic, relationally consistent, deterministic synthetic databases from a "
    "declarative definition. Design one with search_generators → draft → validate_definition → "
    "preview_table → fix (the prompt design_database walks through it), store it with upsert_database, "
    "and generate it, or keep it as a snapshot to query (query_snapshot) and serve as a mock REST API "
    "(call_mock_api). The format guide is the resource synthdb://docs/definition."
)


def build_server(resolve: Resolver) -> MCPServer:
    """An MCP server whose tools act on the backend `resolve` gives for each call."""
    server: MCPServer = MCPServer("synthdb", instructions=INSTRUCTIONS, version=synthdb.__version__,
                                  log_level="WARNING")
    register_tools(server, resolve)
    register_snapshot_tools(server, resolve)
    register_guides(server)
    return server
