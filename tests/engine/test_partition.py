"""Partitioned generation: parts of any size, produced from a picklable spec, equal a one-process run."""

from __future__ import annotations

import io
import pickle

import pyarrow as pa
import pytest

from synthdb.definition.loader import definition_from_data
from synthdb.engine.partition import RunSpec, part_batches, table_parts
from synthdb.engine.planner import build_plan
from synthdb.engine.produce import Producer
from synthdb.outputs.formats.csv_format import CsvFormat
from synthdb.outputs.job import OutputJob, TableOutput
from synthdb.service.job_columns import column_infos

DEFINITION = {
    "name": "shop",
    "entities": [
        {"name": "customers", "record_count": 300, "fields": [
            {"name": "id", "generator": "Row Number", "primary_key": True},
            {"name": "email", "generator": "Email Address", "unique": True},
        ]},
        {"name": "orders", "record_count": 0, "fields": [
            {"name": "id", "generator": "Row Number", "primary_key": True},
            {"name": "customer_id", "generator": "Foreign Key", "primary_key_entity": "customers",
             "primary_key_field": "id", "distribution": "poisson", "mean": 3},
            {"name": "amount", "generator": "Number", "min": 1, "max": 500, "decimals": 2},
            {"name": "double", "generator": "SQL", "sql": "amount * 2"},
        ]},
    ],
}


def _plan():
    return build_plan(definition_from_data(DEFINITION), seed=7)


@pytest.mark.parametrize("rows_per_part", [1, 97, 256, 10_000])
def test_parts_concatenated_equal_one_process(rows_per_part: int) -> None:
    plan = _plan()
    spec = pickle.loads(pickle.dumps(RunSpec.from_plan(plan)))  # what a worker receives
    producer = Producer(plan)
    for table in plan.tables.values():
        whole = pa.Table.from_batches(list(producer.batches(table)))
        parts = table_parts(table, rows_per_part)
        assert [p.index for p in parts] == list(range(len(parts)))
        assert sum(p.rows for p in parts) == table.size
        batches = [b for p in parts for b in part_batches(spec, p.table, p.start, p.stop, batch_size=50)]
        assert pa.Table.from_batches(batches, schema=whole.schema).equals(whole)


def test_spec_digest_names_the_rows() -> None:
    spec = RunSpec.from_plan(_plan())
    assert spec.digest == RunSpec.from_plan(_plan()).digest
    assert RunSpec(spec.definition, spec.seed + 1, spec.variables).digest != spec.digest
    assert len(spec.definition_hash) == 64


def test_range_outside_table_is_refused() -> None:
    spec = RunSpec.from_plan(_plan())
    with pytest.raises(ValueError, match="outside table 'customers'"):
        list(part_batches(spec, "customers", 0, 301))


def test_csv_parts_without_header_concatenate_to_one_file() -> None:
    plan = _plan()
    spec = RunSpec.from_plan(plan)
    table = plan.tables["orders"]
    infos = column_infos(plan, table, set(plan.tables))

    def csv(start: int, stop: int, header: bool) -> bytes:
        out = io.BytesIO()
        output = TableOutput(table.name, infos, stop - start,
                             lambda: part_batches(spec, table.name, start, stop))
        job = OutputJob("shop", "postgres", [output], single_entity=True, options={"csv_header": header})
        CsvFormat().write_table(output, job, out)
        return out.getvalue()

    parts = table_parts(table, 123)
    joined = b"".join(csv(p.start, p.stop, p.index == 0) for p in parts)
    assert joined == csv(0, table.size, True)
