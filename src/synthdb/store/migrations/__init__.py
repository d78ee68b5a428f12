"""Alembic migrations of the metadata store (run by synthdb.store.db.migrate)."""
