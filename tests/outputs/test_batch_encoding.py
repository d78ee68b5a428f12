"""Batches encoded and deflated where they are made: the same archive bytes as deflating here, valid zips."""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

import synthdb
from synthdb.errors import OutputError
from synthdb.outputs import zipwriter
from synthdb.outputs.batch_encoding import CHUNK_ROWS, BatchEncoding, write_payload
from synthdb.outputs.formats.csv_format import CsvLines
from synthdb.outputs.formats.jsonl_format import JsonLines
from synthdb.outputs.zipwriter import DeflatedPiece, ParallelZip, deflate_piece


@pytest.mark.parametrize("deflater", ["native", "zlib"])
def test_crc32_combine_matches_the_crc_of_the_concatenation(monkeypatch: pytest.MonkeyPatch, deflater: str) -> None:
    if deflater == "zlib":  # the pure-Python combine used where ISA-L has no wheel
        monkeypatch.setattr(zipwriter, "_deflater", zlib)
    for first, second in [(b"", b""), (b"abc", b""), (b"", b"xyz"), (os.urandom(1000), os.urandom(3)),
                          (os.urandom(7), os.urandom(70_001))]:
        combined = zipwriter._crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second))
        assert combined == zlib.crc32(first + second)


def _archive(path: Path, parts: list[bytes | DeflatedPiece], chunk_size: int) -> bytes:
    with ParallelZip(path, chunk_size=chunk_size) as archive, archive.open("t.csv") as out:
        for part in parts:
            if isinstance(part, DeflatedPiece):
                out.write_piece(part)  # type: ignore[attr-defined]
            else:
                out.write(part)
                out.end_chunk()  # type: ignore[attr-defined]
    return path.read_bytes()


def test_a_piece_deflated_elsewhere_gives_the_bytes_of_writing_it_here(tmp_path: Path) -> None:
    head, rows, tail = b"a,b\n", os.urandom(5_000) * 3, b"last\n"
    here = _archive(tmp_path / "here.zip", [head, rows, tail], chunk_size=4_096)
    there = _archive(tmp_path / "there.zip", [head, deflate_piece(rows, 1, chunk_size=4_096), tail], chunk_size=4_096)
    assert here == there
    with zipfile.ZipFile(io.BytesIO(there)) as archive:
        assert archive.testzip() is None  # the combined CRC-32 is right
        assert archive.read("t.csv") == head + rows + tail


def _batch(rows: int, first: int) -> pa.RecordBatch:
    numbers = range(first, first + rows)
    return pa.record_batch({"n": pa.array(numbers), "s": [f"v,{i}" for i in numbers]})


@pytest.mark.parametrize("encode", [CsvLines(None, False), CsvLines("needed", False), JsonLines(('"n"', '"s"'))])
def test_chunks_follow_rows_not_batches(encode: Any) -> None:
    first, rows = CHUNK_ROWS - 100, 2 * CHUNK_ROWS + 300  # starts and ends inside a chunk
    batch = _batch(rows, first)
    segments = BatchEncoding("t", encode, level=1)(batch, first)
    # [first, C) raw and ending a chunk; [C, 2C) and [2C, 3C) whole and deflated; [3C, 3C + 200) raw, open.
    assert [isinstance(s, DeflatedPiece) for s, _ in segments] == [False, True, True, False]
    assert [ends for _, ends in segments] == [True, True, True, False]
    whole = segments[1][0]
    assert isinstance(whole, DeflatedPiece)
    raw = [bytes(s) if not isinstance(s, DeflatedPiece) else zlib.decompressobj(-15).decompress(s.data)
           for s, _ in segments]
    assert b"".join(raw) == bytes(encode(batch))
    plain = BatchEncoding("t", encode)(batch, first)
    assert len(plain) == 1 and bytes(plain[0][0]) == bytes(encode(batch))


def test_payloads_of_any_batching_make_the_same_member(tmp_path: Path) -> None:
    encoding = BatchEncoding("t", CsvLines(None, False), level=1)
    total = 3 * CHUNK_ROWS + 17
    archives = []
    for size in (total, CHUNK_ROWS, 1_000, 4_096 + 1):
        path = tmp_path / f"{size}.zip"
        with ParallelZip(path) as archive, archive.open("t.csv") as out:
            out.write(b"n,s\n")
            out.end_chunk()  # type: ignore[attr-defined]
            for start in range(0, total, size):
                write_payload(out, encoding(_batch(min(size, total - start), start), start))
        archives.append(path.read_bytes())
    assert len(set(archives)) == 1
    with zipfile.ZipFile(io.BytesIO(archives[0])) as archive:
        assert archive.testzip() is None
        lines = archive.read("t.csv").decode().splitlines()
    assert len(lines) == total + 1 and lines[-1] == f'{total - 1},"v,{total - 1}"'


def _nul_at(row: int, rows: int) -> dict[str, Any]:
    return {"name": "nul", "seed": 3, "entities": [{"name": "t", "record_count": rows, "fields": [
        {"name": "id", "generator": "Row Number", "primary_key": True},
        {"name": "n", "generator": "SQL", "sql": f"CASE WHEN id = {row} THEN 'a' || char(0) ELSE 'x' END"},
    ]}]}


@pytest.mark.parametrize("workers", [1, 2])
def test_a_nul_found_where_the_batch_was_encoded_names_its_row(request: pytest.FixtureRequest, tmp_path: Path,
                                                              workers: int) -> None:
    if workers > 1:
        request.getfixturevalue("pool_ran")  # the batch with the NUL is encoded in a worker process
    out = tmp_path / "out.zip"
    with pytest.raises(OutputError, match="table 't', column 'n', row 9500: the value holds a NUL"):
        synthdb.generate(_nul_at(9_500, 12_000), "csv", out, batch_size=1_000, workers=workers)
    assert not out.exists()
