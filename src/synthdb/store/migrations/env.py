"""Alembic environment: migrations run on the connection handed over by `synthdb.store.db.migrate`."""

from __future__ import annotations

from alembic import context

from synthdb.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through synthdb.store.db.migrate(), which provides the connection")

# render_as_batch: SQLite alters tables by copying them; Alembic's batch mode does that for us.
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
