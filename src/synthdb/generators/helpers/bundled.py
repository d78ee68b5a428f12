"""Data files shipped in synthdb/data (reference lists), found and parsed in one place, once on first use."""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from pathlib import Path
from typing import Any

# synthdb's own folder. Found by path rather than importlib.resources (whose import costs about 10 ms of
# every start): pip installs a package as files, never as a zip, and the reference cache memory-maps
# files anyway.
PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def data_path(*parts: str) -> Path:
    """A file shipped in synthdb/data/ (for readers that stream it themselves)."""
    return PACKAGE_ROOT.joinpath("data", *parts)


def source_of(module: str) -> Path:
    """The source file of a synthdb module: a reference-cache input, so editing the builder rebuilds."""
    top, *folders, name = module.split(".")
    if top != PACKAGE_ROOT.name:
        raise ValueError(f"{module} is not a module of {PACKAGE_ROOT.name}")
    return PACKAGE_ROOT.joinpath(*folders, f"{name}.py")


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
