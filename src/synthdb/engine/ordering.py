"""Dependency ordering of tables (by foreign keys) and of columns within a table."""

from __future__ import annotations

import graphlib
from collections.abc import Mapping, Sequence


class CycleError(ValueError):
    """The dependencies form a cycle; `cycle` lists the names along it."""

    def __init__(self, cycle: Sequence[str]) -> None:
        self.cycle = list(cycle)
        super().__init__(" -> ".join(self.cycle))


def dependency_order(names: Sequence[str], depends_on: Mapping[str, Sequence[str]]) -> list[str]:
    """`names` ordered so that each comes after what it depends on; stable for independent names."""
    position = {name: i for i, name in enumerate(names)}
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for name in names:
        sorter.add(name, *[d for d in depends_on.get(name, ()) if d != name and d in position])
    try:
        sorter.prepare()
    except graphlib.CycleError as exc:
        raise CycleError(exc.args[1]) from exc
    order: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready(), key=position.__getitem__)
        order.extend(ready)
        sorter.done(*ready)
    return order
