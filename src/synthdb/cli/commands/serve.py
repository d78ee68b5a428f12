"""`synthdb serve`: the REST service under uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from synthdb.cli.app import app, fail
from synthdb.errors import SynthdbError


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Store, secret and artifacts [SYNTHDB_DATA_DIR].")
    ] = None,
    workers: Annotated[int | None, typer.Option(help="Task worker processes [SYNTHDB_WORKERS].")] = None,
    public_url: Annotated[
        str | None, typer.Option("--public-url", help="Base of download links [SYNTHDB_PUBLIC_URL].")
    ] = None,
    allowed_hosts: Annotated[
        str | None,
        typer.Option("--allowed-hosts", help="Host names clients may use, comma-separated [SYNTHDB_ALLOWED_HOSTS]."),
    ] = None,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level.")] = "info",
) -> None:
    """Serve the Fabricate-compatible REST API (settings from flags, else SYNTHDB_* variables)."""
    import uvicorn

    from synthdb.api import Settings, create_app
    from synthdb.api.targets import host_policy

    try:
        settings = Settings.from_env(
            data_dir=data_dir, workers=workers, public_url=public_url, allowed_hosts=allowed_hosts
        )
        host_policy(settings)  # a malformed SYNTHDB_ALLOWED_TARGETS stops the start, not the first push
        application = create_app(settings)
    except SynthdbError as exc:
        fail(exc)
    from synthdb.api.protocol import with_header_timeout

    # proxy_headers: behind a trusted reverse proxy (127.0.0.1 by default) links use the client's scheme.
    # Without --public-url or --allowed-hosts, links use the listening address, never the Host header.
    # Slow clients: headers within header_timeout, idle keep-alive connections closed after
    # keep_alive_timeout, request line and headers at most 16 KiB (docs/security.md, "Budgets").
    uvicorn.run(
        application, host=host, port=port, log_level=log_level, proxy_headers=True,
        http=with_header_timeout(settings.header_timeout), timeout_keep_alive=int(settings.keep_alive_timeout),
        h11_max_incomplete_event_size=16 * 1024,
    )
