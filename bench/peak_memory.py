"""Peak resident memory of the current process, for benchmarks that measure it in a fresh child process.

getrusage's ru_maxrss misleads there on Linux: a child started by fork and exec keeps the high-water mark
its parent had before the exec, so every child of a large benchmark process reports at least the
parent's size (all formats and sizes then showed the same 427 MiB). /proc/self/status's VmHWM belongs to
the process's own address space; ru_maxrss stays the fallback where there is no /proc.
"""

from __future__ import annotations

import resource
from pathlib import Path


def peak_rss_mib() -> float:
    """This process's peak resident set size in MiB."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# Code for `python -c` children: imports this module from bench/ and defines peak_rss_mib.
CHILD_IMPORT = (f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parent)!r}); "
                "from peak_memory import peak_rss_mib\n")
