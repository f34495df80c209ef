"""The API's JSON shapes (pydantic models), built from the store's records.

Every text that comes from an article travels as plain JSON strings; clients must render it as
text (the web explorer uses ``textContent``), never as markup. Highlight spans are half-open
character offsets *within the sentence* they come with.
"""

from __future__ import annotations

import datetime as dt
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from claimgraph.records import Claim, ClaimActor
from claimgraph.store import ActorRef, RelationRow, StoredDocument
from claimgraph.store.queries import ActorSummary
from claimgraph.vocab import FAMILY_OF_TYPE, Family, PloverType, Status

T = TypeVar("T")

# Separator between the links of a spelled-out attribution chain (reader's side first).
CHAIN_ARROW = " ← "


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ErrorItem(Model):
    loc: list[str | int] = Field(default_factory=list)
    msg: str
    type: str


class ErrorEnvelope(Model):
    """The one shape of every error response."""

    ok: Literal[False] = False
    error: str
    errors: list[ErrorItem] = Field(default_factory=list)
    status: int
    code: str


class Page(Model, Generic[T]):
    """One page of a list: ``next_offset`` is ``None`` on the last page; ``total`` is ``None``
    where counting would cost a scan (claims)."""

    items: list[T]
    total: int | None
    limit: int
    offset: int
    next_offset: int | None


class ActorOut(Model):
    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None

    @classmethod
    def of(cls, actor: ActorRef | ClaimActor) -> ActorOut:
        return cls(
            id=actor.id,
            name=actor.name,
            kind=actor.kind.value,
            country=actor.country,
            sector=actor.sector,
        )


class ActorSummaryOut(Model):
    actor: ActorOut
    aliases: list[str]
    n_relations: int
    n_claims: int

    @classmethod
    def of(cls, summary: ActorSummary) -> ActorSummaryOut:
        return cls(
            actor=ActorOut.of(summary.actor),
            aliases=list(summary.aliases),
            n_relations=summary.n_relations,
            n_claims=summary.n_claims,
        )


class RelationOut(Model):
    """A relation with its corroboration figures; ``id`` is ``subject|TYPE|object``."""

    id: str
    subject: ActorOut
    type: PloverType
    family: Family
    object: ActorOut
    n_claims: int
    n_sources: int
    status_counts: dict[Status, int]
    first_date: dt.date | None
    last_date: dt.date | None
    score: float
    contradicted: bool

    @classmethod
    def of(cls, row: RelationRow) -> RelationOut:
        return cls(
            id=relation_id(row.subject.id, row.type, row.object.id),
            subject=ActorOut.of(row.subject),
            type=row.type,
            family=row.family,
            object=ActorOut.of(row.object),
            n_claims=row.n_claims,
            n_sources=row.n_sources,
            status_counts=dict(row.status_counts),
            first_date=row.first_date,
            last_date=row.last_date,
            score=row.score,
            contradicted=row.contradicted,
        )


def relation_id(subject_id: str, type: PloverType, object_id: str) -> str:
    return f"{subject_id}|{type.value}|{object_id}"


class ActorProfile(Model):
    summary: ActorSummaryOut
    relations: list[RelationOut]


class Span(Model):
    start: int
    end: int


class Highlights(Model):
    """Where subject, object and trigger sit in the claim's sentence (offsets in ``sentence``)."""

    subject: Span | None
    object: Span | None
    trigger: Span | None


class SourceLinkOut(Model):
    source: str | None
    source_id: str | None
    kind: str
    cue: str
    cue_kind: str
    outlet: str | None


class DocumentRef(Model):
    doc_id: str
    title: str | None
    outlet: str | None
    author: str | None
    published: dt.date | None


class ClaimOut(Model):
    claim_id: str
    doc_id: str
    sentence: str
    char_span: Span
    highlights: Highlights
    trigger: str
    subject: ActorOut
    subject_mention: str
    type: PloverType
    family: Family
    mode: str | None
    object: ActorOut
    object_mention: str
    event_date: dt.date | None
    status: Status
    certainty: str
    polarity: str
    time: str
    confidence: float
    attribution: list[SourceLinkOut]
    attribution_text: str
    document: DocumentRef

    @classmethod
    def of(cls, claim: Claim) -> ClaimOut:
        start, end = claim.char_span
        return cls(
            claim_id=claim.claim_id,
            doc_id=claim.doc_id,
            sentence=claim.sentence,
            char_span=Span(start=start, end=end),
            highlights=Highlights(
                subject=_inner(claim.subject.start, claim.subject.end, start, end),
                object=_inner(claim.object.start, claim.object.end, start, end),
                trigger=_inner(*claim.trigger_span, start, end),
            ),
            trigger=claim.trigger,
            subject=ActorOut.of(claim.subject),
            subject_mention=claim.subject.mention,
            type=claim.type,
            family=FAMILY_OF_TYPE[claim.type],
            mode=claim.mode,
            object=ActorOut.of(claim.object),
            object_mention=claim.object.mention,
            event_date=claim.event_date,
            status=claim.status,
            certainty=claim.certainty.value,
            polarity=claim.polarity.value,
            time=claim.time.value,
            confidence=claim.confidence,
            attribution=[
                SourceLinkOut(
                    source=link.source,
                    source_id=link.source_id,
                    kind=link.kind.value,
                    cue=link.cue,
                    cue_kind=link.cue_kind.value,
                    outlet=link.outlet,
                )
                for link in claim.attribution
            ],
            attribution_text=attribution_text(claim),
            document=DocumentRef(
                doc_id=claim.doc_id,
                title=claim.title,
                outlet=claim.outlet,
                author=claim.author,
                published=claim.published,
            ),
        )


def _inner(start: int, end: int, sent_start: int, sent_end: int) -> Span | None:
    """A document span as offsets in its sentence; ``None`` when it lies outside."""
    if start < sent_start or end > sent_end or end <= start:
        return None
    return Span(start=start - sent_start, end=end - sent_start)


def attribution_text(claim: Claim) -> str:
    """The chain spelled out, reader's side first: ``author ← source (cue) ← source (cue)``."""
    byline = claim.author or claim.outlet or "the article"
    if claim.author and claim.outlet:
        byline = f"{claim.author} ({claim.outlet})"
    parts = [byline]
    for link in claim.attribution:
        who = link.source or "unnamed source"
        if link.outlet:
            who = f"{who}, via {link.outlet}"
        parts.append(f"{who} ({link.cue})")
    return CHAIN_ARROW.join(parts)


class TimelinePoint(Model):
    date: dt.date | None
    status: Status
    n: int


class RelationDetail(Model):
    """A relation with both sides of a contradiction and the shape of its timeline."""

    relation: RelationOut
    affirming: list[ClaimOut]
    denying: list[ClaimOut]
    affirming_sources: list[str]
    denying_sources: list[str]
    timeline: list[TimelinePoint]


class DocumentOut(Model):
    doc_id: str
    source: str
    title: str | None
    author: str | None
    published: dt.date | None
    outlet: str | None
    url: str | None
    language: str
    parsed: bool
    n_claims: int
    n_mentions: int
    text: str | None

    @classmethod
    def of(cls, document: StoredDocument, *, with_text: bool) -> DocumentOut:
        return cls(
            doc_id=document.doc_id,
            source=document.source,
            title=document.title,
            author=document.author,
            published=document.published,
            outlet=document.outlet,
            url=document.url,
            language=document.language,
            parsed=document.parsed,
            n_claims=document.n_claims,
            n_mentions=document.n_mentions,
            text=document.text if with_text else None,
        )


class SearchHit(Model):
    doc_id: str
    title: str | None
    outlet: str | None
    published: dt.date | None
    snippet: str


class RejectOut(Model):
    source: str
    stage: str
    code: str
    detail: str


class IngestOut(Model):
    doc_ids: list[str]
    documents: int
    skipped: int
    claims: int
    rejects: list[RejectOut]


class GraphNode(Model):
    id: str
    name: str
    kind: str
    country: str | None
    degree: int


class GraphEdge(Model):
    id: str
    source: str
    target: str
    type: PloverType
    family: Family
    score: float
    n_sources: int
    n_claims: int
    contradicted: bool


class GraphOut(Model):
    """The top-N relations by score as a network; ``truncated`` when more matched."""

    nodes: list[GraphNode]
    edges: list[GraphEdge]
    total: int
    truncated: bool


class StatsOut(Model):
    documents: int
    claims: int
    actors: int
    relations: int
    claims_by_status: dict[Status, int]
