"""Golden digests: the bytes of every output format for the reference definition tests/data/golden.yaml.

Refresh them deliberately (after a change meant to alter the output) from the repository root with

    python -m tests.golden --update     # rewrite tests/data/golden_digests.json
    python -m tests.golden              # compare, print what differs (exit 1 if anything does)

What is digested is what can legitimately be compared across machines: for a zip, each entry's
uncompressed bytes (deflate streams differ between zlib builds, e.g. zlib-ng); for Parquet, the decoded
content (the file names the pyarrow version that wrote it); for SQLite, a canonical dump (page layout
depends on the SQLite library). The raw zip bytes are pinned too, compared only under the deflater
(outputs.zipwriter.DEFLATER: ISA-L's or zlib's, with its version) that recorded them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import hashlib
import io
import json
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

import synthdb
from synthdb.outputs.registry import FORMATS
from synthdb.outputs.zipwriter import DEFLATER

DATA = Path(__file__).resolve().parent / "data"
REFERENCE = DATA / "golden.yaml"
DIGESTS = DATA / "golden_digests.json"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _plain(value: Any) -> Any:
    """A JSON-able stand-in for values json cannot write (exact: no float is rounded)."""
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return ["timedelta", value.days, value.seconds, value.microseconds]
    if isinstance(value, decimal.Decimal):
        return ["decimal", str(value)]
    if isinstance(value, bytes):
        return ["bytes", value.hex()]
    raise TypeError(f"cannot digest {type(value).__name__}")


def table_digest(table: pa.Table) -> str:
    """SHA-256 of a table's schema and values, independent of chunking and of the Arrow version."""
    text = json.dumps({"schema": [[f.name, str(f.type)] for f in table.schema], "rows": table.to_pylist()},
                      default=_plain, ensure_ascii=False, separators=(",", ":"))
    return _sha256(text.encode("utf-8"))


def tables_digest(tables: dict[str, pa.Table]) -> dict[str, str]:
    """Digest per table of a generated database (synthdb.to_tables)."""
    return {name: table_digest(table) for name, table in tables.items()}


def sqlite_digest(path: Path) -> str:
    """SHA-256 of a canonical dump: the schema's SQL by name, then every table's rows in rowid order."""
    dump = hashlib.sha256()
    with sqlite3.connect(path) as con:
        objects = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
        dump.update(repr(objects).encode("utf-8"))
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
            quoted = '"' + name.replace('"', '""') + '"'
            for row in con.execute(f"SELECT * FROM {quoted} ORDER BY rowid"):
                dump.update(repr([(type(v).__name__, v) for v in row]).encode("utf-8"))
    return dump.hexdigest()


def entry_digest(name: str, data: bytes) -> str:
    """An archive entry's digest: decoded content for Parquet, the bytes for everything else."""
    if name.endswith(".parquet"):
        return table_digest(pq.read_table(io.BytesIO(data)))
    return _sha256(data)


def output_digests(fmt: str, path: Path) -> dict[str, Any]:
    """What is pinned of one format's output file."""
    if fmt == "sqlite":
        return {"content": sqlite_digest(path)}
    with zipfile.ZipFile(path) as archive:
        entries = {info.filename: entry_digest(info.filename, archive.read(info)) for info in archive.infolist()}
        # Entry timestamps are fixed (outputs/archive.py), so no run's clock reaches the bytes.
        stamps = sorted({dt.datetime(*info.date_time).isoformat() for info in archive.infolist()})
    return {"entries": entries, "entry_times": stamps, "archive": _sha256(path.read_bytes())}


def _versions() -> dict[str, str]:
    """The libraries the digests were recorded with: for reading a difference, never compared."""
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": sys.version.split()[0]}
    for name in ("numpy", "pyarrow", "duckdb", "sqlglot", "faker", "babel", "phonenumbers", "pycountry"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found


def compute() -> dict[str, Any]:
    """Every digest of the reference definition, plus the zlib version the raw archives were made with."""
    result: dict[str, Any] = {"zlib": DEFLATER, "recorded_with": _versions(),
                              "tables": tables_digest(synthdb.to_tables(str(REFERENCE))), "formats": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in FORMATS.names():
            path = synthdb.generate(str(REFERENCE), fmt, Path(tmp) / f"golden.{fmt}")
            result["formats"][fmt] = output_digests(fmt, path)
    return result


def differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """What differs between two digest sets (the raw archives only when both used the same zlib)."""
    found = [f"table {name}" for name in sorted(set(expected["tables"]) | set(actual["tables"]))
             if expected["tables"].get(name) != actual["tables"].get(name)]
    for fmt in sorted(set(expected["formats"]) | set(actual["formats"])):
        want, got = expected["formats"].get(fmt), actual["formats"].get(fmt)
        if want is None or got is None:
            found.append(f"format {fmt}: {'new' if want is None else 'missing'}")
            continue
        for key in sorted(set(want) | set(got)):
            if key == "archive" and expected["zlib"] != actual["zlib"]:
                continue
            if want.get(key) != got.get(key):
                if isinstance(want.get(key), dict) and isinstance(got.get(key), dict):
                    names = sorted(n for n in set(want[key]) | set(got[key]) if want[key].get(n) != got[key].get(n))
                    found.append(f"format {fmt}: {key} {', '.join(names)}")
                else:
                    found.append(f"format {fmt}: {key}")
    return found


def load() -> dict[str, Any]:
    """The digests kept in the repository."""
    data: dict[str, Any] = json.loads(DIGESTS.read_text(encoding="utf-8"))
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare or refresh the golden output digests.")
    parser.add_argument("--update", action="store_true", help=f"rewrite {DIGESTS.relative_to(DATA.parent.parent)}")
    args = parser.parse_args(argv)
    actual = compute()
    if args.update:
        DIGESTS.write_text(json.dumps(actual, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {DIGESTS}")
        return 0
    found = differences(load(), actual)
    for line in found:
        print(line)
    print("golden digests: " + ("differ" if found else "match"))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
