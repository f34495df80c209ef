"""Indexes for an actor's claims in document order (``Store.query_claims(actor=...)``).

- ``claims (subject_id, doc_id, sent_start, trigger_start, claim_id)`` and the same for
  ``object_id`` (replacing ``ix_claims_object_id``, which it prefixes): each side of
  ``subject = a OR object = a`` walked in document order, stopping after the page, instead
  of sorting every claim of a busy actor (profiled with ``benchmarks/bench_scale.py``).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


_DOCUMENT_ORDER = ["doc_id", "sent_start", "trigger_start", "claim_id"]


def upgrade() -> None:
    op.create_index("ix_claims_subject_doc", "claims", ["subject_id", *_DOCUMENT_ORDER])
    op.drop_index("ix_claims_object_id", table_name="claims")
    op.create_index("ix_claims_object_doc", "claims", ["object_id", *_DOCUMENT_ORDER])


def downgrade() -> None:
    op.drop_index("ix_claims_object_doc", table_name="claims")
    op.create_index("ix_claims_object_id", "claims", ["object_id"])
    op.drop_index("ix_claims_subject_doc", table_name="claims")
