"""`claimgraph db`: schema revision and upgrade, on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from tests.pgserver import create_database, drop_database, pg_skip_reason, shared_server
from typer.testing import CliRunner

from claimgraph.cli.main import app
from claimgraph.errors import SchemaOutdatedError, StoreUnavailableError
from claimgraph.store import Store
from claimgraph.store.session import SCHEMA_HEAD, create_store_engine, upgrade_schema

runner = CliRunner()
_NAMES = itertools.count()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_db_cmd_upgrades_an_older_store_and_then_has_nothing_to_do(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_store_engine(url)
    upgrade_schema(engine, revision="0006")
    engine.dispose()
    code, output = invoke("db", "revision", "--db", url)
    assert code == 0 and f"store: 0006 · code: {SCHEMA_HEAD}" in output
    with pytest.raises(SchemaOutdatedError, match="claimgraph db upgrade"):  # read-only opens
        invoke("query", "--db", url, "--actor", "Iran")
    code, output = invoke("db", "upgrade", "--db", url)
    assert code == 0 and f"from 0006 to {SCHEMA_HEAD}" in output
    assert "vacuum" not in output  # SQLite: nothing to vacuum
    code, output = invoke("db", "upgrade", "--db", url)
    assert code == 0 and f"already at revision {SCHEMA_HEAD}" in output
    with Store(url, read_only=True) as store:
        assert store.stats().documents == 0


def test_db_cmd_revision_of_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailableError, match="no such database file"):
        invoke("db", "revision", "--db", str(tmp_path / "absent.db"))
    assert not (tmp_path / "absent.db").exists()


def test_db_cmd_upgrades_an_empty_postgres_database_and_vacuums() -> None:
    reason = pg_skip_reason()
    if reason is not None:
        pytest.skip(reason)
    url = create_database(shared_server(), f"dbcmd_{next(_NAMES)}")
    try:
        bare = url.replace("postgresql+psycopg://", "postgresql://")
        code, output = invoke("db", "upgrade", "--db", bare)
        assert code == 0, output
        assert f"from an empty database to {SCHEMA_HEAD}" in output
        assert "vacuumed and analyzed" in output
        code, output = invoke("db", "revision", "--db", bare)
        assert f"store: {SCHEMA_HEAD}" in output
    finally:
        drop_database(url)
