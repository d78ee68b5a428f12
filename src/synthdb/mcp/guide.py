"""Resources (the definition guide, the catalog by category) and the "design a database" prompt."""

from __future__ import annotations

import re
from pathlib import Path

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError

from synthdb.definition.model import Field
from synthdb.generators.registry import normalise
from synthdb.service.catalog import catalog, describe

# docs/definition.md of a source checkout (or an editable install); a wheel carries a short summary instead.
_GUIDE_FILE = Path(__file__).resolve().parents[3] / "docs" / "definition.md"
_SUMMARY = f"""# synthdb definitions (summary)

A definition is a mapping: `name`, `platform` (postgres, mysql, ...), `seed`, `locale`, `variables`
(name: number) and `entities`, a list of tables. A table has `name`, `record_count` (a number or an
expression over variables) and `fields`. A field has {", ".join(sorted(Field.model_fields))} and the
parameters of its generator (describe_generator lists them). Foreign keys use the generator
`Foreign Key` with `primary_key_entity` and `primary_key_field`; a child table without
`record_count` gets its rows from the foreign key's distribution.
"""


def definition_guide() -> str:
    """The definition format guide as Markdown."""
    try:
        return _GUIDE_FILE.read_text(encoding="utf-8")
    except OSError:
        return _SUMMARY


def slug(category: str) -> str:
    """`Dates and times` -> `dates-and-times` (the resource name of a category)."""
    return re.sub(r"[^a-z0-9]+", "-", category.lower()).strip("-")


def catalog_index() -> str:
    """The categories, with how many generators each has and where to read them."""
    counts: dict[str, int] = {}
    for cls in catalog():
        counts[cls.category] = counts.get(cls.category, 0) + 1
    lines = ["# Generator catalog", "", "Read one category at `synthdb://catalog/{category}` (or call "
             "search_generators).", "", "| category | generators | resource |", "|---|---|---|"]
    lines += [f"| {name} | {count} | synthdb://catalog/{slug(name)} |" for name, count in sorted(counts.items())]
    return "\n".join(lines) + "\n"


def catalog_page(category: str) -> str:
    """Every generator of one category: id, synonyms, parameters (type, default) and examples."""
    # The slug, or any part of a category's name ("dates" finds "Dates and times") when only one has it.
    classes = [c for c in catalog() if slug(c.category) == category]
    if not classes:
        wanted = normalise(category)
        matches = {c.category for c in catalog() if wanted and wanted in normalise(c.category)}
        classes = [c for c in catalog() if len(matches) == 1 and c.category in matches]
    if not classes:
        raise ResourceError(f"unknown category '{category[:80]}'; read synthdb://catalog for the list")
    lines = [f"# {classes[0].category}", ""]
    for cls in classes:
        info = describe(cls)
        lines.append(f"## {info['name']} (`{info['id']}`)" + (" — unique values" if info["unique"] else ""))
        lines.append("")
        lines.append(info["description"])
        if info["aliases"]:
            lines.append(f"Synonyms: {', '.join(info['aliases'])}.")
        for p in info["parameters"]:
            default = "required" if p["required"] else f"default {p['default']!r}"
            lines.append(f"- `{p['name']}`: {p['type']}, {default}")
        if info["examples"]:
            lines.append("Examples: " + ", ".join(repr(v)[:60] for v in info["examples"]))
        lines.append("")
    return "\n".join(lines)


DESIGN_STEPS = """You are designing a synthdb database for: {description}

Work with the synthdb tools, in this order, and do not skip the checks:
1. Read the resource synthdb://docs/definition once (the format), then list the tables and columns the
   description needs, with primary keys and foreign keys.
2. For every column, call search_generators with a word for its values (e.g. "email", "price",
   "city") and pick a generator; call describe_generator when you need its parameters.
3. Draft the whole definition (name, variables for the sizes, entities in parents-first order).
4. Call validate_definition with the draft. For each error, apply its suggestion at its path and
   validate again, until `valid` is true. Read the warnings too (a misspelt parameter is ignored).
5. Call explain_definition and check the row counts and relations are what the description asks.
6. Call preview_table for each table and look at the values: fix generators or parameters that give
   unrealistic data, then validate and preview again.
7. Call upsert_database to store it, and generate (format csv unless asked otherwise) when the user
   wants the data; give the user the download link or file path, and the definition.
"""


def register_guides(server: MCPServer) -> None:
    """Add the resources and the prompt to `server`."""

    @server.resource("synthdb://docs/definition", name="definition-guide", mime_type="text/markdown",
                     description="The definition format: tables, fields, variables, expressions, errors.")
    def guide() -> str:
        return definition_guide()

    @server.resource("synthdb://catalog", name="catalog", mime_type="text/markdown",
                     description="The generator categories; each links to its page.")
    def index() -> str:
        return catalog_index()

    @server.resource("synthdb://catalog/{category}", name="catalog-category", mime_type="text/markdown",
                     description="Every generator of one category with parameters and examples.")
    def category_page(category: str) -> str:
        return catalog_page(category)

    @server.prompt(name="design_database", title="Design a database for ...")
    def design_database(description: str) -> str:
        """Walks an agent through search → draft → validate → preview → fix for a described database."""
        return DESIGN_STEPS.format(description=description[:2000])
