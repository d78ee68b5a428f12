"""Data files shipped in synthdb/data (reference lists), found and parsed in one place, once on first use."""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any


def data_path(*parts: str) -> Traversable:
    """A file shipped in synthdb/data/ (for readers that stream it themselves)."""
    return files("synthdb").joinpath("data", *parts)


def source_of(module: str) -> Traversable:
    """The source file of a synthdb module: a reference-cache input, so editing the builder rebuilds."""
    package, _, name = module.rpartition(".")
    return files(package).joinpath(f"{name}.py")


@cache
def bundled_text(name: str) -> str:
    """The text of synthdb/data/<name>."""
    return data_path(name).read_text(encoding="utf-8")


@cache
def bundled_json(name: str) -> Any:
    """synthdb/data/<name> parsed as JSON (cached: callers must not mutate it)."""
    return json.loads(bundled_text(name))


@cache
def bundled_csv(name: str) -> tuple[dict[str, str], ...]:
    """synthdb/data/<name> as CSV records keyed by the header row; lines starting with # are comments."""
    lines = [line for line in bundled_text(name).splitlines() if line and not line.startswith("#")]
    return tuple(csv.DictReader(io.StringIO("\n".join(lines))))


@cache
def bundled_lines(name: str) -> tuple[str, ...]:
    """The non-blank lines of synthdb/data/<name> that are not # comments, stripped."""
    return tuple(line.strip() for line in bundled_text(name).splitlines() if line.strip() and not line.startswith("#"))
