"""`claimgraph db`: the store's schema (revision and upgrade)."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from claimgraph.cli._common import DbOption, console

logger = logging.getLogger(__name__)

app = typer.Typer(help="The store's schema: its revision, and upgrades to the code's.")


@app.command("upgrade")
def upgrade(
    db: DbOption = None,
    vacuum: Annotated[
        bool,
        typer.Option(
            "--vacuum/--no-vacuum",
            help="PostgreSQL: VACUUM ANALYZE afterwards (index-only reads need it after a "
            "revision that rewrites rows).",
        ),
    ] = True,
) -> None:
    """Bring the store to the code's schema revision (Alembic migrations, both databases)."""
    from claimgraph.store import resolve_db_url, upgrade_store
    from claimgraph.store.session import vacuum_analyze

    url = resolve_db_url(db)
    before = _revision(url)
    revision = upgrade_store(url)
    if before == revision:
        console.print(f"store already at revision {revision}")
    else:
        console.print(f"store upgraded from {before or 'an empty database'} to {revision}")
        if vacuum and vacuum_analyze(url):
            console.print("vacuumed and analyzed (PostgreSQL)")


@app.command("revision")
def revision(db: DbOption = None) -> None:
    """Print the store's schema revision and the one this code needs."""
    from claimgraph.store import resolve_db_url
    from claimgraph.store.session import SCHEMA_HEAD

    have = _revision(resolve_db_url(db), read_only=True)
    console.print(f"store: {have or 'no schema'} · code: {SCHEMA_HEAD}")


def _revision(url: str, *, read_only: bool = False) -> str | None:
    from claimgraph.store.session import create_store_engine, schema_revision

    engine = create_store_engine(url, read_only=read_only)
    try:
        with engine.connect() as connection:
            return schema_revision(connection)
    finally:
        engine.dispose()
