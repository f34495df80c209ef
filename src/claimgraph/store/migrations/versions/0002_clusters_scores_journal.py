"""Syndication clusters, corroboration scores, the run journal and per-outlet line counts.

- ``documents.cluster_id``: the syndication cluster a document belongs to (the doc_id of the
  cluster's first member; a document alone is its own cluster), ``documents.minhash``: its
  MinHash signature (for near-duplicate lookups across runs);
- ``lsh_buckets``: MinHash LSH band buckets -> documents, so near duplicates are found in the
  store rather than in memory;
- ``relations.score`` / ``relations.contradicted``: the corroboration score and contradiction
  flag kept up to date with the counts;
- ``run_inputs``: the run journal (which inputs of a run, keyed by its arguments, are done);
- ``outlet_lines``: in how many documents of an outlet a line occurs (cross-document
  boilerplate learned per outlet).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("cluster_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("minhash", sa.LargeBinary(), nullable=True))
    op.create_index("ix_documents_cluster_id", "documents", ["cluster_id"], unique=False)
    with op.batch_alter_table("relations") as batch:
        batch.add_column(sa.Column("score", sa.Float(), nullable=False, server_default="0"))
        batch.add_column(
            sa.Column("contradicted", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_index("ix_relations_score", "relations", ["score"], unique=False)
    op.create_table(
        "lsh_buckets",
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.String(length=32), nullable=False),
        sa.Column("doc_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("band", "bucket", "doc_id", name=op.f("pk_lsh_buckets")),
    )
    op.create_table(
        "run_inputs",
        sa.Column("run_key", sa.String(length=64), nullable=False),
        sa.Column("input", sa.Text(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("mtime", sa.Float(), nullable=True),
        sa.Column("n_documents", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("run_key", "input", name=op.f("pk_run_inputs")),
    )
    op.create_table(
        "outlet_lines",
        sa.Column("outlet", sa.String(length=255), nullable=False),
        sa.Column("line_hash", sa.String(length=32), nullable=False),
        sa.Column("n_docs", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("outlet", "line_hash", name=op.f("pk_outlet_lines")),
    )


def downgrade() -> None:
    op.drop_table("outlet_lines")
    op.drop_table("run_inputs")
    op.drop_table("lsh_buckets")
    op.drop_index("ix_relations_score", table_name="relations")
    with op.batch_alter_table("relations") as batch:
        batch.drop_column("contradicted")
        batch.drop_column("score")
    op.drop_index("ix_documents_cluster_id", table_name="documents")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("minhash")
        batch.drop_column("cluster_id")
