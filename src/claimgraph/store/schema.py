"""The relational schema: typed SQLAlchemy 2 models.

Tables are plural snake_case. Enum columns are TEXT with a CHECK constraint built from
``claimgraph.vocab``, so the database refuses a value the code does not know. Character spans
are two integer columns (``*_start``, ``*_end``), half-open into ``documents.text``.

The schema itself is created and changed only by the Alembic revisions under
``claimgraph/store/migrations``; these models describe it for queries and writes, and a test
checks that the two agree.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from claimgraph.vocab import (
    ActorKind,
    Certainty,
    CueKind,
    PloverType,
    Polarity,
    SourceKind,
    Status,
    Tense,
    values,
)

# Constraint names follow one convention so that migrations can refer to them on every dialect.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Name of the SQLite FTS5 table over documents (title + text); absent on other dialects.
FTS_TABLE = "documents_fts"

# Column width for ids: sha1 hex (40) for documents and claims, slugs for actors.
ID_LEN = 64


def enum_check(column: str, enum: type[StrEnum], *, nullable: bool = False) -> CheckConstraint:
    """A CHECK constraint named ``<column>`` that admits exactly the vocabulary's values."""
    allowed = ", ".join(f"'{value}'" for value in values(enum))
    # The column is quoted: "time" and "type" are keywords on some dialects.
    condition = f'"{column}" IN ({allowed})'
    if nullable:
        condition = f'"{column}" IS NULL OR {condition}'
    return CheckConstraint(condition, name=column)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Document(Base):
    """One cleaned article: its clean body, metadata and a reference to the raw bytes."""

    __tablename__ = "documents"
    # publication dates by id from the index alone (revision 0005: the relation pages)
    __table_args__ = (Index("ix_documents_published_by_id", "doc_id", "published"),)

    doc_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    outlet: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(16))
    media_type: Mapped[str] = mapped_column(String(64))
    raw_sha1: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    removed_lines: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[list[str]] = mapped_column(JSON)
    parsed: Mapped[bool] = mapped_column(Boolean)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # syndication: the cluster's first member (itself when alone) and the MinHash signature
    cluster_id: Mapped[str | None] = mapped_column(String(ID_LEN), index=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)


class Actor(Base):
    """A canonical actor; the first writer's name/kind/country/sector are kept."""

    __tablename__ = "actors"
    __table_args__ = (enum_check("kind", ActorKind),)

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    country: Mapped[str | None] = mapped_column(String(8))
    sector: Mapped[str | None] = mapped_column(String(16))


class ActorAlias(Base):
    """Lower-cased surface forms an actor was mentioned by (from mentions and claims)."""

    __tablename__ = "actor_aliases"
    # an actor's aliases, in order (the key starts with the alias)
    __table_args__ = (Index("ix_actor_aliases_actor_id", "actor_id", "alias"),)

    alias: Mapped[str] = mapped_column(String(255), primary_key=True)
    actor_id: Mapped[str] = mapped_column(
        ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True
    )


class MentionRow(Base):
    """A stretch of a document's text resolved to an actor."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(
        ForeignKey("documents.doc_id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[str] = mapped_column(ForeignKey("actors.id"), index=True)
    via: Mapped[str] = mapped_column(String(16))


class ClaimRow(Base):
    """One evidence-graded claim (its attribution chain is in ``claim_sources``)."""

    __tablename__ = "claims"
    __table_args__ = (
        enum_check("type", PloverType),
        enum_check("certainty", Certainty),
        enum_check("polarity", Polarity),
        enum_check("time", Tense),
        enum_check("status", Status),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence"),
        # a relation's claims in page order (by ``when_date``), covering the page's walk, its
        # count and the timeline (revision 0007; 0005 had it on ``event_date`` and a join)
        Index(
            "ix_claims_relation_page",
            "subject_id",
            "type",
            "object_id",
            "when_date",
            "doc_id",
            "sent_start",
            "claim_id",
            "status",
        ),
        # an actor's claims in document order, one walk per side (revision 0006; the object
        # one replaces the plain object_id index)
        Index(
            "ix_claims_subject_doc",
            "subject_id",
            "doc_id",
            "sent_start",
            "trigger_start",
            "claim_id",
        ),
        Index(
            "ix_claims_object_doc", "object_id", "doc_id", "sent_start", "trigger_start", "claim_id"
        ),
    )

    claim_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    doc_id: Mapped[str] = mapped_column(
        ForeignKey("documents.doc_id", ondelete="CASCADE"), index=True
    )
    sentence: Mapped[str] = mapped_column(Text)
    sent_start: Mapped[int] = mapped_column(Integer)
    sent_end: Mapped[int] = mapped_column(Integer)
    trigger: Mapped[str] = mapped_column(Text)
    trigger_start: Mapped[int] = mapped_column(Integer)
    trigger_end: Mapped[int] = mapped_column(Integer)
    subject_id: Mapped[str] = mapped_column(ForeignKey("actors.id"))
    subject_mention: Mapped[str] = mapped_column(Text)
    subject_start: Mapped[int] = mapped_column(Integer)
    subject_end: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(16), index=True)
    mode: Mapped[str | None] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(ForeignKey("actors.id"))
    object_mention: Mapped[str] = mapped_column(Text)
    object_start: Mapped[int] = mapped_column(Integer)
    object_end: Mapped[int] = mapped_column(Integer)
    event_date: Mapped[dt.date | None] = mapped_column(Date)
    # the claim's date key: ``event_date``, else its document's ``published`` (revision 0007);
    # written with the claim and never changed (documents are immutable)
    when_date: Mapped[dt.date | None] = mapped_column(Date)
    certainty: Mapped[str] = mapped_column(String(16))
    polarity: Mapped[str] = mapped_column(String(16))
    time: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    confidence: Mapped[float] = mapped_column(Float)


class ClaimSource(Base):
    """One link of a claim's attribution chain; ``position`` 0 is the outermost source."""

    __tablename__ = "claim_sources"
    __table_args__ = (
        enum_check("kind", SourceKind),
        enum_check("cue_kind", CueKind),
    )

    claim_id: Mapped[str] = mapped_column(
        ForeignKey("claims.claim_id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[str | None] = mapped_column(String(ID_LEN), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    cue: Mapped[str] = mapped_column(Text)
    cue_kind: Mapped[str] = mapped_column(String(16))
    outlet: Mapped[str | None] = mapped_column(Text)


class AttributionRow(Base):
    """A document-level reporting relation: SOURCE --cue--> CONTENT (spans into the text)."""

    __tablename__ = "attributions"
    __table_args__ = (
        enum_check("cue_kind", CueKind),
        enum_check("source_kind", SourceKind),
    )

    doc_id: Mapped[str] = mapped_column(
        ForeignKey("documents.doc_id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    cue_start: Mapped[int] = mapped_column(Integer)
    cue_end: Mapped[int] = mapped_column(Integer)
    cue_text: Mapped[str] = mapped_column(Text)
    cue_lemma: Mapped[str] = mapped_column(Text)
    cue_kind: Mapped[str] = mapped_column(String(16))
    content_start: Mapped[int] = mapped_column(Integer)
    content_end: Mapped[int] = mapped_column(Integer)
    source_start: Mapped[int | None] = mapped_column(Integer)
    source_end: Mapped[int | None] = mapped_column(Integer)
    source_text: Mapped[str | None] = mapped_column(Text)
    source_kind: Mapped[str] = mapped_column(String(16))
    source_actor_id: Mapped[str | None] = mapped_column(ForeignKey("actors.id"))
    outlet: Mapped[str | None] = mapped_column(Text)
    parent: Mapped[int | None] = mapped_column(Integer)


class RejectRow(Base):
    """A document or input part that a stage could not process, with its reason."""

    __tablename__ = "rejects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(32))
    code: Mapped[str] = mapped_column(String(16), index=True)
    detail: Mapped[str] = mapped_column(Text)
    doc_id: Mapped[str | None] = mapped_column(String(ID_LEN))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Run(Base):
    """One ingest/extract run: when, over what inputs, with which counts."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    inputs: Mapped[list[str]] = mapped_column(JSON)
    counts: Mapped[dict[str, object]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))


class Relation(Base):
    """(subject, type, object) aggregated over claims, kept up to date on every write."""

    __tablename__ = "relations"
    __table_args__ = (
        enum_check("type", PloverType),
        # an actor's relations by either side in score order, counted and summed from the
        # index alone; type filters ordered by score, and their counts (revision 0005, from
        # the bench_scale query profile)
        Index("ix_relations_subject_score", "subject_id", "score", "n_sources", "n_claims"),
        Index("ix_relations_object_score", "object_id", "score", "n_sources", "n_claims"),
        Index("ix_relations_n_sources", "n_sources"),
        Index("ix_relations_type_score", "type", "score", "n_sources"),
    )

    subject_id: Mapped[str] = mapped_column(ForeignKey("actors.id"), primary_key=True)
    type: Mapped[str] = mapped_column(String(16), primary_key=True)
    object_id: Mapped[str] = mapped_column(ForeignKey("actors.id"), primary_key=True)
    n_claims: Mapped[int] = mapped_column(Integer)
    n_sources: Mapped[int] = mapped_column(Integer)
    n_asserted: Mapped[int] = mapped_column(Integer)
    n_reported: Mapped[int] = mapped_column(Integer)
    n_alleged: Mapped[int] = mapped_column(Integer)
    n_hedged: Mapped[int] = mapped_column(Integer)
    n_denied: Mapped[int] = mapped_column(Integer)
    n_predicted: Mapped[int] = mapped_column(Integer)
    first_date: Mapped[dt.date | None] = mapped_column(Date)
    last_date: Mapped[dt.date | None] = mapped_column(Date)
    score: Mapped[float] = mapped_column(Float, default=0.0, server_default="0", index=True)
    contradicted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class RelationSource(Base):
    """The independent source keys already counted for a relation (see ``graph.aggregate``)."""

    __tablename__ = "relation_sources"

    subject_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    type: Mapped[str] = mapped_column(String(16), primary_key=True)
    object_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    source_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    # the firmest status weight this source gave the relation (``graph.corroboration``)
    weight: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")


class LshBucket(Base):
    """One MinHash LSH band bucket of a document (near-duplicate lookup in the store)."""

    __tablename__ = "lsh_buckets"

    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    bucket: Mapped[str] = mapped_column(String(32), primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)


class RunInput(Base):
    """The run journal: an input of a run (keyed by the run's arguments) and when it was done."""

    __tablename__ = "run_inputs"

    run_key: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    input: Mapped[str] = mapped_column(Text, primary_key=True)
    size: Mapped[int | None] = mapped_column(BigInteger)
    mtime: Mapped[float | None] = mapped_column(Float)
    n_documents: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class OutletLine(Base):
    """In how many documents of an outlet a (normalized) line occurs."""

    __tablename__ = "outlet_lines"

    outlet: Mapped[str] = mapped_column(String(255), primary_key=True)
    line_hash: Mapped[str] = mapped_column(String(32), primary_key=True)
    n_docs: Mapped[int] = mapped_column(Integer)


# The status counter column of ``relations`` for each status value.
STATUS_COLUMNS: dict[Status, str] = {status: f"n_{status.value}" for status in Status}
