"""Indexes for the explorer's reads at size (profiled with ``benchmarks/bench_scale.py``).

- ``actor_aliases (actor_id, alias)``: an actor's aliases were found by scanning every alias;
- ``relations (subject_id, score, n_sources, n_claims)`` and the same for ``object_id``
  (replacing ``ix_relations_object_id``): an actor's relations in score order, their count
  and claim sums from the index alone;
- ``relations (type, score, n_sources)``: the relation list of a type walked in score order,
  filtered by sources and counted from the index;
- ``claims (subject_id, type, object_id, event_date, status, doc_id, sent_start, claim_id)``
  (replacing ``ix_claims_subject_type_object``) and ``documents (doc_id, published)``: one
  page of a relation's claims, its count and timeline without reading every claim row.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


_CLAIM_PAGE = [
    "subject_id", "type", "object_id", "event_date", "status", "doc_id", "sent_start",
    "claim_id",
]  # fmt: skip


def upgrade() -> None:
    op.create_index("ix_actor_aliases_actor_id", "actor_aliases", ["actor_id", "alias"])
    op.drop_index("ix_relations_object_id", table_name="relations")
    op.create_index(
        "ix_relations_subject_score", "relations", ["subject_id", "score", "n_sources", "n_claims"]
    )
    op.create_index(
        "ix_relations_object_score", "relations", ["object_id", "score", "n_sources", "n_claims"]
    )
    op.create_index("ix_relations_type_score", "relations", ["type", "score", "n_sources"])
    op.drop_index("ix_claims_subject_type_object", table_name="claims")
    op.create_index("ix_claims_relation_page", "claims", _CLAIM_PAGE)
    op.create_index("ix_documents_published_by_id", "documents", ["doc_id", "published"])


def downgrade() -> None:
    op.drop_index("ix_documents_published_by_id", table_name="documents")
    op.drop_index("ix_claims_relation_page", table_name="claims")
    op.create_index("ix_claims_subject_type_object", "claims", ["subject_id", "type", "object_id"])
    op.drop_index("ix_relations_type_score", table_name="relations")
    op.drop_index("ix_relations_object_score", table_name="relations")
    op.drop_index("ix_relations_subject_score", table_name="relations")
    op.create_index("ix_relations_object_id", "relations", ["object_id"])
    op.drop_index("ix_actor_aliases_actor_id", table_name="actor_aliases")
