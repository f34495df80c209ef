"""Initial schema: documents, actors, mentions, claims and their sources, attributions,
rejects, runs, relations; on SQLite an FTS5 index over the documents' title and text.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

# The PLOVER types as of this revision (a later vocabulary change needs a new revision).
PLOVER_TYPE_CHECK = (
    "\"type\" IN ('AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', "
    "'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', "
    "'ASSAULT')"
)

# The FTS5 table mirrors documents (external content) through triggers, so writers need not
# know about it; other dialects search with LIKE instead.
FTS_STATEMENTS = (
    "CREATE VIRTUAL TABLE documents_fts USING fts5("
    "title, text, content='documents', content_rowid='rowid', tokenize='unicode61')",
    "CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); "
    "END",
    "CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); END",
    "CREATE TRIGGER documents_fts_au AFTER UPDATE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); "
    "END",
)
FTS_DROP = (
    "DROP TRIGGER IF EXISTS documents_fts_au",
    "DROP TRIGGER IF EXISTS documents_fts_ad",
    "DROP TRIGGER IF EXISTS documents_fts_ai",
    "DROP TABLE IF EXISTS documents_fts",
)


def _is_sqlite() -> bool:
    return op.get_context().dialect.name == "sqlite"


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("sector", sa.String(length=16), nullable=True),
        sa.CheckConstraint(
            '"kind" IN '
            "('state', 'person', 'organization', 'armed_group', 'igo', 'media', 'other')",
            name=op.f("ck_actors_kind"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
    )
    op.create_table(
        "documents",
        sa.Column("doc_id", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("outlet", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("media_type", sa.String(length=64), nullable=False),
        sa.Column("raw_sha1", sa.String(length=40), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("removed_lines", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("parsed", sa.Boolean(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("doc_id", name=op.f("pk_documents")),
    )
    op.create_index(op.f("ix_documents_published"), "documents", ["published"], unique=False)

    op.create_table(
        "rejects",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("doc_id", sa.String(length=64), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rejects")),
    )
    op.create_index(op.f("ix_rejects_code"), "rejects", ["code"], unique=False)

    op.create_table(
        "relation_sources",
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=False),
        sa.Column("source_key", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint(
            "subject_id", "type", "object_id", "source_key", name=op.f("pk_relation_sources")
        ),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished", sa.DateTime(timezone=True), nullable=True),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
    )
    op.create_table(
        "actor_aliases",
        sa.Column("alias", sa.String(length=255), nullable=False),
        sa.Column("actor_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_actor_aliases_actor_id_actors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("alias", "actor_id", name=op.f("pk_actor_aliases")),
    )
    op.create_table(
        "attributions",
        sa.Column("doc_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("cue_start", sa.Integer(), nullable=False),
        sa.Column("cue_end", sa.Integer(), nullable=False),
        sa.Column("cue_text", sa.Text(), nullable=False),
        sa.Column("cue_lemma", sa.Text(), nullable=False),
        sa.Column("cue_kind", sa.String(length=16), nullable=False),
        sa.Column("content_start", sa.Integer(), nullable=False),
        sa.Column("content_end", sa.Integer(), nullable=False),
        sa.Column("source_start", sa.Integer(), nullable=True),
        sa.Column("source_end", sa.Integer(), nullable=True),
        sa.Column("source_text", sa.Text(), nullable=True),
        sa.Column("source_kind", sa.String(length=16), nullable=False),
        sa.Column("source_actor_id", sa.String(length=64), nullable=True),
        sa.Column("outlet", sa.Text(), nullable=True),
        sa.Column("parent", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "\"cue_kind\" IN ('neutral', 'distancing', 'denial', 'belief')",
            name=op.f("ck_attributions_cue_kind"),
        ),
        sa.CheckConstraint(
            "\"source_kind\" IN ('author', 'named_source', 'unnamed_source')",
            name=op.f("ck_attributions_source_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["doc_id"],
            ["documents.doc_id"],
            name=op.f("fk_attributions_doc_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_actor_id"], ["actors.id"], name=op.f("fk_attributions_source_actor_id_actors")
        ),
        sa.PrimaryKeyConstraint("doc_id", "position", name=op.f("pk_attributions")),
    )
    op.create_table(
        "claims",
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("doc_id", sa.String(length=64), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("sent_start", sa.Integer(), nullable=False),
        sa.Column("sent_end", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.Text(), nullable=False),
        sa.Column("trigger_start", sa.Integer(), nullable=False),
        sa.Column("trigger_end", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("subject_mention", sa.Text(), nullable=False),
        sa.Column("subject_start", sa.Integer(), nullable=False),
        sa.Column("subject_end", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("mode", sa.String(length=32), nullable=True),
        sa.Column("object_id", sa.String(length=64), nullable=False),
        sa.Column("object_mention", sa.Text(), nullable=False),
        sa.Column("object_start", sa.Integer(), nullable=False),
        sa.Column("object_end", sa.Integer(), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("certainty", sa.String(length=16), nullable=False),
        sa.Column("polarity", sa.String(length=16), nullable=False),
        sa.Column("time", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.CheckConstraint(
            "\"certainty\" IN ('certain', 'probable', 'possible', 'underspecified')",
            name=op.f("ck_claims_certainty"),
        ),
        sa.CheckConstraint(
            "\"polarity\" IN ('positive', 'negative')", name=op.f("ck_claims_polarity")
        ),
        sa.CheckConstraint(
            "\"status\" IN ('asserted', 'reported', 'alleged', 'hedged', 'denied', 'predicted')",
            name=op.f("ck_claims_status"),
        ),
        sa.CheckConstraint(
            "\"time\" IN ('past_or_present', 'future')", name=op.f("ck_claims_time")
        ),
        sa.CheckConstraint(
            PLOVER_TYPE_CHECK,
            name=op.f("ck_claims_type"),
        ),
        sa.CheckConstraint(
            "confidence >= 0 AND confidence <= 1", name=op.f("ck_claims_confidence")
        ),
        sa.ForeignKeyConstraint(
            ["doc_id"],
            ["documents.doc_id"],
            name=op.f("fk_claims_doc_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["object_id"], ["actors.id"], name=op.f("fk_claims_object_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["actors.id"], name=op.f("fk_claims_subject_id_actors")
        ),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_claims")),
    )
    op.create_index(op.f("ix_claims_doc_id"), "claims", ["doc_id"], unique=False)
    op.create_index(op.f("ix_claims_object_id"), "claims", ["object_id"], unique=False)
    op.create_index(op.f("ix_claims_status"), "claims", ["status"], unique=False)
    op.create_index(
        "ix_claims_subject_type_object", "claims", ["subject_id", "type", "object_id"], unique=False
    )
    op.create_index(op.f("ix_claims_type"), "claims", ["type"], unique=False)

    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("doc_id", sa.String(length=64), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.String(length=64), nullable=False),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_mentions_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["doc_id"],
            ["documents.doc_id"],
            name=op.f("fk_mentions_doc_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentions")),
    )
    op.create_index(op.f("ix_mentions_actor_id"), "mentions", ["actor_id"], unique=False)
    op.create_index(op.f("ix_mentions_doc_id"), "mentions", ["doc_id"], unique=False)

    op.create_table(
        "relations",
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=False),
        sa.Column("n_claims", sa.Integer(), nullable=False),
        sa.Column("n_sources", sa.Integer(), nullable=False),
        sa.Column("n_asserted", sa.Integer(), nullable=False),
        sa.Column("n_reported", sa.Integer(), nullable=False),
        sa.Column("n_alleged", sa.Integer(), nullable=False),
        sa.Column("n_hedged", sa.Integer(), nullable=False),
        sa.Column("n_denied", sa.Integer(), nullable=False),
        sa.Column("n_predicted", sa.Integer(), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=True),
        sa.Column("last_date", sa.Date(), nullable=True),
        sa.CheckConstraint(
            PLOVER_TYPE_CHECK,
            name=op.f("ck_relations_type"),
        ),
        sa.ForeignKeyConstraint(
            ["object_id"], ["actors.id"], name=op.f("fk_relations_object_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["actors.id"], name=op.f("fk_relations_subject_id_actors")
        ),
        sa.PrimaryKeyConstraint("subject_id", "type", "object_id", name=op.f("pk_relations")),
    )
    op.create_index("ix_relations_n_sources", "relations", ["n_sources"], unique=False)
    op.create_index("ix_relations_object_id", "relations", ["object_id"], unique=False)

    op.create_table(
        "claim_sources",
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("source_id", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("cue", sa.Text(), nullable=False),
        sa.Column("cue_kind", sa.String(length=16), nullable=False),
        sa.Column("outlet", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "\"cue_kind\" IN ('neutral', 'distancing', 'denial', 'belief')",
            name=op.f("ck_claim_sources_cue_kind"),
        ),
        sa.CheckConstraint(
            "\"kind\" IN ('author', 'named_source', 'unnamed_source')",
            name=op.f("ck_claim_sources_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.claim_id"],
            name=op.f("fk_claim_sources_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("claim_id", "position", name=op.f("pk_claim_sources")),
    )
    op.create_index(
        op.f("ix_claim_sources_source_id"), "claim_sources", ["source_id"], unique=False
    )
    if _is_sqlite():
        for statement in FTS_STATEMENTS:
            op.execute(statement)


def downgrade() -> None:
    if _is_sqlite():
        for statement in FTS_DROP:
            op.execute(statement)
    op.drop_index(op.f("ix_claim_sources_source_id"), table_name="claim_sources")

    op.drop_table("claim_sources")
    op.drop_index("ix_relations_object_id", table_name="relations")
    op.drop_index("ix_relations_n_sources", table_name="relations")

    op.drop_table("relations")
    op.drop_index(op.f("ix_mentions_doc_id"), table_name="mentions")
    op.drop_index(op.f("ix_mentions_actor_id"), table_name="mentions")

    op.drop_table("mentions")
    op.drop_index(op.f("ix_claims_type"), table_name="claims")
    op.drop_index("ix_claims_subject_type_object", table_name="claims")
    op.drop_index(op.f("ix_claims_status"), table_name="claims")
    op.drop_index(op.f("ix_claims_object_id"), table_name="claims")
    op.drop_index(op.f("ix_claims_doc_id"), table_name="claims")

    op.drop_table("claims")
    op.drop_table("attributions")
    op.drop_table("actor_aliases")
    op.drop_table("runs")
    op.drop_table("relation_sources")
    op.drop_index(op.f("ix_rejects_code"), table_name="rejects")

    op.drop_table("rejects")
    op.drop_index(op.f("ix_documents_published"), table_name="documents")

    op.drop_table("documents")
    op.drop_table("actors")
