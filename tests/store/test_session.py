"""Opening stores: URLs, schema creation by Alembic, outdated schemas, read-only opens."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from tests.pgserver import (
    create_database,
    drop_database,
    fresh_database,
    pg_skip_reason,
    shared_server,
)

from claimgraph.errors import SchemaOutdatedError, StoreUnavailableError
from claimgraph.store import Store, resolve_db_url, upgrade_store
from claimgraph.store.postgres import FTS_COLUMN, FTS_INDEX_NAME
from claimgraph.store.schema import FTS_TABLE, Base
from claimgraph.store.session import alembic_head, create_store_engine, head_revision


def test_session_resolve_db_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CLAIMGRAPH_DB", raising=False)
    assert resolve_db_url(None) == "sqlite:///claimgraph.db"
    monkeypatch.setenv("CLAIMGRAPH_DB", "postgresql://u@db/claims")
    assert resolve_db_url(None) == "postgresql://u@db/claims"
    assert resolve_db_url("sqlite:///x.db") == "sqlite:///x.db"
    assert resolve_db_url(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"


def test_session_new_file_gets_the_head_schema_wal_and_fts(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        (version,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        (mode,) = conn.execute("PRAGMA journal_mode").fetchone()
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert version == head_revision()
    assert mode == "wal"
    assert {"documents", "claims", "claim_sources", "relations", FTS_TABLE} <= tables


def test_session_migrations_match_the_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cmp.db'}"
    Store(url).close()
    engine = create_store_engine(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "include_name": lambda name, type_, _p: (
                    not (type_ == "table" and name is not None and name.startswith(FTS_TABLE))
                ),
                "compare_type": True,
            },
        )
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_session_foreign_keys_are_enforced(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fk.db'}"
    Store(url).close()
    engine = create_store_engine(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_session_unversioned_schema_raises_outdated_with_command(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE documents (doc_id TEXT PRIMARY KEY)")
    with pytest.raises(SchemaOutdatedError, match="claimgraph db upgrade") as info:
        Store(f"sqlite:///{path}")
    assert info.value.code == "CG301"


def test_session_older_revision_raises_outdated(tmp_path: Path) -> None:
    path = tmp_path / "older.db"
    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0000'")
    with pytest.raises(SchemaOutdatedError, match="0000"):
        Store(f"sqlite:///{path}", read_only=True)


def test_session_read_only_open_of_missing_file_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailableError, match="no such database file"):
        Store(f"sqlite:///{tmp_path / 'absent.db'}", read_only=True)
    assert not (tmp_path / "absent.db").exists()


def test_session_missing_directory_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailableError, match="no directory"):
        Store(f"sqlite:///{tmp_path / 'nope' / 'x.db'}")


def test_session_in_memory_store_works() -> None:
    with Store("sqlite://") as store:
        assert store.stats().documents == 0


def test_session_schema_head_constant_is_the_alembic_head() -> None:
    assert head_revision() == alembic_head()


def test_session_upgrade_store_stamps_an_unversioned_empty_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'up.db'}"
    assert upgrade_store(url) == head_revision()
    with Store(url, read_only=True) as store:
        assert store.stats().claims == 0


# -- PostgreSQL ------------------------------------------------------------------------------


@pytest.fixture()
def pg_url() -> Iterator[str]:
    reason = pg_skip_reason()
    if reason is not None:
        pytest.skip(reason)
    url = fresh_database("s")
    yield url
    drop_database(url)


def test_session_postgres_schema_is_at_head_with_the_fts_index(pg_url: str) -> None:
    Store(pg_url).close()
    engine = create_store_engine(pg_url)
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            indexes = set(
                conn.execute(
                    text("SELECT indexname FROM pg_indexes WHERE tablename = 'documents'")
                ).scalars()
            )
            context = MigrationContext.configure(
                conn,
                opts={
                    "include_name": lambda name, type_, _p: (
                        (type_, name) not in {("index", FTS_INDEX_NAME), ("column", FTS_COLUMN)}
                    ),
                    "compare_type": True,
                },
            )
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()
    assert version == head_revision() == "0007"
    assert FTS_INDEX_NAME in indexes


def test_session_bare_postgres_schemes_use_the_pinned_driver(pg_url: str) -> None:
    # ``postgresql://`` (and ``postgres://``) would make SQLAlchemy look for psycopg2.
    bare = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with Store(bare) as store:
        assert store.stats().documents == 0
    for scheme in ("postgresql://", "postgres://"):
        engine = create_store_engine(pg_url.replace("postgresql+psycopg://", scheme))
        try:
            assert engine.url.drivername == "postgresql+psycopg"
            with engine.connect() as conn:
                assert conn.execute(text("SELECT 1")).scalar() == 1
        finally:
            engine.dispose()


def test_session_postgres_read_only_engine_refuses_writes(pg_url: str) -> None:
    engine = create_store_engine(pg_url, read_only=True)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SHOW default_transaction_read_only")).scalar() == "on"
            with pytest.raises(DBAPIError, match="read-only"):
                conn.execute(text("DELETE FROM rejects"))
    finally:
        engine.dispose()


def test_session_postgres_read_only_open_of_an_empty_database_is_unavailable() -> None:
    reason = pg_skip_reason()
    if reason is not None:
        pytest.skip(reason)
    url = create_database(shared_server(), "empty_ro")
    try:
        with pytest.raises(StoreUnavailableError, match="ingest first"):
            Store(url, read_only=True)
    finally:
        drop_database(url)


def test_session_postgres_downgrade_drops_the_fts_index_and_upgrade_restores_it(
    pg_url: str,
) -> None:
    from alembic import command

    from claimgraph.store.session import alembic_config

    engine = create_store_engine(pg_url)
    try:
        with engine.begin() as conn:
            config = alembic_config(pg_url)
            config.attributes["connection"] = conn
            command.downgrade(config, "0003")
        with pytest.raises(SchemaOutdatedError, match="0003"):
            Store(pg_url, read_only=True)
        upgrade_store(pg_url)
        with engine.connect() as conn:
            found = conn.execute(
                text("SELECT count(*) FROM pg_indexes WHERE indexname = :name"),
                {"name": FTS_INDEX_NAME},
            ).scalar()
        assert found == 1
    finally:
        engine.dispose()
