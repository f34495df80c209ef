"""`claimgraph serve`: the REST API and the web explorer over a store."""

from __future__ import annotations

import ipaddress
import logging
from typing import Annotated

import typer

from claimgraph.cli._common import DbOption, console

logger = logging.getLogger(__name__)

# Largest ingest upload (bytes) unless --max-upload-bytes says otherwise; see api.deps.
DEFAULT_MAX_UPLOAD = 5_000_000


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8765,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="CLAIMGRAPH_API_TOKEN",
            help="Token for write endpoints (ingest); needed to ingest when not on loopback.",
            show_default=False,
        ),
    ] = None,
    read_token: Annotated[
        str | None,
        typer.Option(
            "--read-token",
            envvar="CLAIMGRAPH_API_READ_TOKEN",
            help="Token every read must carry (the write token also reads).",
            show_default=False,
        ),
    ] = None,
    max_upload_bytes: Annotated[
        int, typer.Option("--max-upload-bytes", min=1, help="Largest ingest upload (413 above).")
    ] = DEFAULT_MAX_UPLOAD,
) -> None:
    """Serve the JSON API (/api/v1, OpenAPI at /openapi.json) and the web explorer (/)."""
    import uvicorn

    from claimgraph.api import ApiSettings, create_app
    from claimgraph.store import Store, resolve_db_url

    url = resolve_db_url(db)
    Store(url).close()  # creates an empty store's schema; fails early on an outdated one
    local = is_loopback(host)
    if not local and token is None:
        console.print(
            f"[yellow]warning[/]: listening on {host} without --token: ingest is disabled "
            "(reads stay open unless --read-token is set)"
        )
    settings = ApiSettings(
        db_url=url,
        write_token=token,
        read_token=read_token,
        allow_anonymous_writes=local,
        max_upload_bytes=max_upload_bytes,
    )
    console.print(f"claimgraph explorer on [bold]http://{host}:{port}/[/] (store {url})")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
