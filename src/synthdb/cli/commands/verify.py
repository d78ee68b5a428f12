"""`synthdb verify MANIFEST`: check a partitioned run (`generate --cluster`) against its manifest."""

from __future__ import annotations

from typing import Annotated

import typer

from synthdb.cli.app import app, err, fail, one_line_errors


@app.command("verify")
def verify_command(
    manifest: Annotated[str, typer.Argument(help="The run's manifest.json, or its folder (a path or URL).")],
    sample: Annotated[int, typer.Option(
        "--sample", help="Parts to hash and recompute here (0: all). Every part's presence and size is "
                         "checked whatever the sample.")] = 4,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Check that every part of a partitioned run is there and sample parts equal a local recomputation."""
    from synthdb.scaleout.store import normalise_url
    from synthdb.scaleout.verify import VerifyError, verify

    with one_line_errors():
        try:
            report = verify(normalise_url(manifest), sample)
        except VerifyError as exc:
            fail(exc)  # exit 1: the run is wrong, not the command line (2)
    if not quiet:
        err.print(f"ok: {report.parts} parts present at their sizes; {len(report.sampled)} hashed and recomputed "
                  f"here, equal to the manifest", highlight=False, soft_wrap=True)
