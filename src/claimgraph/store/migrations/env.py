"""Alembic environment of the claimgraph store (run programmatically by ``store.session``).

The caller passes an open connection in ``config.attributes["connection"]``; without one (the
``alembic`` command line) an engine is built from ``sqlalchemy.url``. The full-text parts
(SQLite FTS5 tables, the PostgreSQL search column and GIN index) are created by the
revisions themselves and are not part of the models, so autogenerate ignores them.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from claimgraph.store.postgres import FTS_COLUMN, FTS_INDEX_NAME
from claimgraph.store.schema import FTS_TABLE, Base

config = context.config
target_metadata = Base.metadata


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """Leave the full-text parts out of comparisons: the SQLite FTS5 table and its shadow
    tables, the PostgreSQL search column and its GIN index."""
    if (type_, name) in {("index", FTS_INDEX_NAME), ("column", FTS_COLUMN)}:
        return False
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLE))


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=include_name,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("sqlalchemy.url is not set in the Alembic configuration")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
