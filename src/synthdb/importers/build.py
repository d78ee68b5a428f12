"""Turn a captured schema into a definition: keys, constraints and guessed generators, validated by the planner."""

from __future__ import annotations

import copy
import graphlib
import math
import re
from dataclasses import dataclass, field
from typing import Any

from sqlglot.errors import SqlglotError

from synthdb.errors import DefinitionError
from synthdb.importers.constraints import Facts, column_facts, differing_columns, orderings
from synthdb.importers.infer import Guess, by_type, clip, guess, text_length, type_class
from synthdb.importers.keys import CompositeKey, key_plan
from synthdb.importers.qualify import split_schemas
from synthdb.importers.schema import Column, Schema, Table
from synthdb.importers.temporal import order_by_names

DEFAULT_ROWS = 100  # tables that reference no other table
CHILD_ROWS = 300  # tables with foreign keys
NULL_SHARE = 5  # percent of NULLs in nullable, non-key columns when nothing better is known
_FIELD_PATH = re.compile(r"^entities\[(\d+)\]\.fields\[(\d+)\]")
_CHECK_PATH = re.compile(r"^entities\[(\d+)\]\.constraints\[(\d+)\]\.sql$")
# Rows of each table with CHECKs generated at import, so a CHECK the guessed generators break is found then.
CHECK_PROBE_ROWS = 2000


@dataclass
class GuessRow:
    """One line of the report: what was picked for a column and how sure the importer is."""

    table: str
    column: str
    data_type: str
    generator: str
    confidence: float
    reason: str
    fallback: bool = False  # no meaning found: filler text or random characters


@dataclass
class ImportResult:
    """The definition (a plain mapping, ready for YAML/JSON), the report, and what could not be kept."""

    definition: dict[str, Any]
    guesses: list[GuessRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def score(self) -> float:
        """The inference score: the share of columns given a generator for their meaning, not a fallback."""
        return sum(not g.fallback for g in self.guesses) / len(self.guesses) if self.guesses else 1.0


def _row_counts(schema: Schema) -> dict[str, int]:
    counts = {}
    referenced = {fk.parent for t in schema.tables.values() for fk in t.foreign_keys if fk.parent != t.name}
    for table in schema.tables.values():
        if table.row_count is not None:
            # A parent needs at least one row for its children to point at.
            counts[table.name] = max(table.row_count, 1 if table.name in referenced else 0)
        else:
            has_parents = any(fk.parent != table.name for fk in table.foreign_keys)
            counts[table.name] = CHILD_ROWS if has_parents else DEFAULT_ROWS
    return counts


def _apply_facts(found: Guess, column: Column, facts: Facts) -> Guess:
    """Bounds and lists from CHECKs become parameters (a list wins over any guess)."""
    if facts.values:
        return Guess("Custom List", {"values": facts.values}, 0.99, "CHECK lists the allowed values")
    if facts.format is not None and type_class(column.kind) == "text":
        return Guess("Character Sequence", {"format": facts.format}, 0.9, "codes of the CHECK's LIKE pattern")
    if facts.prefix is not None and type_class(column.kind) == "text":
        digits = max(1, min(6, (text_length(column.kind) or 99) - len(facts.prefix)))
        return Guess("Character Sequence", {"format": facts.prefix + "#" * digits}, 0.9,
                     f"codes starting '{facts.prefix}' (CHECK LIKE)")
    if facts.low is None and facts.high is None:
        return found
    cls = type_class(column.kind)
    if cls in {"int", "decimal", "float"}:
        if found.generator not in {"Number", "Money"}:
            found = by_type(column, None, False)
        params = dict(found.params)
        step = 1 if cls == "int" else 10 ** -int(params.get("decimals", 2))
        if facts.low is not None:
            params["min"] = facts.low + step if facts.low_strict else facts.low
        if facts.high is not None:
            params["max"] = facts.high - step if facts.high_strict else facts.high
        if facts.low is not None and facts.high is None and params.get("max", 0) < params["min"]:
            params["max"] = params["min"] + 1000
        if facts.high is not None and facts.low is None and params.get("min", 0) > params["max"]:
            params["min"] = params["max"] - 1000
        return Guess(found.generator, params, max(found.confidence, 0.8), f"{found.reason}; range from CHECK")
    if cls in {"date", "datetime"} and isinstance(facts.low or facts.high, str):
        params = dict(found.params) if found.generator in {"Date", "Datetime"} else {}
        if isinstance(facts.low, str):
            params["start_date"] = facts.low
        if isinstance(facts.high, str):
            params["end_date"] = facts.high
        return Guess("Date" if cls == "date" else "Datetime", params, 0.8, "date range from CHECK")
    return found


_GENERIC = {"Lorem Ipsum", "Character Sequence", "Custom List", "Number", "Money"}


def _apply_sample(found: Guess, column: Column, unique: bool) -> Guess:
    """--sample aggregates: the top values of a low-cardinality column, the observed range of numbers/dates."""
    if column.top_values and not unique and (found.generator in _GENERIC or found.confidence < 0.6):
        values = [v for v, _ in column.top_values]
        weights = [n for _, n in column.top_values]
        return Guess("Custom List", {"values": values, "weights": weights}, 0.9, "the source's frequent values")
    if column.low is None or column.high is None:
        return found
    cls = type_class(column.kind)
    if cls in {"int", "decimal", "float"} and found.generator in {"Number", "Money"}:
        params = {**found.params, "min": column.low, "max": column.high}
        return Guess(found.generator, params, max(found.confidence, 0.7), f"{found.reason}; observed range")
    if cls in {"date", "datetime"} and found.generator in {"Date", "Datetime"} and "date_type" not in found.params:
        params = {**found.params, "start_date": str(column.low), "end_date": str(column.high)}
        return Guess(found.generator, params, max(found.confidence, 0.7), f"{found.reason}; observed range")
    return found


def _key_field(table: Table, column: Column, counts: dict[str, int]) -> Guess:
    """A primary or unique key column that is not a foreign key."""
    cls = type_class(column.kind)
    if cls == "uuid":
        return Guess("UUID", {}, 0.95, "UUID key")
    if cls in {"int", "decimal"}:
        return Guess("Number", {"distribution": "autoincrement", "min": 1}, 0.95, "numeric key: 1, 2, 3, ...")
    facts = column_facts(column.checks, column.name)
    if facts.format is not None and cls == "text":
        return Guess("Character Sequence", {"format": facts.format}, 0.9, "unique codes of the CHECK's LIKE pattern")
    found = guess(column, table.bare_name, unique=True)
    if found.generator in {"Email Address", "UUID", "Character Sequence", "Username", "ISBN", "SSN", "IBAN"}:
        return found
    length = text_length(column.kind) or 12
    digits = max(1, min(length - 1, math.ceil(math.log(max(counts.get(table.name, 1), 2) * 10, 36)) + 1))
    return Guess("Character Sequence", {"format": "^" + "%" * digits}, 0.6, "text key: a unique code")


def _fallback(column: Column, unique: bool, rows: int) -> Guess:
    """What replaces a guess the planner refused (too few unique values, a value that does not fit)."""
    cls = type_class(column.kind)
    if unique and cls in {"int", "decimal"}:
        return Guess("Number", {"distribution": "autoincrement", "min": 1}, 0.3, "distinct numbers")
    if unique and cls in {"text", "other"}:
        length = text_length(column.kind) or 16
        digits = max(1, min(length - 1, math.ceil(math.log(max(rows, 2) * 10, 36)) + 1))
        return Guess("Character Sequence", {"format": "^" + "%" * digits}, 0.3, "distinct codes", fallback=True)
    return clip(by_type(column, text_length(column.kind), unique), column)


class _Builder:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.counts = _row_counts(schema)
        self.notes: list[str] = list(schema.notes)
        self.rows: dict[tuple[str, str], GuessRow] = {}
        self.columns: dict[tuple[str, str], Column] = {}
        self.composites: dict[str, list[CompositeKey]] = {name: [] for name in schema.tables}
        self.keys = {name: key_plan(t, schema, self.counts, self.notes, self.composites[name])
                     for name, t in schema.tables.items()}
        self._size_composites()
        self._cap_one_to_one()

    def _size_composites(self) -> None:
        """A junction table holds at most one row per combination of its parents' rows."""
        for name, keys in self.composites.items():
            for key in keys:
                if key.driver is not None or key.held_by is not None:
                    continue
                table = self.schema.tables[name]
                parents = [fk.parent for f in key.fields if (fk := table.foreign_key_of(f)) is not None]
                space = math.prod(self.counts.get(parent, 0) for parent in parents)
                if self.counts[name] > space:
                    self.counts[name] = space
                    self.notes.append(f"{name}: {space} rows at most, one per combination of ({', '.join(key.fields)})")

    def _cap_one_to_one(self) -> None:
        """A table whose unique key is a foreign key has at most one row per parent row.

        Caps follow the foreign-key graph, not the declaration order: they are applied until nothing
        changes, so a chain a <- b <- c declared in any order ends with c <= b <= a (a cycle settles too,
        as counts only ever go down).
        """
        capped: dict[str, str] = {}
        for _ in range(len(self.schema.tables) + 1):
            changed = False
            for table in self.schema.tables.values():
                primary, unique = self.keys[table.name]
                for column in primary | unique:
                    fk = table.foreign_key_of(column)
                    if fk is None or fk.parent == table.name or self.schema.table(fk.parent) is None:
                        continue
                    parent_rows = self.counts.get(fk.parent, 0)
                    if self.counts[table.name] > parent_rows:
                        self.counts[table.name] = parent_rows
                        capped[table.name] = f"{table.name}: {parent_rows} rows at most, one per row of " \
                                             f"'{fk.parent}' (its unique key {column} is a foreign key)"
                        changed = True
            if not changed:
                break
        self.notes += [capped[name] for name in self.schema.tables if name in capped]

    def build(self) -> dict[str, Any]:
        entities = [self._entity(t) for t in self.schema.tables.values()]
        self._break_cycles(entities)
        for table, later, earlier in order_by_names(entities):
            self.rows[(table, later)].reason += f"; after {earlier} (by their names)"
        return {"name": self.schema.name, "platform": self.schema.platform, "seed": 1,
                "variables": {"scale": 1}, "entities": entities}

    def _break_cycles(self, entities: list[dict[str, Any]]) -> None:
        """A cycle of NOT NULL foreign keys (sakila's store <-> staff) is broken at one of them, marked
        `nullable: true` with no NULLs: the engine then defers it, and loaders fill or check it at the end."""
        while True:
            graph: dict[str, set[str]] = {e["name"]: set() for e in entities}
            edges: dict[tuple[str, str], dict[str, Any]] = {}
            for entity in entities:
                for entry in entity["fields"]:
                    parent = entry.get("primary_key_entity")
                    if entry.get("generator") == "Foreign Key" and parent in graph and parent != entity["name"] \
                            and not entry.get("nullable"):
                        graph[entity["name"]].add(parent)
                        edges.setdefault((entity["name"], parent), entry)
            try:
                graphlib.TopologicalSorter(graph).prepare()
                return
            except graphlib.CycleError as exc:
                cycle = exc.args[1]  # [a, b, ..., a]: each node is a parent of the next
            parent, child = cycle[0], cycle[1]
            entry = edges[(child, parent)]
            entry["nullable"] = True
            path = " -> ".join(reversed(cycle))
            self.notes.append(f"{child}.{entry['name']}: NOT NULL, but it closes the cycle {path}; "
                              "marked nullable (no NULLs are generated) so it is filled or checked after the rows")

    def _record(self, table: Table, column: Column, found: Guess) -> None:
        self.rows[(table.name, column.name)] = GuessRow(table.name, column.name, column.data_type, found.generator,
                                                        round(found.confidence, 2), found.reason, found.fallback)

    def _entity(self, table: Table) -> dict[str, Any]:
        primary, unique = self.keys[table.name]
        fields = []
        for column in table.columns.values():
            if column.computed:
                self.notes.append(f"{table.name}.{column.name}: computed by the database, left out")
                continue
            self.columns[(table.name, column.name)] = column
            fields.append(self._field(table, column, column.name in primary, column.name in unique))
        self._orderings(table, fields)
        count = self.counts[table.name]
        entity: dict[str, Any] = {"name": table.name, "record_count": f"{count} * scale" if count else "0",
                                  "fields": fields}
        keys = self.composites[table.name]
        constraints: list[dict[str, Any]] = [{"constraint_type": "unique", "fields": k.fields,
                                              **({"primary_key": True} if k.primary else {})} for k in keys]
        constraints += self._checks(table, {f["name"] for f in fields})
        if constraints:
            entity["constraints"] = constraints
        return entity

    def _checks(self, table: Table, names: set[str]) -> list[dict[str, Any]]:
        """The table's CHECKs (column and table level) as check constraints in SQLite's dialect, so outputs and
        `--create` declare them and every batch is checked; those the engine cannot evaluate are noted."""
        from synthdb.generators.helpers.sql_eval import SqlError, parse_expression, referenced_columns

        found = [c for column in table.columns.values() if column.name in names for c in column.checks]
        out: list[dict[str, Any]] = []
        for check in [*found, *table.checks]:
            try:
                sql = check.sql("sqlite")
                missing = [n for n in referenced_columns(parse_expression(sql)) if n not in names]
            except (SqlError, SqlglotError) as exc:
                self.notes.append(f"{table.name}: CHECK {check.sql()} left out (cannot be evaluated: {exc})")
                continue
            if missing:
                self.notes.append(f"{table.name}: CHECK {check.sql()} left out (reads {', '.join(missing)}, "
                                  "not generated)")
                continue
            out.append({"constraint_type": "check", "sql": sql})
            for first, second in differing_columns(check):
                # Two foreign keys to one parent are kept apart by the engine's not-equal constraint (a
                # reference is never redrawn for a CHECK).
                one, two = table.foreign_key_of(first), table.foreign_key_of(second)
                if one is not None and two is not None and len(one.columns) == len(two.columns) == 1 \
                        and one.parent == two.parent:
                    out.append({"constraint_type": "not-equal", "fields": [first, second]})
        return out

    def _field(self, table: Table, column: Column, primary: bool, unique: bool) -> dict[str, Any]:
        fk = table.foreign_key_of(column.name)
        parent = self.schema.table(fk.parent) if fk is not None else None
        entry: dict[str, Any] = {"name": column.name}
        if column.data_type:
            entry["data_type"] = column.data_type  # kept exactly, foreign keys included
        sequence = next((k for k in self.composites[table.name] if k.sequence == column.name), None)
        if sequence is not None:
            found = Guess("Rank", {"partition": True}, 0.95,
                          f"numbered 1, 2, 3, ... within each {sequence.driver} (key {', '.join(sequence.fields)})")
            entry.update(generator="Rank", partition=True)
            self._record(table, column, found)
            entry["percent_null"] = 0
            if not column.nullable:
                entry["nullable"] = False
            return entry
        if fk is not None and parent is not None:
            found = self._foreign_key(table, column, fk, entry)
        elif table.primary_key == [column.name] or ((primary or unique) and type_class(column.kind) != "bool"):
            found = _key_field(table, column, self.counts)
        else:
            if fk is not None:
                self.notes.append(f"{table.name}.{column.name}: references '{fk.parent}', "
                                  "which is not among the imported tables")
            facts = column_facts(column.checks, column.name)
            found = _apply_sample(_apply_facts(guess(column, table.bare_name, unique=unique), column, facts), column,
                                  unique)
        self._record(table, column, found)
        entry["generator"] = found.generator
        entry.update(found.params)
        if primary:
            entry["primary_key"] = True
        elif unique:
            entry["unique"] = True
        entry["percent_null"] = self._null_share(table, column, primary or unique or fk is not None)
        if not column.nullable and not primary:
            entry["nullable"] = False  # NOT NULL in the source: `--create` declares it too
        if column.default is not None:
            entry["description"] = f"default: {column.default}"
        return entry

    def _foreign_key(self, table: Table, column: Column, fk: Any, entry: dict[str, Any]) -> Guess:
        position = fk.columns.index(column.name)
        parent_column = fk.parent_columns[position] if position < len(fk.parent_columns) else column.name
        entry.update(generator="Foreign Key", primary_key_entity=fk.parent, primary_key_field=parent_column)
        params: dict[str, Any] = {}
        if len(fk.columns) > 1:
            # One group per composite key: its columns pick the same parent row.
            params["group_key"] = f"fk_{fk.parent}_{'_'.join(fk.columns)}"
        if fk.parent == table.name:
            params["max_depth"] = 4
            if not column.nullable:
                self.notes.append(f"{table.name}.{column.name}: a self-reference is NOT NULL, but the roots of the "
                                  "generated hierarchy have no parent (NULL)")
        elif column.nullable:
            params["nullable"] = True  # lets the engine break a cycle of foreign keys here
        numbered = next((k for k in self.composites[table.name] if k.driver == column.name), None)
        if numbered is not None:
            # The table's rows are each parent's children (order lines of an order), numbered per parent.
            mean = max(1, round(self.counts[table.name] / max(self.counts.get(fk.parent, 1), 1)))
            top = max(4, 3 * mean)
            facts = column_facts(table.columns[numbered.sequence].checks, numbered.sequence) \
                if numbered.sequence in table.columns else Facts()
            if isinstance(facts.high, int) and not isinstance(facts.high, bool) and facts.high >= 1:
                # `CHECK (TaxType BETWEEN 1 AND 3)` on the number: no parent gets more children than that.
                top = facts.high - 1 if facts.high_strict and facts.high > 1 else facts.high
                mean = min(mean, top)
            params.update(distribution="poisson", mean=mean, min=1, max=top)
        entry.update(params)
        return Guess("Foreign Key", {}, 1.0, f"FOREIGN KEY to {fk.parent}({', '.join(fk.parent_columns)})")

    def _null_share(self, table: Table, column: Column, keyed: bool) -> float:
        if not column.nullable or keyed:
            return 0
        if column.null_share is None:
            return NULL_SHARE
        share = round(float(column.null_share), 1)
        return int(share) if share.is_integer() else share

    def _orderings(self, table: Table, fields: list[dict[str, Any]]) -> None:
        found, _ = orderings(table.checks)
        by_name = {f["name"]: f for f in fields}
        for order in found:
            later, earlier = by_name.get(order.later), by_name.get(order.earlier)
            if later is None or earlier is None or later["generator"] not in {"Date", "Datetime"}:
                continue  # kept by redrawing (the CHECK is in the definition), or noted as left out
            for key in ("start_date", "end_date"):
                later.pop(key, None)
            later.update(date_type="relative", date_relative_to_field=order.earlier, date_unit="days",
                         date_operator="+", min=1 if order.strict else 0, max=30)
            self.rows[(table.name, order.later)].reason += f"; after {order.earlier} (CHECK)"

    def repair(self, definition: dict[str, Any], error: DefinitionError) -> bool:
        """Replace the field the planner refused by a safe generator, or drop a CHECK the generated values do not
        keep (noted, so the user sees what `--create` will not declare); False when it is neither."""
        check = _CHECK_PATH.match(error.path)
        if check:
            entity = definition["entities"][int(check.group(1))]
            constraint = entity["constraints"].pop(int(check.group(2)))
            if not entity["constraints"]:
                del entity["constraints"]
            self.notes.append(f"{entity['name']}: CHECK {constraint['sql']} left out of the definition: "
                              f"{error.message}")
            return True
        match = _FIELD_PATH.match(error.path)
        if not match:
            return False
        entity = definition["entities"][int(match.group(1))]
        entry = entity["fields"][int(match.group(2))]
        column = self.columns.get((entity["name"], entry["name"]))
        if column is None or entry.get("generator") == "Foreign Key" or entry.get("_repaired"):
            return False
        flagged = bool(entry.get("primary_key") or entry.get("unique"))
        table = self.schema.tables[entity["name"]]
        found = _fallback(column, flagged, self.counts.get(table.name, 1))
        kept = {k: entry[k] for k in ("name", "data_type", "primary_key", "unique", "percent_null", "nullable",
                                      "description") if k in entry}
        entry.clear()
        entry.update(kept)
        entry.update(generator=found.generator, **found.params, _repaired=True)
        self.notes.append(f"{table.name}.{column.name}: {error.message} -> {found.generator} instead")
        self._record(table, column, found)
        return True


def build_definition(schema: Schema, *, max_repairs: int = 200) -> ImportResult:
    """The definition for `schema`, checked by the planner; refused guesses are replaced by safe generators."""
    from synthdb.service.run import Run, probe

    builder = _Builder(schema)
    definition = builder.build()
    for _ in range(max_repairs):
        clean = _without_markers(definition)
        try:
            run = Run(clean)
            run.probe()
            probe(run.plan, [t for t in run.plan.tables.values() if t.checks], CHECK_PROBE_ROWS)
        except DefinitionError as exc:
            if builder.repair(definition, exc):
                continue
            raise
        return ImportResult(split_schemas(clean, schema), list(builder.rows.values()), builder.notes)
    raise DefinitionError("", f"could not settle the imported definition after {max_repairs} repairs")


def _without_markers(definition: dict[str, Any]) -> dict[str, Any]:
    clean = copy.deepcopy(definition)
    for entity in clean["entities"]:
        for entry in entity["fields"]:
            entry.pop("_repaired", None)
    return clean
