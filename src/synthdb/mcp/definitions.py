"""Reading a definition an agent sends (an object, or YAML/JSON text) and guarding what it may read."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from synthdb.errors import DefinitionError
from synthdb.mcp.sizing import MAX_TEXT_CHARS


def parse_text(text: str) -> Any:
    """YAML (which also reads JSON) into data; a DefinitionError naming the line when malformed."""
    if len(text) > MAX_TEXT_CHARS:
        raise DefinitionError("", f"the definition text is larger than {MAX_TEXT_CHARS:,} characters")
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DefinitionError("", f"malformed YAML{where}: {problem}") from exc


def as_data(definition: Any) -> dict[str, Any]:
    """The definition as a mapping: an object as it is, text parsed as YAML/JSON."""
    data = parse_text(definition) if isinstance(definition, str) else definition
    if not isinstance(data, Mapping):
        raise DefinitionError("", "a definition must be a mapping with an 'entities' list")
    return dict(data)


def check_sources(data: Mapping[str, Any], base: Path | None, root: Path | None) -> None:
    """Refuse static-table `source.path`s that would read a file the caller may not read.

    Over the network (`root` None) no server file may be read: data comes inline (`source.data`).
    Locally, the path must stay inside `root` (after resolving `..` and symlinks).
    """
    entities = data.get("entities")
    if not isinstance(entities, list):
        return
    for index, entity in enumerate(entities):
        source = entity.get("source") if isinstance(entity, Mapping) else None
        if not isinstance(source, Mapping) or source.get("path") in (None, ""):
            continue
        path = f"entities[{index}].source.path"
        raw = source["path"]
        if not isinstance(raw, str):
            raise DefinitionError(path, "must be a string")
        if root is None:
            raise DefinitionError(path, "files on the server cannot be read; attach the CSV inline as source.data")
        from synthdb.mcp.paths import inside_root

        inside_root(root, raw, path, base=base)
