"""Engines, connections and schema versions.

* ``resolve_db_url`` turns a ``--db`` value (a URL or a plain file path) into a URL.
* ``create_store_engine`` builds the engine. On SQLite a connect hook turns on foreign keys and
  WAL mode and hands transaction control to SQLAlchemy (so SAVEPOINTs work); a read-only
  SQLite engine opens the file with ``mode=ro``; a read-only PostgreSQL engine makes every
  transaction of its connections read-only (``default_transaction_read_only``), so the
  server itself refuses a write.
* ``schema_revision``/``head_revision``/``upgrade_schema`` run the Alembic environment that
  ships inside the package (``claimgraph/store/migrations``) programmatically.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

from claimgraph.errors import StoreUnavailableError

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)

ENV_VAR = "CLAIMGRAPH_DB"
DEFAULT_URL = "sqlite:///claimgraph.db"

# SQLite waits this long for a lock held by another writer before failing (milliseconds);
# long enough for one batch write of a few hundred documents on the 2-core machine.
SQLITE_BUSY_TIMEOUT_MS = 30_000

# The newest migration revision under ``migrations/versions`` (a test checks it against
# Alembic's head): opening a store compares against it without importing Alembic.
SCHEMA_HEAD = "0007"

# Alembic's bookkeeping table.
VERSION_TABLE = "alembic_version"


#: The SQLAlchemy dialect+driver used for ``postgresql://`` and ``postgres://`` URLs.
POSTGRES_DRIVER = "postgresql+psycopg"
_BARE_POSTGRES = frozenset({"postgresql", "postgres"})


def resolve_db_url(db: str | None) -> str:
    """The store URL: ``db`` if given, else ``$CLAIMGRAPH_DB``, else ``sqlite:///claimgraph.db``.

    A value without ``://`` is a path to a SQLite file.
    """
    value = db or os.environ.get(ENV_VAR) or DEFAULT_URL
    if "://" not in value:
        value = f"sqlite:///{Path(value).expanduser()}"
    return value


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or ``None`` for an in-memory database."""
    database = make_url(url).database
    if not database or database == ":memory:":
        return None
    return Path(database)


def _sqlite_hook(*, read_only: bool) -> Callable[[DBAPIConnection, ConnectionPoolEntry], None]:
    def on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy emit BEGIN itself: pysqlite's implicit transactions break SAVEPOINT.
        dbapi_connection.isolation_level = None  # pysqlite attribute
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    return on_connect


def create_store_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for ``url``; StoreUnavailableError when the URL or driver is unusable."""
    try:
        parsed = make_url(url)
    except ArgumentError as err:
        raise StoreUnavailableError(url=url, detail=str(err)) from err
    if not is_sqlite(url):
        if parsed.drivername in _BARE_POSTGRES:
            # The pinned driver is psycopg 3; SQLAlchemy would pick psycopg2 for a bare scheme.
            parsed = parsed.set(drivername=POSTGRES_DRIVER)
        connect_args: dict[str, object] = {}
        if read_only and parsed.get_backend_name() == "postgresql":
            connect_args["options"] = "-c default_transaction_read_only=on"
        try:
            return create_engine(parsed, future=True, pool_pre_ping=True, connect_args=connect_args)
        except (ArgumentError, ImportError) as err:
            raise StoreUnavailableError(url=url, detail=str(err)) from err
    path = sqlite_path(url)
    if path is None:
        engine = create_engine(
            parsed, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    elif read_only:
        if not path.is_file():
            raise StoreUnavailableError(url=url, detail="no such database file")
        target = f"sqlite:///file:{path.resolve()}?mode=ro&uri=true"
        engine = create_engine(target)
    else:
        if not path.parent.is_dir():
            raise StoreUnavailableError(url=url, detail=f"no directory {path.parent}")
        engine = create_engine(parsed)
    event.listen(engine, "connect", _sqlite_hook(read_only=read_only))

    @event.listens_for(engine, "begin")
    def on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


# --------------------------------------------------------------------------------------------
# migrations
# --------------------------------------------------------------------------------------------


def alembic_config(url: str) -> Config:
    """The Alembic configuration of the packaged migration environment, aimed at ``url``."""
    from alembic.config import Config

    location = resources.files("claimgraph.store") / "migrations"
    config = Config()
    config.set_main_option("script_location", str(location))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str:
    """The revision the code needs."""
    return SCHEMA_HEAD


def alembic_head() -> str | None:
    """The head revision as Alembic computes it from the migration scripts."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def schema_revision(connection: Connection) -> str | None:
    """The revision the database is at, or ``None`` when it has no Alembic stamp."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def has_tables(connection: Connection) -> bool:
    return bool(inspect(connection).get_table_names())


def upgrade_schema(engine: Engine, *, revision: str = "head") -> None:
    """Run ``alembic upgrade`` on ``engine``'s database (the `claimgraph db upgrade` command)."""
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except OperationalError as err:
        raise StoreUnavailableError(url=str(engine.url), detail=str(err.orig)) from err
    logger.info("store schema upgraded to %s", revision)


def upgrade_store(url: str) -> str:
    """Bring the store at ``url`` to the code's revision (`claimgraph db upgrade`); the revision."""
    engine = create_store_engine(url)
    try:
        upgrade_schema(engine)
        with engine.connect() as connection:
            revision = schema_revision(connection)
    finally:
        engine.dispose()
    return revision or SCHEMA_HEAD


def vacuum_analyze(url: str) -> bool:
    """``VACUUM ANALYZE`` a PostgreSQL store (after a migration that rewrote rows, index-only
    scans need the visibility map back); False, doing nothing, on SQLite."""
    if is_sqlite(url):
        return False
    engine = create_store_engine(url)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    except OperationalError as err:
        raise StoreUnavailableError(url=url, detail=str(err.orig)) from err
    finally:
        engine.dispose()
    return True
