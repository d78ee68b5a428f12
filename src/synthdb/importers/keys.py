"""Which columns of an imported table carry its keys: composite keys kept whole where the engine can hold them,
else narrowed to the part that keeps them unique (and still declared whole)."""

from __future__ import annotations

from dataclasses import dataclass

from synthdb.importers.infer import text_length, type_class
from synthdb.importers.schema import Column, Schema, Table


def _can_be_unique(column: Column) -> bool:
    return type_class(column.kind) in {"int", "decimal", "text", "uuid"} and (text_length(column.kind) or 99) >= 4


@dataclass
class CompositeKey:
    """A key over several columns kept whole: a junction of foreign keys, or (parent, line number)."""

    fields: list[str]
    primary: bool
    driver: str | None = None  # the foreign key whose children are numbered 1, 2, 3, ... by `sequence`
    sequence: str | None = None
    # The one part that is unique on its own and so holds the whole key (declared whole all the same).
    held_by: str | None = None


def composite_key(table: Table, schema: Schema, key: list[str], primary: bool) -> CompositeKey | None:
    """The key as a whole when the engine can hold it by construction; None to narrow it to one part."""
    parents: dict[str, str] = {}
    for name in key:
        fk = table.foreign_key_of(name)
        if fk is not None and len(fk.columns) == 1 and fk.parent != table.name and schema.table(fk.parent):
            parents[name] = fk.parent
    others = [name for name in key if name not in parents]
    if not others and len(parents) >= 2:
        return CompositeKey(list(key), primary)  # a junction table: distinct pairs by enumeration
    if len(parents) == 1 and len(others) == 1 and type_class(table.columns[others[0]].kind) == "int":
        driver = next(iter(parents))
        return CompositeKey(list(key), primary, driver=driver, sequence=others[0])
    return None


def key_plan(table: Table, schema: Schema, counts: dict[str, int], notes: list[str],
              composites: list[CompositeKey] | None = None) -> tuple[set[str], set[str]]:
    """Which columns carry `primary_key` and which `unique`, so that every declared key holds.

    The engine makes a flagged column unique on its own (a flagged Foreign Key becomes 1:1). A
    composite key therefore flags the fewest parts that make it unique: a part that can be unique by
    itself (a number, a code) rather than a foreign key, so parents can still have many children.
    """
    fk_columns = {c for fk in table.foreign_keys for c in fk.columns}
    primary: set[str] = set()
    unique: set[str] = set()
    key_sets = ([table.primary_key] if table.primary_key else []) + table.unique
    for position, key in enumerate(key_sets):
        target = primary if position == 0 and table.primary_key else unique
        columns = [table.columns[c] for c in key if c in table.columns]
        names = [c.name for c in columns]

        def declare_whole(part: str | None, names: list[str] = names, target: set[str] = target) -> None:
            # A UNIQUE (a, b) held through one part is still declared whole, so --create builds the source's key.
            if composites is not None and target is unique and len(names) > 1 and part is not None:
                composites.append(CompositeKey(names, False, held_by=part))

        held_already = next((c.name for c in columns if c.name in primary | unique), None)
        if not columns or held_already is not None:
            declare_whole(held_already)
            continue  # already unique through a part
        if len(columns) == 1:
            target.add(columns[0].name)
            continue
        whole = composite_key(table, schema, [c.name for c in columns], target is primary)
        one_driver = whole is None or whole.driver is None or not any(c.driver for c in composites or [])
        if whole is not None and composites is not None and one_driver:
            composites.append(whole)
            continue
        own = [c for c in columns if c.name not in fk_columns and _can_be_unique(c)]
        held = own[0].name if own else max(
            ((counts.get(fk.parent, 0), c.name) for c in columns if (fk := table.foreign_key_of(c.name))),
            default=(0, None))[1]
        if composites is not None and target is primary and held is not None:
            # The key is declared whole (PRIMARY KEY (a, b) under --create); the part that holds it is unique.
            target = unique
            composites.append(CompositeKey([c.name for c in columns], True, held_by=held))
        if own:
            target.add(own[0].name)
            declare_whole(own[0].name)
            others = ", ".join(c.name for c in columns if c is not own[0])
            notes.append(f"{table.name}: key ({', '.join(key)}) is kept unique through {own[0].name} alone "
                         f"(marked {'primary_key' if target is primary else 'unique'}); {others} vary freely")
            continue
        parents = [(counts.get(fk.parent, 0), c.name) for c in columns if (fk := table.foreign_key_of(c.name))]
        if parents:
            _, chosen = max(parents)
            target.add(chosen)
            declare_whole(chosen)
            notes.append(f"{table.name}: key ({', '.join(key)}) is kept unique through the foreign key {chosen} "
                         f"alone, which makes it one-to-one with its parent")
        else:
            notes.append(f"{table.name}: key ({', '.join(key)}) cannot be guaranteed unique by the generators "
                         "chosen; edit the definition")
    return primary, unique
