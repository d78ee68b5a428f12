"""CLI command modules; each registers its commands on `synthdb.cli.app.app` when imported."""
