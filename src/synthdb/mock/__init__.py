"""The mock REST API: automatic resources, writes, custom routes and OpenAPI over a SQLite snapshot."""
