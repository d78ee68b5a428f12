"""The parallel-deflate zip writer: valid for zipfile and unzip, identical bytes for any thread count, zip64."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from synthdb.outputs.zipwriter import ParallelZip


def _members(seed: int = 7) -> dict[str, bytes]:
    rng = __import__("random").Random(seed)
    text = "\n".join(f"{i},{rng.choice(['alpha', 'beta', 'gamma'])},{rng.random():.6f}" for i in range(60_000))
    return {
        "customers.csv": text.encode(),
        "empty.csv": b"",
        "noise.bin": bytes(rng.getrandbits(8) for _ in range(300_000)),  # incompressible
        "caf\u00e9.csv": "\u00e9t\u00e9\n".encode() * 1000,
    }


def _write(path: Path, members: dict[str, bytes], threads: int, chunk_size: int, piece: int = 7_777) -> bytes:
    with ParallelZip(path, level=1, threads=threads, chunk_size=chunk_size) as archive:
        for name, data in members.items():
            with archive.open(name) as out:
                for start in range(0, len(data), piece):  # odd write sizes: chunks are cut by size only
                    out.write(data[start:start + piece])
    return path.read_bytes()


def test_members_read_back_through_zipfile(tmp_path: Path) -> None:
    members = _members()
    _write(tmp_path / "a.zip", members, threads=3, chunk_size=64 * 1024)
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.testzip() is None  # every CRC-32 checks
        assert archive.namelist() == list(members)
        for name, data in members.items():
            assert archive.read(name) == data
            info = archive.getinfo(name)
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.external_attr >> 16 == 0o644
            assert info.compress_type == zipfile.ZIP_DEFLATED
        assert archive.getinfo("customers.csv").compress_size < len(members["customers.csv"]) // 2


def test_bytes_do_not_depend_on_threads_or_write_sizes(tmp_path: Path) -> None:
    members = _members()
    one = _write(tmp_path / "1.zip", members, threads=1, chunk_size=64 * 1024, piece=1_000)
    four = _write(tmp_path / "4.zip", members, threads=4, chunk_size=64 * 1024, piece=99_991)
    assert one == four
    other_chunks = _write(tmp_path / "c.zip", members, threads=4, chunk_size=128 * 1024)
    assert other_chunks != one  # the chunk size is part of the format; the thread count is not


@pytest.mark.skipif(shutil.which("unzip") is None, reason="unzip is not installed")
def test_unzip_accepts_the_archive(tmp_path: Path) -> None:
    _write(tmp_path / "a.zip", _members(), threads=2, chunk_size=32 * 1024)
    done = subprocess.run(["unzip", "-t", str(tmp_path / "a.zip")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No errors detected" in done.stdout


def test_many_entries_get_zip64_end_records(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with ParallelZip(path, threads=2) as archive:
        for i in range(0x10000 + 3):
            archive.write_bytes(f"f{i}.txt", b"x")
    data = path.read_bytes()
    assert b"PK\x06\x06" in data[-200:] and b"PK\x06\x07" in data[-200:]
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert len(names) == 0x10000 + 3
        assert archive.read("f65537.txt") == b"x"


def test_a_second_member_cannot_open_while_one_is_open(tmp_path: Path) -> None:
    with ParallelZip(tmp_path / "a.zip") as archive:
        archive.open("a")
        with pytest.raises(ValueError, match="'a' is still open"):
            archive.open("b")


def test_any_buffer_is_accepted_and_counted_in_bytes(tmp_path: Path) -> None:
    import array

    import pyarrow as pa

    with ParallelZip(tmp_path / "a.zip", chunk_size=16) as archive, archive.open("a") as out:
        assert out.write(pa.py_buffer(b"arrow-")) == 6  # type: ignore[arg-type]
        assert out.write(array.array("i", [1, 2])) == 8  # type: ignore[arg-type]  # two 4-byte items: 8 bytes, not 2
        assert out.write(memoryview(b"x" * 40)) == 40
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.read("a") == b"arrow-" + array.array("i", [1, 2]).tobytes() + b"x" * 40


def test_an_error_mid_member_propagates_and_releases_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.zip"
    with (pytest.raises(RuntimeError, match="boom"), ParallelZip(path, threads=2, chunk_size=1024) as archive,
          archive.open("a") as out):
        out.write(b"x" * 10_000)
        raise RuntimeError("boom")
    path.unlink()  # the file was closed; the caller (atomic_path) discards it
