"""Store fixtures parametrized by backend: SQLite files and a real PostgreSQL server.

Import the fixtures a test module needs (``from tests.store.backends import store_url``).
PostgreSQL runs on the process's shared server (``tests.pgserver.shared_server``), one fresh
database per test (or per module), dropped afterwards; its cases skip with the reason when the
server binaries or the driver are missing (``scripts/ci_postgres.sh`` installs them).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from tests.pgserver import drop_database, fresh_database, pg_skip_reason

BACKENDS = ("sqlite", "postgresql")


def backend_url(backend: str, tmp_dir: object) -> str:
    """A new, empty store URL on ``backend`` (SQLite: a file in ``tmp_dir``)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_dir}/store.db"
    reason = pg_skip_reason()
    if reason is not None:
        pytest.skip(reason)
    return fresh_database()


def _release(url: str) -> None:
    if url.startswith("postgresql"):
        drop_database(url)


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: object) -> Iterator[str]:
    """A fresh store URL per test, once per backend."""
    url = backend_url(str(request.param), tmp_path)
    yield url
    _release(url)


@pytest.fixture(params=BACKENDS, scope="module")
def module_store_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A fresh store URL per module, once per backend (for read-only test modules)."""
    url = backend_url(str(request.param), tmp_path_factory.mktemp("store"))
    yield url
    _release(url)


def count_rows(url: str, table: str) -> int:
    """Rows of ``table`` in the store at ``url`` (any backend)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
    finally:
        engine.dispose()
