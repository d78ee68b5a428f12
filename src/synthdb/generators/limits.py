"""Caps on sizes and on generator inputs: one documented place for every bound a definition must respect.

The service takes definitions from API callers it does not trust, so every size a definition can set is
bounded here, and checked where the parameter is validated (the error names the field's path) — before
a row is planned or generated. docs/definition.md lists these values.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

# Rows of one table (foreign-key-driven and unique-records tables included) and of one run.
MAX_TABLE_ROWS = 10**10
MAX_TOTAL_ROWS = 10**11

# Children per parent of a foreign key (min, max, exact_value, max_per_parent; mean and stddev).
ChildCount = Annotated[int, Field(ge=0, le=MAX_TABLE_ROWS)]
ChildMean = Annotated[float, Field(ge=0, le=MAX_TABLE_ROWS, allow_inf_nan=False)]
