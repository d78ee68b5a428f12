"""The request guard's JSON depth count: strings skipped, escapes honoured, any body size."""

from __future__ import annotations

import json

import pytest

from synthdb.api.guard import json_depth


@pytest.mark.parametrize(
    ("body", "depth"),
    [
        ("{}", 1),
        ("[[[]]]", 3),
        ('{"a": [1, {"b": [2]}]}', 4),
        ('{"a": "[[[[[[[["}', 1),
        ('{"a": "\\"[[[[", "b": [1]}', 2),
        ('["\\\\", [[]]]', 3),
        ("12", 0),
    ],
)
def test_depth(body: str, depth: int) -> None:
    assert json_depth(body.encode()) == depth


def test_depth_matches_python_on_a_large_body_across_chunks() -> None:
    """Nesting that opens in one 1 MiB chunk and closes in another is counted across them."""
    value: object = [0] * 10
    for _ in range(70):
        value = [value, [0] * 20_000, {"k": "]]}}"}]
    body = json.dumps(value).encode()
    assert len(body) > 3 << 20  # numbers, not strings: the count really runs over several chunks
    assert json_depth(body) == 71
