"""PostgreSQL-only parts of the store: full-text search over documents.

SQLite searches with its FTS5 table; PostgreSQL with a GIN index over a stored generated
column ``documents.search_vector = to_tsvector('english', title || ' ' || text)``
(``DOCUMENT_TSVECTOR``). The column exists on PostgreSQL only (revision 0004 adds it; the
models do not name it, so inserts and reads never touch it) and the server keeps it up to
date. Storing the vector, rather than indexing the expression alone, lets ``ts_rank`` read it
instead of re-parsing every matching document: on 20k documents a common two-word query went
from ~1.1 s to a few milliseconds.

* ``FTS_INDEX_SQL`` / ``FTS_DROP_SQL``: the statements a migration runs on PostgreSQL only
  (``op.get_bind().dialect.name == "postgresql"``);
* ``ensure_fts_index(engine)``: the same, idempotent, for stores created before it;
* ``search_documents(session, query, limit=...)``: ranked doc ids, every word required.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from claimgraph.records import DocId

logger = logging.getLogger(__name__)

__all__ = [
    "DOCUMENT_TSVECTOR",
    "FTS_COLUMN",
    "FTS_DROP_SQL",
    "FTS_INDEX_NAME",
    "FTS_INDEX_SQL",
    "ensure_fts_index",
    "search_documents",
]

# The text-search configuration: the corpus is English news (non-English documents are stored
# but not parsed; their words are still indexed, unstemmed apart from English rules).
TS_CONFIG = "english"
FTS_INDEX_NAME = "ix_documents_fts"
FTS_COLUMN = "search_vector"
DOCUMENT_TSVECTOR = f"to_tsvector('{TS_CONFIG}', coalesce(title, '') || ' ' || text)"
FTS_INDEX_SQL = (
    f"ALTER TABLE documents ADD COLUMN IF NOT EXISTS {FTS_COLUMN} tsvector "
    f"GENERATED ALWAYS AS ({DOCUMENT_TSVECTOR}) STORED;\n"
    f"CREATE INDEX IF NOT EXISTS {FTS_INDEX_NAME} ON documents USING GIN ({FTS_COLUMN})"
)
FTS_DROP_SQL = (
    f"DROP INDEX IF EXISTS {FTS_INDEX_NAME};\n"
    f"ALTER TABLE documents DROP COLUMN IF EXISTS {FTS_COLUMN}"
)


def ensure_fts_index(engine: Engine) -> None:
    """Create the full-text GIN index if it is missing (PostgreSQL only; no-op elsewhere)."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as connection:
        for statement in FTS_INDEX_SQL.split(";\n"):
            connection.execute(text(statement))
    logger.info("full-text index %s ready", FTS_INDEX_NAME)


def search_documents(session: Session, query: str, *, limit: int = 20) -> list[DocId]:
    """Documents containing every word of ``query``, best ``ts_rank`` first."""
    words = [word for word in query.split() if word]
    if not words:
        return []
    rows = session.execute(
        text(
            f"SELECT doc_id FROM documents, plainto_tsquery('{TS_CONFIG}', :query) AS q "
            f"WHERE {FTS_COLUMN} @@ q "
            f"ORDER BY ts_rank({FTS_COLUMN}, q) DESC, doc_id LIMIT :limit"
        ),
        {"query": " ".join(words), "limit": max(0, limit)},
    )
    return [DocId(str(row[0])) for row in rows]
