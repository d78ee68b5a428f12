"""Use-cases shared by the CLI, the Python API, the REST API and the web UI."""
