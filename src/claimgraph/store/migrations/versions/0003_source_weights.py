"""Per-source weights of relations, for the corroboration score.

- ``relation_sources.weight``: the firmest status weight the source gave the relation
  (``claimgraph.graph.corroboration``); the relation's ``score`` is computed from these.

The upgrade recomputes ``relations`` and ``relation_sources`` from the stored claims once, so
scores and contradiction flags of an existing store are filled in.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("relation_sources") as batch:
        batch.add_column(sa.Column("weight", sa.Float(), nullable=False, server_default="0"))
    from claimgraph.store.writer import rebuild_relations

    session = Session(bind=op.get_bind())
    rebuild_relations(session)
    session.flush()


def downgrade() -> None:
    with op.batch_alter_table("relation_sources") as batch:
        batch.drop_column("weight")
