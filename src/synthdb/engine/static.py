"""Static tables: rows come from the CSV attached to the entity (`is_static` + `source`)."""

from __future__ import annotations

from synthdb.definition.model import Entity
from synthdb.engine.plan import TablePlan
from synthdb.errors import DefinitionError
from synthdb.generators.catalog.data_types.source_file import CsvError, text_table


def check_static(entity: Entity, path: str) -> None:
    """A static table needs readable CSV data; reported at `<path>.source` before any column is planned."""
    if not entity.is_static:
        return
    source = entity.source
    if source is None or not source.data:
        raise DefinitionError(f"{path}.source", "a static table needs its CSV: source: {data: <CSV text>, "
                              "filename: x.csv} (or source: {path: x.csv})")
    try:
        text_table(source.data)
    except CsvError as exc:
        name = f" {source.filename}" if source.filename else ""
        raise DefinitionError(f"{path}.source", f"cannot read the CSV{name}: {exc}") from exc


def static_size(table: TablePlan) -> int:
    """A static table has one row per CSV record; record_count is ignored."""
    if table.driver is not None:
        raise DefinitionError(f"{table.driver.path}.distribution",
                              "a static table has one row per CSV record; children per parent cannot set its size")
    source = table.entity.source
    assert source is not None and source.data, "check_static() ran when the table was planned"
    return int(text_table(source.data).num_rows)
