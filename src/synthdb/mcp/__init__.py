"""The MCP server: tools, resources and a prompt that let an AI agent design, check and generate databases.

`server.build_server(backend)` makes the server; `stdio.run_stdio(root)` serves local files, and
`http.mount_mcp(app)` adds the same tools to the REST service at `/api/v1/mcp`.
"""
