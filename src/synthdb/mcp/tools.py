"""The tools: names, argument schemas (from the type hints below) and answers sized for an agent.

Each tool turns a synthdb error into a tool error (`isError`) whose text names what is wrong and where;
anything else escaping a tool is a bug, which the SDK reports as an unexplained tool error.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from synthdb.api.errors import ApiError
from synthdb.definition.model import Database
from synthdb.errors import DefinitionError, SynthdbError
from synthdb.generators.registry import REGISTRY, UnknownGenerator
from synthdb.mcp.backend import Backend
from synthdb.mcp.checks import problem, structure_errors, validate
from synthdb.mcp.definitions import as_data, check_sources
from synthdb.mcp.explain import explain, preview
from synthdb.mcp.sizing import DEFAULT_PREVIEW_ROWS, MAX_PAGE_SIZE, MAX_PREVIEW_ROWS, MAX_TEXT_CHARS, Truncator, page_of
from synthdb.service.catalog import catalog, describe

Resolver = Callable[[Context], Backend]

DefinitionArg = Annotated[dict[str, Any] | str | None, Field(
    description="A definition: an object, or YAML/JSON text (see resource synthdb://docs/definition). "
                "Give this or 'database'.")]
DatabaseArg = Annotated[str | None, Field(
    description="A stored database instead of an inline definition: over HTTP its name, locally a definition "
                "file under the root (a relative path, or a name: 'shop' finds shop.yaml).", max_length=1024)]
VariablesArg = Annotated[dict[str, Any] | None, Field(
    description="Values for the definition's variables for this call, e.g. {\"n_customers\": 50}.")]
PageArg = Annotated[int, Field(description="Page number, from 1.", ge=1, le=100_000)]
PageSizeArg = Annotated[int, Field(description=f"Items per page (at most {MAX_PAGE_SIZE}).", ge=1, le=MAX_PAGE_SIZE)]


@contextlib.contextmanager
def tool_errors() -> Iterator[None]:
    """Known failures become tool errors with their message (never a traceback, never a dead server)."""
    try:
        yield
    except ToolError:
        raise
    except ApiError as exc:
        raise ToolError(exc.message) from exc
    except UnknownGenerator as exc:
        raise ToolError(f"name: {exc}; call search_generators to find one") from exc
    except SynthdbError as exc:
        raise ToolError(str(exc)) from exc
    except RecursionError as exc:
        raise ToolError("definition: nested too deeply") from exc
    except MemoryError as exc:
        raise ToolError("definition: too large to plan in memory; use smaller row counts (variables)") from exc


def _definition(backend: Backend, definition: Any, database: str | None) -> tuple[dict[str, Any], Path | None]:
    """Inline definition data or a stored one, with its source folder; exactly one must be given."""
    if (definition is None) == (database is None):
        raise ToolError("definition, database: give exactly one of them")
    if database is not None:
        data, base = backend.load(database)
    else:
        data, base = as_data(definition), backend.root
    check_sources(data, base, backend.root)
    return data, base


def _model(data: dict[str, Any], base: Path | None) -> Database:
    database, errors = structure_errors(data, base)
    if database is None:
        first = errors[0]
        raise DefinitionError(first["path"], f"{first['message']} (call validate_definition for every problem)")
    return database


def register_tools(server: MCPServer, resolve: Resolver) -> None:
    """Add every tool to `server`; `resolve` gives the backend of a call (local files or the caller's workspace)."""

    @server.tool()
    def search_generators(
        query: Annotated[str, Field(description="Words to look for in names, ids, synonyms, categories and "
                                                "descriptions; empty lists everything.", max_length=200)] = "",
        category: Annotated[str | None, Field(description="Only this category: any part of its name, e.g. 'dates'.",
                                              max_length=200)] = None,
        page: PageArg = 1,
        page_size: PageSizeArg = 10,
        with_examples: Annotated[bool, Field(description="Include 3 example values per generator.")] = True,
    ) -> dict[str, Any]:
        """Find generators for a column: name, id, synonyms, category, parameters (type, default) and examples."""
        with tool_errors():
            words = query.split()
            found = catalog(category=category, search=words[0] if words else None)
            for word in words[1:]:
                found = [c for c in found if c in catalog(search=word)]
            chunk, info = page_of(found, page, page_size)
            truncate = Truncator()
            out = {"generators": [truncate(describe(c, with_examples)) for c in chunk], **info}
            if not found:
                categories = sorted({c.category for c in catalog()})
                out["note"] = f"nothing matched; try another word or a category: {', '.join(categories)}"
            return out

    @server.tool()
    def describe_generator(
        name: Annotated[str, Field(description="A generator's name, id or synonym, e.g. 'Email Address'.",
                                   max_length=200)],
    ) -> dict[str, Any]:
        """One generator: description, parameters with types and defaults, and example values."""
        with tool_errors():
            return Truncator()(describe(REGISTRY.resolve(name)))

    @server.tool()
    def validate_definition(
        ctx: Context, definition: DefinitionArg = None, database: DatabaseArg = None, variables: VariablesArg = None,
    ) -> dict[str, Any]:
        """Check a definition without generating: `valid`, and every problem as {path, message, suggestion}."""
        with tool_errors():
            try:
                data, base = _definition(resolve(ctx), definition, database)
            except DefinitionError as exc:
                return {"valid": False, "warnings": [], "errors": [problem(exc.path, exc.message)]}
            return validate(data, variables, base)

    @server.tool()
    def preview_table(
        ctx: Context,
        table: Annotated[str, Field(description="The table (entity) to show.", max_length=200)],
        definition: DefinitionArg = None,
        database: DatabaseArg = None,
        rows: Annotated[int, Field(description=f"Rows to show (at most {MAX_PREVIEW_ROWS}).", ge=1,
                                   le=MAX_PREVIEW_ROWS)] = DEFAULT_PREVIEW_ROWS,
        seed: Annotated[int | None, Field(description="Seed (default: the definition's).", ge=0,
                                          le=2**63 - 1)] = None,
        variables: VariablesArg = None,
    ) -> dict[str, Any]:
        """The first rows of one table, exactly as generate writes them with the same seed (deterministic)."""
        with tool_errors():
            data, base = _definition(resolve(ctx), definition, database)
            return preview(_model(data, base), table, rows, seed, variables)

    @server.tool()
    def explain_definition(
        ctx: Context, definition: DefinitionArg = None, database: DatabaseArg = None, variables: VariablesArg = None,
    ) -> dict[str, Any]:
        """Row counts per table (parents first), relations (foreign keys), and what each column uses."""
        with tool_errors():
            data, base = _definition(resolve(ctx), definition, database)
            return explain(_model(data, base), variables)

    @server.tool()
    def import_schema(
        ctx: Context,
        ddl: Annotated[str | None, Field(description="CREATE TABLE statements (DDL text). Give this or "
                                                     "'connection'.", max_length=MAX_TEXT_CHARS)] = None,
        connection: Annotated[str | None, Field(
            description="A saved connection to read the schema from: over HTTP one of the key's workspace "
                        "(editor role or above), locally one of `synthdb connections add`.", max_length=200)] = None,
        dialect: Annotated[str | None, Field(description="postgres, mysql, sqlite or tsql (guessed when "
                                                         "not given; DDL only).", max_length=40)] = None,
        name: Annotated[str | None, Field(description="Name of the database (default 'imported', or the "
                                                       "connection's database).", max_length=200)] = None,
    ) -> dict[str, Any]:
        """A definition from DDL or a live database, with the generator guessed for each column and how sure."""
        with tool_errors():
            from synthdb.importers import guess_dialect
            from synthdb.importers.build import build_definition
            from synthdb.importers.ddl import parse_ddl

            if (ddl is None) == (connection is None):
                raise ToolError("ddl, connection: give exactly one of them")
            if connection is not None:
                if dialect is not None:
                    raise ToolError("dialect: only for ddl; a connection's dialect is its database's")
                schema = resolve(ctx).reflect_connection(connection)
                if name:
                    schema.name = name
                if not schema.tables:
                    raise ToolError(f"connection: the database of '{connection}' has no tables")
            else:
                assert ddl is not None
                schema = parse_ddl(ddl, dialect or guess_dialect(ddl), name or "imported")
                if not schema.tables:
                    raise ToolError("ddl: no CREATE TABLE statement found")
            result = build_definition(schema)
            guesses = [{"table": g.table, "column": g.column, "generator": g.generator,
                        "confidence": round(g.confidence, 2), "why": g.reason} for g in result.guesses[:200]]
            return Truncator()({"definition": result.definition, "guesses": guesses, "notes": result.notes,
                                "next": "review the guesses, then upsert_database and preview_table"})

    @server.tool()
    def list_databases(ctx: Context, page: PageArg = 1, page_size: PageSizeArg = 20) -> dict[str, Any]:
        """The stored databases: over HTTP the key's workspace, locally the definition files under the root."""
        with tool_errors():
            return resolve(ctx).list_databases(page, page_size)

    @server.tool()
    def get_database(
        ctx: Context,
        database: Annotated[str, Field(description="Its name (HTTP) or file (local).", max_length=1024)],
    ) -> dict[str, Any]:
        """One stored database's whole definition (long values such as inline CSV data are truncated)."""
        with tool_errors():
            answer = Truncator(2000)(resolve(ctx).get_database(database))
            return answer

    @server.tool()
    def upsert_database(
        ctx: Context,
        definition: Annotated[dict[str, Any] | str, Field(description="The whole definition (object or YAML).")],
        path: Annotated[str | None, Field(description="Local mode only: the file to write, relative to the root "
                                                      "(default '<name>.yaml').", max_length=1024)] = None,
    ) -> dict[str, Any]:
        """Store a definition, creating or replacing the one with the same name; refused unless it is valid."""
        with tool_errors():
            return resolve(ctx).upsert_database(as_data(definition), path)

    @server.tool()
    def generate(
        ctx: Context,
        database: Annotated[str, Field(description="The stored database to generate.", max_length=1024)],
        format: Annotated[str, Field(description="csv, jsonl, parquet, xml, sql, sqlite or postgres-optimized.",
                                     max_length=40)] = "csv",
        entity: Annotated[str | None, Field(description="Only this table, as a plain file.", max_length=200)] = None,
        overrides: Annotated[dict[str, Any] | None, Field(
            description="Per-run changes: {\"variables\": {...}, \"entities\": {table: {attribute or "
                        "fields: {column: {parameter: value}}}}}.")] = None,
        wait_seconds: Annotated[float, Field(description="How long to wait for the data before answering with "
                                                         "a task to poll (HTTP).", ge=0, le=120)] = 30,
    ) -> dict[str, Any]:
        """Generate a stored database: the task, and once done where the data is (a download link or a file)."""
        with tool_errors():
            return resolve(ctx).generate(database, format, entity, overrides, wait_seconds)

    @server.tool()
    def get_task(
        ctx: Context, task_id: Annotated[str, Field(description="The id generate answered.", max_length=200)],
    ) -> dict[str, Any]:
        """A generate task: status, progress, error, and the download link once completed."""
        with tool_errors():
            return resolve(ctx).get_task(task_id)
