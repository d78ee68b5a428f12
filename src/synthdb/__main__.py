"""`python -m synthdb` runs the command line."""

from synthdb.cli import main

main()
