"""Custom routes declared in the definition: matched by method and path, parameters bound by name,
optional latency and a seeded error choice (the same requests fail on every run)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sqlglot

from synthdb.definition.api_spec import MockRoute


def sql_parameters(sql: str) -> list[str]:
    """The `:name` placeholders the route's SQL uses."""
    tree = sqlglot.parse_one(sql, read="sqlite")
    return sorted({node.name for node in tree.find_all(sqlglot.exp.Placeholder) if node.name})


@dataclass(frozen=True)
class Match:
    """A custom route matched by a request, with its path parameters."""

    index: int
    route: MockRoute
    path_params: dict[str, str]


class CustomRoutes:
    """The definition's routes, and a counter per route for the seeded error choice."""

    def __init__(self, routes: Sequence[MockRoute], seed: int) -> None:
        self.routes = list(routes)
        self.seed = seed
        self.uses = [sql_parameters(route.sql) for route in self.routes]
        self._counts = [0] * len(self.routes)
        self._lock = threading.Lock()

    def match(self, method: str, parts: Sequence[str]) -> Match | None:
        for index, route in enumerate(self.routes):
            pattern = route.path.strip("/").split("/")
            if route.method != method or len(pattern) != len(parts):
                continue
            params: dict[str, str] = {}
            for want, got in zip(pattern, parts, strict=True):
                if want.startswith(":"):
                    params[want[1:]] = got
                elif want != got:
                    break
            else:
                return Match(index, route, params)
        return None

    def bindings(self, match: Match, query: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
        """(values for the SQL's placeholders from the path, then the query string; names missing)."""
        values: dict[str, str] = {}
        missing: list[str] = []
        for name in self.uses[match.index]:
            if name in match.path_params:
                values[name] = match.path_params[name]
            elif name in query:
                values[name] = query[name]
            else:
                missing.append(name)
        return values, missing

    def fails(self, match: Match) -> bool:
        """Whether this call of the route is one of its injected errors (a pure function of the seed,
        the route and how many times it was called before)."""
        rate = match.route.error_rate
        if rate <= 0:
            return False
        with self._lock:
            count = self._counts[match.index]
            self._counts[match.index] += 1
        digest = hashlib.sha256(f"{self.seed}:{match.index}:{count}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64 < rate
