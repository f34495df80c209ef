"""The claim's date key as a column: ``claims.when_date``.

A claim's date is its event date, else its document's publication date; the evidence page
sorts and filters by it and the timeline groups by it. Read through a join to ``documents``,
the biggest relation of a 1M-claim PostgreSQL store paid one document lookup per claim (2.3k)
before the page's top-N sort (profiled with ``benchmarks/bench_scale.py``). Documents never
change once stored, so the value is written with the claim and kept:

- ``claims.when_date`` (nullable date), backfilled from ``documents`` in one UPDATE;
- ``claims (subject_id, type, object_id, when_date, doc_id, sent_start, claim_id, status)``
  replaces ``ix_claims_relation_page``: a page is a walk of ``limit`` index entries, the
  count and timeline (status included) read the index alone.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


_OLD_PAGE = [
    "subject_id", "type", "object_id", "event_date", "status", "doc_id", "sent_start",
    "claim_id",
]  # fmt: skip
_NEW_PAGE = [
    "subject_id", "type", "object_id", "when_date", "doc_id", "sent_start", "claim_id",
    "status",
]  # fmt: skip

# PostgreSQL joins the two tables once (a hash join over every claim); SQLite looks each
# claim's document up by its primary key.
_BACKFILL = {
    "postgresql": (
        "UPDATE claims SET when_date = coalesce(claims.event_date, documents.published) "
        "FROM documents WHERE documents.doc_id = claims.doc_id"
    ),
    "default": (
        "UPDATE claims SET when_date = coalesce(event_date, "
        "(SELECT published FROM documents WHERE documents.doc_id = claims.doc_id))"
    ),
}


def upgrade() -> None:
    op.add_column("claims", sa.Column("when_date", sa.Date(), nullable=True))
    # dropped first: the UPDATE then maintains one index fewer
    op.drop_index("ix_claims_relation_page", table_name="claims")
    dialect = op.get_bind().dialect.name
    op.execute(_BACKFILL.get(dialect, _BACKFILL["default"]))
    op.create_index("ix_claims_relation_page", "claims", _NEW_PAGE)
    if dialect == "postgresql":
        op.execute("ANALYZE claims")


def downgrade() -> None:
    op.drop_index("ix_claims_relation_page", table_name="claims")
    op.drop_column("claims", "when_date")
    op.create_index("ix_claims_relation_page", "claims", _OLD_PAGE)
