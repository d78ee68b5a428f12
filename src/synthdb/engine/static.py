"""Static tables: rows come from the CSV attached to the entity (`is_static` + `source`)."""

from __future__ import annotations

from synthdb.definition.model import Entity
from synthdb.engine.plan import TablePlan
from synthdb.errors import DefinitionError
from synthdb.generators.catalog.data_types.source_file import CsvError, text_table


def check_static(entity: Entity, path: str) -> None:
    """A static table needs readable CSV data with rows; reported at `<path>.source...` before any column is planned.

    An entity without fields must be static (its columns are the CSV's header): an empty table is an
    error naming what is missing, never an empty file.
    """
    if not entity.is_static:
        if not entity.fields:
            raise DefinitionError(f"{path}.fields", "an entity needs at least one field (only static tables, "
                                  "with source: {data, filename}, and SQL tables may omit them)")
        return
    source = entity.source
    if source is None:
        raise DefinitionError(f"{path}.source", "is missing: a static table needs its CSV: source: {data: <CSV "
                              "text>, filename: x.csv} (or source: {path: x.csv})")
    if not source.data or not source.data.strip():
        raise DefinitionError(f"{path}.source.data", "is missing or empty: a static table's rows come from this "
                              "CSV text (a header row, then one row per record)")
    try:
        table = text_table(source.data)
    except CsvError as exc:
        name = f" {source.filename}" if source.filename else ""
        raise DefinitionError(f"{path}.source", f"cannot read the CSV{name}: {exc}") from exc
    if table.num_rows == 0:
        name = f" {source.filename}" if source.filename else ""
        raise DefinitionError(f"{path}.source.data", f"the CSV{name} has a header but no rows: a static table "
                              "needs at least one record")


def static_size(table: TablePlan) -> int:
    """A static table has one row per CSV record; record_count is ignored."""
    if table.driver is not None:
        raise DefinitionError(f"{table.driver.path}.distribution",
                              "a static table has one row per CSV record; children per parent cannot set its size")
    source = table.entity.source
    assert source is not None and source.data, "check_static() ran when the table was planned"
    return int(text_table(source.data).num_rows)
