"""Shared CLI plumbing: the console, the --db option, error rendering, logging set-up."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler

if TYPE_CHECKING:
    from claimgraph.store import Store

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLAlchemy URL of the store; default $CLAIMGRAPH_DB, then sqlite:///claimgraph.db",
        show_default=False,
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON object instead of a table.")
]


def setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.WARNING
    if quiet:
        level = logging.ERROR
    elif verbose == 1:
        level = logging.INFO
    elif verbose >= 2:
        level = logging.DEBUG
    logging.basicConfig(
        level=level,
        format="%(message)s",
        handlers=[RichHandler(console=err_console, show_path=False, rich_tracebacks=verbose > 0)],
        force=True,
    )


def open_store(db: str | None, *, read_only: bool = False) -> Store:
    """Open the store named by --db / $CLAIMGRAPH_DB / the default file."""
    from claimgraph.store import Store, resolve_db_url

    return Store(resolve_db_url(db), read_only=read_only)
