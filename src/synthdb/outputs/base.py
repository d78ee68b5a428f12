"""The output format contract: what every file format declares and implements."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from synthdb.outputs.job import OutputJob


class OutputFormat:
    """A file format. `write` produces the whole output at `path` (the caller makes it atomic)."""

    name: ClassVar[str]
    description: ClassVar[str] = ""
    # File suffix of the whole output, and of a single entity's plain file.
    suffix: ClassVar[str]
    entity_suffix: ClassVar[str]
    content_type: ClassVar[str] = "application/zip"
    # True for formats that can declare SQL tables as real views (CREATE VIEW) instead of rows.
    supports_views: ClassVar[bool] = False
    entity_content_type: ClassVar[str] = "application/octet-stream"
    # Formats that cannot hold a NUL in a value refuse it (outputs/nul.py) instead of writing it raw.
    refuses_nul: ClassVar[bool] = False

    def write(self, job: OutputJob, path: Path) -> None:
        """Write every table of `job` to `path`."""
        raise NotImplementedError

    def suffix_for(self, single_entity: bool) -> str:
        return self.entity_suffix if single_entity else self.suffix

    def content_type_for(self, single_entity: bool) -> str:
        return self.entity_content_type if single_entity else self.content_type
