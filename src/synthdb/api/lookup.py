"""Finding a workspace's resources by name, and checking definitions sent by clients."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from synthdb.api.auth import Principal, check_workspace
from synthdb.api.errors import ApiError, not_found
from synthdb.api.names import check_name, name_problem
from synthdb.api.settings import Settings
from synthdb.definition.loader import definition_from_data
from synthdb.definition.model import Database
from synthdb.engine.plan import Plan, RowLimits
from synthdb.engine.planner import build_plan
from synthdb.engine.sql_tables import plan_sql_tables
from synthdb.errors import SynthdbError
from synthdb.service.run import Run, RunOptions, UnknownEntity
from synthdb.store.models import DatabaseRecord, Workspace

log = logging.getLogger("synthdb.api")


def workspace_of(session: Session, principal: Principal, name: str) -> Workspace:
    """A workspace the key holds a role in (enough for the route); 400 for a malformed name, 404 for any other."""
    scoped = check_workspace(principal, name)
    workspace = session.get(Workspace, scoped.workspace_id)
    if workspace is None:
        raise not_found("workspace", name)
    return workspace


def find_database(session: Session, workspace: Workspace, name: str, field: str = "database") -> DatabaseRecord:
    """A database of the workspace by name (or by id, which Fabricate's answers carry)."""
    check_name(name, field)
    record = session.scalar(
        select(DatabaseRecord).where(DatabaseRecord.workspace_id == workspace.id, DatabaseRecord.name == name)
    )
    if record is None:
        record = session.scalar(
            select(DatabaseRecord).where(DatabaseRecord.workspace_id == workspace.id, DatabaseRecord.id == name)
        )
    if record is None:
        raise not_found("database", name)
    return record


def stored_definition(record: DatabaseRecord) -> Database:
    """The stored definition as the model (it was validated when it was stored)."""
    return definition_from_data(json.loads(record.definition), trusted_paths=False)


def check_entity_names(database: Database) -> None:
    """Entity names become file names in zips and on disk: they must be plain names."""
    for index, entity in enumerate(database.entities):
        problem = name_problem(entity.name)
        if problem is not None:
            raise ApiError(400, f"entities[{index}].name: {problem}")
        # A schema names the table's files too (`sales.orders.csv`).
        problem = name_problem(entity.db_schema) if entity.db_schema is not None else None
        if problem is not None:
            raise ApiError(400, f"entities[{index}].schema: {problem}")


def limits_of(settings: Settings) -> RowLimits:
    """The service's caps on rows (never above the engine's own ceilings)."""
    ceiling = RowLimits()
    return RowLimits(min(settings.max_table_rows, ceiling.per_table), min(settings.max_task_rows, ceiling.total))


def plan_definition(
    database: Database, variables: Mapping[str, Any] | None = None, limits: RowLimits | None = None
) -> Plan:
    """Check everything that can be checked before generating; 400 naming the path for any problem.

    Planning evaluates the caller's expressions and counts children per parent: every size is bounded
    by `limits` (the service's settings), and routes calling this are sync, so it runs in the threadpool.
    SQL tables are planned too (their queries compiled over empty tables in the SQL sandbox), so a query
    that DuckDB refuses is a 400 at upsert rather than a failed task.
    """
    check_entity_names(database)
    with _client_errors():
        plan = build_plan(database, None, variables, limits)
        plan_sql_tables(plan)
        return plan


def planned_run(database: Database, options: RunOptions, limits: RowLimits | None = None) -> Run:
    """What `plan_definition` checks, as the Run a task needs: the Run compiles the SQL tables (once)."""
    check_entity_names(database)
    with _client_errors():
        try:
            return Run(database, options, plan=build_plan(database, None, options.variables, limits))
        except UnknownEntity as exc:
            raise ApiError(400, f"entity: {exc}") from exc


@contextlib.contextmanager
def _client_errors() -> Iterator[None]:
    try:
        yield
    except (SynthdbError, ApiError):
        raise
    except Exception as exc:
        # Input the validators did not foresee must still be a client error, never a 500.
        log.warning("definition rejected by an unexpected error", exc_info=exc)
        raise ApiError(400, f"definition: cannot be planned ({type(exc).__name__}: {exc})") from exc
