"""Hand-made mutants of definition/model.py's validators, each run against tests/definition/test_model_validation.py.

mutmut 3.8.1 leaves decorated functions alone (pydantic's @field_validator / @model_validator and
@property), so it cannot mutate the validators; this script applies the same kind of change by hand
(a bound, a boolean operator, a message, a dropped line) to a copy of src/ and runs the tests against it.
Usage: `python tests/definition/model_hand_mutants.py` (about a minute); docs/testing.md lists the result.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests" / "definition" / "test_model_validation.py"

# (original text, mutated text): each original must occur exactly once in model.py.
MUTANTS = [
    ("0 <= value <= 100", "0 <= value < 100"),
    ("0 <= value <= 100", "0 < value <= 100"),
    ("self.nullable is False and self.percent_null", "self.nullable is False or self.percent_null"),
    ('if value and info.data.get("data") is None and not', 'if value and not'),
    ("self.filename = self.filename or file.name", "self.filename = file.name"),
    ('and "is_static" not in data:', ':'),
    ("is used twice\")\n            seen.add(field.name)", "is used again\")\n            seen.add(field.name)"),
    ('info.data.get("is_static") or info.data.get("view")', 'info.data.get("is_static") and info.data.get("view")'),
    ("len(set(names)) != len(names) or not all(names)", "len(set(names)) != len(names)"),
    ("if len(keys) > 1:", "if len(keys) > 2:"),
    ("if keys and flagged:", "if keys or flagged:"),
    ("if len(constraint.fields) == 1 else None", "if len(constraint.fields) >= 1 else None"),
    ("if isinstance(constraint, UniqueConstraint) and field is not None:", "if field is not None:"),
    ('field.__dict__["unique"] = True', "field.unique = True"),
    ('item.get("value", item.get("default"))', 'item.get("default", item.get("value"))'),
    ("return value if value is not None else {}", "return value"),
    ('if not isinstance(item, dict) or "name" not in item:', 'if not isinstance(item, dict):'),
    ("            seen.add(entity.name)\n", ""),
    ("file = Path(self.path) if base is None else Path(base) / self.path", "file = Path(self.path)"),
    ("return check_platform(value)", "return value"),
    ("if k not in FIELD_METADATA}", "if k != 'id'}"),
    ('"nulls", "entity_id", "position"})', '"nulls", "entity_id"})'),
    ("data.removeprefix(\"\\ufeff\")", "data"),
]


def main() -> int:
    """Run every mutant; print one line each and the count killed."""
    killed = 0
    for number, (old, new) in enumerate(MUTANTS, 1):
        with tempfile.TemporaryDirectory() as work:
            shutil.copytree(ROOT / "src", Path(work) / "src")
            model = Path(work) / "src" / "synthdb" / "definition" / "model.py"
            text = model.read_text(encoding="utf-8")
            if text.count(old) != 1:
                raise SystemExit(f"mutant {number}: {old!r} is not in model.py exactly once; update the list")
            model.write_text(text.replace(old, new), encoding="utf-8")
            env = dict(os.environ, PYTHONPATH=str(Path(work) / "src"))
            result = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", str(TESTS)],
                                    env=env, capture_output=True, text=True, check=False)
        status = {1: "killed", 0: "SURVIVED"}.get(result.returncode, f"error {result.returncode}")
        killed += status == "killed"
        print(f"{number:2} {status:8} {old!r} -> {new!r}")
    print(f"{killed}/{len(MUTANTS)} killed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
