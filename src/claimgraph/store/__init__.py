"""The store: SQLite (default) or PostgreSQL through SQLAlchemy 2, with Alembic migrations.

``Store`` is the one entry point; ``resolve_db_url`` turns a ``--db`` value into a URL.
"""

from claimgraph.store.database import RunInfo, Store
from claimgraph.store.queries import ActorRef, RelationRow, StoredDocument, StoreStats
from claimgraph.store.session import resolve_db_url, upgrade_schema, upgrade_store
from claimgraph.store.writer import WriteStats

__all__ = [
    "ActorRef",
    "RelationRow",
    "RunInfo",
    "Store",
    "StoreStats",
    "StoredDocument",
    "WriteStats",
    "resolve_db_url",
    "upgrade_schema",
    "upgrade_store",
]
