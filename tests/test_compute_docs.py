"""The command line's trimmed import of pyarrow.compute: the same functions, short docstrings, nothing left patched."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHECK = """
import textwrap, sys
import numpy, pyarrow as pa
from pyarrow.vendored import docscrape
parser, dedent = docscrape.NumpyDocString, textwrap.dedent
from synthdb.compute_docs import trim_compute_docs
trim_compute_docs()
trim_compute_docs()  # asking twice installs one finder
import pyarrow.compute as pc
assert docscrape.NumpyDocString is parser and textwrap.dedent is dedent and pc.dedent is dedent
assert not any(type(f).__name__ == '_Finder' for f in sys.meta_path)
assert type(pc.__loader__).__name__ == 'SourceFileLoader' and pc.__spec__.loader is pc.__loader__
assert pc.add(pa.array([1, 2]), 3).to_pylist() == [4, 5]
assert pc.round(pa.array([1.25]), ndigits=1).to_pylist() == [1.2]
assert pc.round.__doc__.startswith('Round to a given precision.')
print(MARK)
"""


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_trimmed_import_keeps_the_functions_and_restores_what_it_patched() -> None:
    result = _run(_CHECK.replace("MARK", "'ok'") + "assert 'ndigits : int' not in pc.round.__doc__\n")
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_a_pyarrow_the_trim_does_not_fit_is_imported_in_full() -> None:
    # A parser stand-in that pyarrow's code trips over: the module is run again, unpatched.
    code = _CHECK.replace("trim_compute_docs()\ntrim_compute_docs()", """import synthdb.compute_docs as cd
class Broken:
    def __init__(self, *a, **k):
        raise RuntimeError('not what pyarrow expects')
cd._NoParameters = Broken
trim_compute_docs()""").replace("MARK", "'full'") + "assert 'ndigits : int' in pc.round.__doc__\n"
    result = _run(code)
    assert result.returncode == 0 and result.stdout.strip() == "full", result.stderr


def test_the_command_line_process_imports_the_trimmed_module() -> None:
    code = """
import sys
import os
sys.argv = ['synthdb', 'validate', SHOP]
exit_now = os._exit
def report(code):
    import pyarrow.compute as pc
    print('trimmed' if 'ndigits : int' not in pc.round.__doc__ else 'full', file=sys.stderr)
    exit_now(code)
os._exit = report  # the command line ends its process with os._exit (cli/__init__.py says why)
from synthdb.cli import main
main()
"""
    result = _run(code.replace("SHOP", repr(str(ROOT / "examples" / "shop.yaml"))))
    assert result.stderr.strip().splitlines()[-1] == "trimmed", result.stderr
