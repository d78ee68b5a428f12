"""`--part-compression gzip|zstd`: csv/jsonl parts concatenate (decompressed) to the one-file output, are the same
bytes run after run, are written atomically, verify and resume like plain parts, and are refused where they do
not apply."""

from __future__ import annotations

import gzip
import io
import random
from pathlib import Path

import pyarrow as pa
import pytest

from scaleout.parts import DEFINITION, cli, one_process, part_bytes, read_manifest
from synthdb.engine.partition import Part, RunSpec, table_parts
from synthdb.scaleout import writer
from synthdb.scaleout.generate import ClusterOptions, generate_on_cluster
from synthdb.service.run import Run, RunOptions

ROWS_PER_PART = 400
EXTENSION = {"gzip": ".gz", "zstd": ".zst"}


def decompress(data: bytes, codec: str) -> bytes:
    """One part's (or several concatenated parts') text: the standard library for gzip, pyarrow for zstd."""
    if codec == "gzip":
        return gzip.decompress(data)
    return bytes(pa.input_stream(pa.BufferReader(data), compression=codec).read())


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@pytest.mark.parametrize("codec", ["gzip", "zstd"])
def test_parts_decompress_and_concatenate_to_the_one_process_file(
        scheduler: str, tmp_path: Path, codec: str, fmt: str) -> None:
    url = f"file://{tmp_path}/run"
    result = cli("generate", str(DEFINITION), "--format", fmt, "--output", url, "--cluster", scheduler,
                 "--rows-per-part", str(ROWS_PER_PART), "--part-compression", codec, "--quiet")
    assert result.exit_code == 0, result.output
    manifest = read_manifest(url)
    assert manifest["options"]["part_compression"] == codec
    assert ("zlib" in manifest["versions"]) == (codec == "gzip")
    items = next(t for t in manifest["tables"] if t["name"] == "order_items")
    assert len(items["parts"]) >= 3
    assert [p["path"] for p in items["parts"][:2]] == [f"order_items/part-0000{i}.{fmt}{EXTENSION[codec]}"
                                                       for i in range(2)]
    single = one_process(DEFINITION, fmt, tmp_path)
    parts = part_bytes(url, manifest)
    assert set(parts) == set(single)
    for name, files in parts.items():
        # Each part decompressed on its own, in order: the one-file table byte for byte (csv: header in part 0).
        assert b"".join(decompress(data, codec) for data in files) == single[name], name
        # And the compressed parts concatenated are one valid multi-member file of the whole table.
        assert decompress(b"".join(files), codec) == single[name], name
        # Compressed, not stored: the text shrinks.
        assert sum(map(len, files)) < len(single[name]) or len(single[name]) < 200, name
    if fmt == "csv":
        assert decompress(parts["order_items"][1], codec)[:3] != b"id,"  # no header after part 0
    # Arrow's streaming reader (what a reader of a .csv.gz file uses) reads a stored part too.
    first = tmp_path / "run" / items["parts"][0]["path"]
    with pa.input_stream(str(first), compression=codec) as stream:
        assert stream.read() == decompress(first.read_bytes(), codec)
    assert not list((tmp_path / "run").rglob(".*.tmp"))
    assert cli("verify", url, "--sample", "0").exit_code == 0


def test_the_same_bytes_run_after_run_and_from_the_python_api(scheduler: str, tmp_path: Path) -> None:
    runs = []
    for name in ("first", "second"):
        result = cli("generate", str(DEFINITION), "--format", "csv", "--output", str(tmp_path / name),
                     "--cluster", scheduler, "--rows-per-part", str(ROWS_PER_PART), "--part-compression", "gzip",
                     "--quiet")
        assert result.exit_code == 0, result.output
        runs.append(tmp_path / name)
    generate_on_cluster(DEFINITION, ClusterOptions(scheduler, str(tmp_path / "api"), "csv",
                                                   rows_per_part=ROWS_PER_PART, part_compression="gzip"))
    runs.append(tmp_path / "api")
    manifests = [read_manifest(f"file://{folder}") for folder in runs]
    assert manifests[0] == manifests[1] == manifests[2]  # every part's size and SHA-256
    files = [{p.relative_to(folder): p.read_bytes() for p in folder.glob("*/part-*")} for folder in runs]
    assert files[0] == files[1] == files[2] and files[0]
    for data in files[0].values():
        # gzip header: no file name (FLG 0: the temporary name stays out) and MTIME 0.
        assert data[:3] == b"\x1f\x8b\x08" and data[3] == 0 and data[4:8] == b"\0\0\0\0"


def test_resume_keeps_compressed_parts_and_refuses_another_codec(scheduler: str, tmp_path: Path) -> None:
    folder = tmp_path / "run"
    base = ["generate", str(DEFINITION), "--format", "jsonl", "--output", str(folder), "--cluster", scheduler,
            "--rows-per-part", "1000", "--quiet"]
    assert cli(*base, "--part-compression", "zstd").exit_code == 0
    other = cli(*base, "--part-compression", "gzip", "--resume")
    assert other.exit_code == 2 and "another run" in other.output and "part_compression" in other.output
    plain = cli(*base, "--resume")
    assert plain.exit_code == 2 and "another run" in plain.output
    before = read_manifest(f"file://{folder}")
    same = cli(*base[:-1], "--part-compression", "zstd", "--resume")  # without --quiet: the summary is printed
    assert same.exit_code == 0 and "kept from the earlier run" in same.output, same.output
    assert read_manifest(f"file://{folder}") == before


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "parquet", "--part-compression", "gzip"],
     "--part-compression applies to csv and jsonl parts only, not 'parquet' (parquet parts are already "
     "compressed"),
    (["--format", "csv", "--part-compression", "lz4"], "--part-compression must be one of none, gzip, zstd, got 'lz4'"),
])
def test_refused_for_parquet_and_unknown_codecs(scheduler: str, tmp_path: Path, args: list[str],
                                                message: str) -> None:
    result = cli("generate", str(DEFINITION), "--output", str(tmp_path / "run"), "--cluster", scheduler, *args)
    assert result.exit_code == 2 and message in result.output, result.output
    assert not (tmp_path / "run").exists()  # refused before anything was written


def test_refused_where_no_parts_are_written(tmp_path: Path) -> None:
    result = cli("generate", str(DEFINITION), "-f", "csv", "-o", str(tmp_path / "x.zip"),
                 "--part-compression", "gzip")
    assert result.exit_code == 2 and "--part-compression apply to partitioned runs only" in result.output
    assert not (tmp_path / "x.zip").exists()


# In this process, without a cluster: the writer itself.

def _spec(**variables: int) -> tuple[RunSpec, Run]:
    run = Run(DEFINITION, RunOptions(variables=variables))
    return RunSpec.from_plan(run.plan), run


@pytest.mark.parametrize("codec", ["gzip", "zstd"])
def test_codec_output_does_not_depend_on_how_writes_are_split(codec: str) -> None:
    text = b"".join(b"%d,row %d,%s\n" % (i, i * 7, b"x" * (i % 50)) for i in range(60_000))  # ~2.6 MB
    outputs = set()
    for seed in range(3):
        sink = io.BytesIO()
        packed = writer.CompressingWriter(sink, codec)
        rng, offset = random.Random(seed), 0
        while offset < len(text):
            step = rng.choice([1, 17, 4096, 300_000, 1_500_000])
            packed.write(memoryview(text)[offset:offset + step])
            offset += step
        packed.finish()
        assert not sink.closed  # the part's file is closed by whoever opened it
        assert decompress(sink.getvalue(), codec) == text
        outputs.add(sink.getvalue())
    assert len(outputs) == 1


@pytest.mark.parametrize("codec", ["gzip", "zstd"])
def test_an_empty_table_is_one_valid_empty_member(tmp_path: Path, codec: str) -> None:
    spec, run = _spec(n_customers=0)
    customers = next(t for t in run.tables if t.name == "customers")
    [part] = table_parts(customers)
    result = writer.write_part(spec, f"file://{tmp_path}", "jsonl", part, {"part_compression": codec})
    assert result.path == f"customers/part-00000.jsonl{EXTENSION[codec]}" and result.rows == 0
    assert decompress((tmp_path / result.path).read_bytes(), codec) == b""


def test_a_part_that_fails_midway_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec, run = _spec()
    items = next(t for t in run.tables if t.name == "order_items")
    part = Part(items.name, 0, 0, items.size)

    def broken(self: writer.CompressingWriter) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(writer.CompressingWriter, "finish", broken)
    with pytest.raises(OSError, match="disk full"):
        writer.write_part(spec, f"file://{tmp_path}", "jsonl", part, {"part_compression": "gzip"})
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == []  # no part, no temporary, no receipt
