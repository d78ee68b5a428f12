"""The service's metadata store: SQLAlchemy models, Alembic migrations, keys, usage and secrets."""

from synthdb.store.db import Store, migrate, open_store, sqlite_url

__all__ = ["Store", "migrate", "open_store", "sqlite_url"]
