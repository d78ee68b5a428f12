"""The documentation stays in step with the code."""

from __future__ import annotations

from pathlib import Path

from synthdb.outputs.registry import FORMATS
from synthdb.service.catalog import render_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_generator_page_is_current() -> None:
    page = (DOCS / "generators.md").read_text(encoding="utf-8")
    assert page == render_markdown(), "run: synthdb generators --markdown > docs/generators.md"


def test_every_format_is_documented() -> None:
    text = (DOCS / "outputs.md").read_text(encoding="utf-8") + (DOCS / "sql-outputs.md").read_text(encoding="utf-8")
    for name in FORMATS.names():
        assert f"`{name}`" in text, name
