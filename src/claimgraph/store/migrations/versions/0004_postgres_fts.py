"""Full-text search on PostgreSQL: a GIN index over the documents' title and text.

PostgreSQL only (``store.postgres.FTS_INDEX_SQL``): a stored generated ``tsvector`` column
(``documents.search_vector``, kept by the server, unknown to the models) and its GIN index.
SQLite keeps its FTS5 table (revision 0001); there this revision does nothing.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

from claimgraph.store.postgres import FTS_DROP_SQL, FTS_INDEX_SQL

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in FTS_INDEX_SQL.split(";\n"):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in FTS_DROP_SQL.split(";\n"):
            op.execute(statement)
