"""Order dates by what their names say: shipped after ordered, received after shipped, end after start."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from synthdb.importers.infer import name_variants

# Chains of stages a record passes through, earliest first, with the usual gap (days) from the stage before.
# A name belongs to a stage when, stripped of `_date`/`_at`/... , it is one of the stage's words.
_CHAINS: dict[str, list[tuple[str, tuple[int, int]]]] = {
    "order": [
        (r"orders?|ordered|placed|purchased?|booked|requested|checkout", (0, 0)),
        (r"approved|confirmed|paid|payment|commit|committed|processed", (0, 3)),
        (r"ship|shipped|shipping|dispatch|dispatched|sent|fulfilled", (0, 7)),
        (r"delivered|delivery|received|receipt|arrived|arrival", (1, 10)),
        (r"returned|return|refunded", (1, 30)),
    ],
    "promise": [
        (r"orders?|ordered|placed|purchased?|booked|requested", (0, 0)),
        (r"required|expected|promised|estimated|estimated_?delivery|needed_?by|due|due_?by", (3, 30)),
    ],
    "life": [
        (r"created|creation|inserted|registered|registration|signed_?up|signup|joined|opened|added", (0, 0)),
        (r"updated|modified|changed|edited|last_?update|last_?modified|last_?updated", (0, 365)),
    ],
    "span": [
        (r"start|starts|started|from|begin|begins|valid_?from|effective|effective_?from|since", (0, 0)),
        (r"end|ends|ended|to|until|till|thru|finish|finished|valid_?to|valid_?until|effective_?to", (1, 365)),
    ],
    "invoice": [
        (r"issued|issue|invoiced|invoice|billed|billing", (0, 0)),
        (r"due|due_?by", (14, 60)),
    ],
    "stay": [
        (r"admitted|admission|admit|check_?in|checkin|arrival", (0, 0)),
        (r"discharged|discharge|check_?out|checkout|departure", (0, 14)),
    ],
    "employment": [
        (r"hired|hire|employed|started_?work", (0, 0)),
        (r"terminated|termination|left|resigned|fired|quit", (30, 3650)),
    ],
    "rental": [
        (r"rental|rented|borrowed|loaned|checked_?out", (0, 0)),
        (r"returned|return|checked_?in", (1, 14)),
    ],
}
_SUFFIX = re.compile(r"_?(date|datetime|time|timestamp|at|on|ts|dt|day)$")


@dataclass(frozen=True)
class Stage:
    """Where a date column sits in a chain, and the gap from the stage before."""

    chain: str
    rank: int
    gap: tuple[int, int]


def stages_of(column: str, table: str) -> list[Stage]:
    """The chain stages a date column's name names (`l_shipdate` -> order/ship; `return_date` is in two)."""
    found: list[Stage] = []
    for variant in name_variants(column, table):
        core = _SUFFIX.sub("", variant)
        for chain, stages in _CHAINS.items():
            for rank, (words, gap) in enumerate(stages):
                if re.fullmatch(words, core) and Stage(chain, rank, gap) not in found:
                    found.append(Stage(chain, rank, gap))
    return found


def _dated(entry: dict[str, Any]) -> bool:
    return entry.get("generator") in {"Date", "Datetime"} and entry.get("date_type") != "relative" \
        and not entry.get("primary_key") and not entry.get("unique")


def _earlier_in(entity: dict[str, Any], stage: Stage, exclude: str) -> tuple[str, Stage] | None:
    """The column of `entity` at the latest stage before `stage` in the same chain."""
    best: tuple[str, Stage] | None = None
    for entry in entity["fields"]:
        if entry["name"] == exclude or entry.get("generator") not in {"Date", "Datetime"}:
            continue
        for other in stages_of(entry["name"], entity["name"]):
            if other.chain == stage.chain and other.rank < stage.rank and (best is None or other.rank > best[1].rank):
                best = (entry["name"], other)
    return best


def _reference(entity: dict[str, Any], by_name: dict[str, dict[str, Any]], stage: Stage,
               column: str) -> str | None:
    """The column (or `fk.parent_column`) this stage follows: in its own row first, else in a parent's."""
    found = _earlier_in(entity, stage, column)
    if found is not None:
        return found[0]
    # Through a NOT NULL, single-column foreign key to a parent (line items ship after their order).
    for fk in entity["fields"]:
        parent = by_name.get(fk.get("primary_key_entity", ""))
        if fk.get("generator") != "Foreign Key" or parent is None or parent is entity \
                or fk.get("nullable") or fk.get("group_key"):
            continue
        in_parent = _earlier_in(parent, stage, "")
        if in_parent is not None:
            return f"{fk['name']}.{in_parent[0]}"
    return None


def order_by_names(entities: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """Make each date later than the one its name follows, in its row or its parent's; (table, later, earlier)."""
    by_name = {e["name"]: e for e in entities}
    made: list[tuple[str, str, str]] = []
    for entity in entities:
        for entry in entity["fields"]:
            if not _dated(entry):
                continue
            found = [(stage, ref) for stage in stages_of(entry["name"], entity["name"]) if stage.rank > 0
                     for ref in [_reference(entity, by_name, stage, entry["name"])] if ref is not None]
            if not found:
                continue
            stage, reference = found[0]
            for key in ("start_date", "end_date", "as_of", "after_as_of"):
                entry.pop(key, None)
            entry.update(date_type="relative", date_relative_to_field=reference, date_unit="days",
                         date_operator="+", min=stage.gap[0], max=max(stage.gap))
            made.append((entity["name"], entry["name"], reference))
    return made
