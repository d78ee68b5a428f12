"""`python -m synthdb` runs the command line."""

import gc

from synthdb.defaults import COLLECTOR_THRESHOLDS

gc.set_threshold(*COLLECTOR_THRESHOLDS)  # before the command line's imports (synthdb.defaults explains)

from synthdb.cli import main  # noqa: E402

main()
