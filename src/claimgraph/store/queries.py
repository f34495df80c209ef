"""Read side of the store: result records and the queries behind ``Store``'s read methods.

Claims are rebuilt from ``claims`` + ``actors`` + ``documents`` + ``claim_sources`` in pages
(one query for the claims of a page, one for their attribution chains), so reading a large
store streams in constant memory.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from claimgraph.records import (
    ActorId,
    Article,
    Claim,
    ClaimActor,
    ClaimId,
    DocId,
    Rejected,
    SourceLink,
)
from claimgraph.store.schema import (
    STATUS_COLUMNS,
    ActorAlias,
    ClaimRow,
    ClaimSource,
    Document,
    MentionRow,
    RejectRow,
    Relation,
    Run,
)
from claimgraph.store.schema import Actor as ActorRow
from claimgraph.store.writer import normalize_alias
from claimgraph.vocab import (
    FAMILY_OF_TYPE,
    ActorKind,
    Certainty,
    CueKind,
    Family,
    PloverType,
    Polarity,
    SourceKind,
    Status,
    Tense,
)

# Claims rebuilt per query page when streaming (``iter_claims``): one page of claims with their
# chains stays a few MB.
PAGE_SIZE = 500


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A stored document: the cleaned body with its metadata and what was found in it."""

    doc_id: DocId
    source: str
    text: str
    title: str | None
    author: str | None
    published: dt.date | None
    outlet: str | None
    url: str | None
    language: str
    media_type: str
    raw_sha1: str | None
    removed_lines: int
    warnings: tuple[str, ...]
    parsed: bool
    ingested_at: dt.datetime
    n_claims: int = 0
    n_mentions: int = 0

    @property
    def article(self) -> Article:
        return Article(
            doc_id=self.doc_id,
            source=self.source,
            text=self.text,
            title=self.title,
            author=self.author,
            published=self.published,
            outlet=self.outlet,
            url=self.url,
            language=self.language,
            raw_sha1=self.raw_sha1,
            media_type=self.media_type,
            removed_lines=self.removed_lines,
            warnings=self.warnings,
        )


@dataclass(frozen=True, slots=True)
class StoreStats:
    documents: int
    parsed: int
    failed: int  # rejects recorded (documents or inputs that could not be processed)
    claims: int
    claims_by_status: dict[Status, int]
    actors: int
    mentions: int
    relations: int
    runs: int
    rejects_by_code: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ActorRef:
    id: ActorId
    name: str
    kind: ActorKind
    country: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class RelationRow:
    """A (subject, type, object) relation with its corroboration figures."""

    subject: ActorRef
    type: PloverType
    object: ActorRef
    n_claims: int
    n_sources: int  # independent sources (see ``claimgraph.graph.aggregate``)
    status_counts: dict[Status, int]
    first_date: dt.date | None
    last_date: dt.date | None

    @property
    def family(self) -> Family:
        return FAMILY_OF_TYPE[self.type]

    @property
    def contradicted(self) -> bool:
        """Some claims deny the relation while others affirm it."""
        denied = self.status_counts.get(Status.DENIED, 0)
        return 0 < denied < self.n_claims


# --------------------------------------------------------------------------------------------
# claims
# --------------------------------------------------------------------------------------------

_Subject = aliased(ActorRow, name="subject_actor")
_Object = aliased(ActorRow, name="object_actor")


def claims_select() -> Select[ClaimRow, ActorRow, ActorRow, Document]:
    """Claims joined with their two actors and their document."""
    return (
        select(ClaimRow, _Subject, _Object, Document)
        .join(_Subject, ClaimRow.subject_id == _Subject.id)
        .join(_Object, ClaimRow.object_id == _Object.id)
        .join(Document, ClaimRow.doc_id == Document.doc_id)
    )


def actor_ids_matching(session: Session, text: str) -> list[str]:
    """Actor ids whose id, name or any mention matches ``text`` (case-insensitive, exact).

    Resolved up front, so the claim/relation query gets a literal id list and the database
    can use its actor indexes on both sides of the OR.
    """
    stmt = select(ActorAlias.actor_id).where(ActorAlias.alias == normalize_alias(text))
    return sorted(set(session.scalars(stmt)))


def filter_claims(
    stmt: Select[ClaimRow, ActorRow, ActorRow, Document],
    session: Session,
    *,
    actor: str | None = None,
    subject: str | None = None,
    object: str | None = None,
    type: str | None = None,
    status: str | None = None,
    doc_id: str | None = None,
) -> Select[ClaimRow, ActorRow, ActorRow, Document]:
    if actor is not None:
        ids = actor_ids_matching(session, actor)
        stmt = stmt.where(or_(ClaimRow.subject_id.in_(ids), ClaimRow.object_id.in_(ids)))
    if subject is not None:
        stmt = stmt.where(ClaimRow.subject_id.in_(actor_ids_matching(session, subject)))
    if object is not None:
        stmt = stmt.where(ClaimRow.object_id.in_(actor_ids_matching(session, object)))
    if type is not None:
        stmt = stmt.where(ClaimRow.type == type.upper())
    if status is not None:
        stmt = stmt.where(ClaimRow.status == status.lower())
    if doc_id is not None:
        stmt = stmt.where(ClaimRow.doc_id == doc_id)
    return stmt


def _claim_actor(row: ActorRow, *, mention: str, start: int, end: int) -> ClaimActor:
    return ClaimActor(
        id=ActorId(row.id),
        name=row.name,
        kind=ActorKind(row.kind),
        sector=row.sector,
        country=row.country,
        mention=mention,
        start=start,
        end=end,
    )


def _chains(session: Session, claim_ids: Sequence[str]) -> dict[str, list[SourceLink]]:
    chains: dict[str, list[SourceLink]] = defaultdict(list)
    if not claim_ids:
        return chains
    stmt = (
        select(ClaimSource)
        .where(ClaimSource.claim_id.in_(claim_ids))
        .order_by(ClaimSource.claim_id, ClaimSource.position)
    )
    for link in session.scalars(stmt):
        chains[link.claim_id].append(
            SourceLink(
                source=link.source,
                source_id=link.source_id,
                kind=SourceKind(link.kind),
                cue=link.cue,
                cue_kind=CueKind(link.cue_kind),
                outlet=link.outlet,
            )
        )
    return chains


def load_claims(
    session: Session, stmt: Select[ClaimRow, ActorRow, ActorRow, Document]
) -> list[Claim]:
    """Run a ``claims_select`` statement and rebuild full ``Claim`` records."""
    rows = session.execute(stmt).all()
    chains = _chains(session, [row[0].claim_id for row in rows])
    claims: list[Claim] = []
    for claim_row, subject_row, object_row, document in rows:
        claims.append(
            Claim(
                claim_id=ClaimId(claim_row.claim_id),
                doc_id=DocId(claim_row.doc_id),
                sentence=claim_row.sentence,
                char_span=(claim_row.sent_start, claim_row.sent_end),
                trigger=claim_row.trigger,
                trigger_span=(claim_row.trigger_start, claim_row.trigger_end),
                subject=_claim_actor(
                    subject_row,
                    mention=claim_row.subject_mention,
                    start=claim_row.subject_start,
                    end=claim_row.subject_end,
                ),
                type=PloverType(claim_row.type),
                mode=claim_row.mode,
                object=_claim_actor(
                    object_row,
                    mention=claim_row.object_mention,
                    start=claim_row.object_start,
                    end=claim_row.object_end,
                ),
                event_date=claim_row.event_date,
                attribution=tuple(chains.get(claim_row.claim_id, ())),
                certainty=Certainty(claim_row.certainty),
                polarity=Polarity(claim_row.polarity),
                time=Tense(claim_row.time),
                status=Status(claim_row.status),
                confidence=claim_row.confidence,
                title=document.title,
                outlet=document.outlet,
                author=document.author,
                published=document.published,
                source_doc=document.source,
            )
        )
    return claims


def iter_all_claims(session: Session, *, page_size: int = PAGE_SIZE) -> Iterator[Claim]:
    """Every claim, ordered by ``claim_id``, read page by page (keyset pagination)."""
    after: str | None = None
    while True:
        stmt = claims_select().order_by(ClaimRow.claim_id).limit(page_size)
        if after is not None:
            stmt = stmt.where(ClaimRow.claim_id > after)
        page = load_claims(session, stmt)
        yield from page
        if len(page) < page_size:
            return
        after = page[-1].claim_id


# --------------------------------------------------------------------------------------------
# documents, relations, rejects, stats
# --------------------------------------------------------------------------------------------


def to_stored_document(session: Session, document: Document) -> StoredDocument:
    n_claims = session.scalar(
        select(func.count()).select_from(ClaimRow).where(ClaimRow.doc_id == document.doc_id)
    )
    n_mentions = session.scalar(
        select(func.count()).select_from(MentionRow).where(MentionRow.doc_id == document.doc_id)
    )
    return StoredDocument(
        doc_id=DocId(document.doc_id),
        source=document.source,
        text=document.text,
        title=document.title,
        author=document.author,
        published=document.published,
        outlet=document.outlet,
        url=document.url,
        language=document.language,
        media_type=document.media_type,
        raw_sha1=document.raw_sha1,
        removed_lines=document.removed_lines,
        warnings=tuple(document.warnings),
        parsed=document.parsed,
        ingested_at=document.ingested_at,
        n_claims=n_claims or 0,
        n_mentions=n_mentions or 0,
    )


_RelSubject = aliased(ActorRow, name="rel_subject")
_RelObject = aliased(ActorRow, name="rel_object")


def relations_select(
    session: Session,
    *,
    actor: str | None = None,
    type: str | None = None,
    min_sources: int = 1,
) -> Select[Relation, ActorRow, ActorRow]:
    """Relations with their actors, strongest first (independent sources, then claims)."""
    stmt = (
        select(Relation, _RelSubject, _RelObject)
        .join(_RelSubject, Relation.subject_id == _RelSubject.id)
        .join(_RelObject, Relation.object_id == _RelObject.id)
        .where(Relation.n_sources >= min_sources)
        .order_by(
            Relation.n_sources.desc(),
            Relation.n_claims.desc(),
            Relation.subject_id,
            Relation.type,
            Relation.object_id,
        )
    )
    if actor is not None:
        ids = actor_ids_matching(session, actor)
        stmt = stmt.where(or_(Relation.subject_id.in_(ids), Relation.object_id.in_(ids)))
    if type is not None:
        stmt = stmt.where(Relation.type == type.upper())
    return stmt


def _actor_ref(row: ActorRow) -> ActorRef:
    return ActorRef(
        id=ActorId(row.id),
        name=row.name,
        kind=ActorKind(row.kind),
        country=row.country,
        sector=row.sector,
    )


def to_relation_row(relation: Relation, subject: ActorRow, object_: ActorRow) -> RelationRow:
    counts = {status: getattr(relation, column) for status, column in STATUS_COLUMNS.items()}
    return RelationRow(
        subject=_actor_ref(subject),
        type=PloverType(relation.type),
        object=_actor_ref(object_),
        n_claims=relation.n_claims,
        n_sources=relation.n_sources,
        status_counts={status: n for status, n in counts.items() if n},
        first_date=relation.first_date,
        last_date=relation.last_date,
    )


def to_rejected(row: RejectRow) -> Rejected:
    return Rejected(
        source=row.source,
        stage=row.stage,
        code=row.code,
        detail=row.detail,
        doc_id=DocId(row.doc_id) if row.doc_id is not None else None,
    )


def _count(session: Session, stmt: Select[int]) -> int:
    return session.scalar(stmt) or 0


def compute_stats(session: Session) -> StoreStats:
    by_status = {
        Status(status): n
        for status, n in session.execute(
            select(ClaimRow.status, func.count()).group_by(ClaimRow.status)
        )
    }
    by_code = {
        code: n
        for code, n in session.execute(
            select(RejectRow.code, func.count()).group_by(RejectRow.code)
        )
    }
    return StoreStats(
        documents=_count(session, select(func.count()).select_from(Document)),
        parsed=_count(
            session, select(func.count()).select_from(Document).where(Document.parsed.is_(True))
        ),
        failed=sum(by_code.values()),
        claims=sum(by_status.values()),
        claims_by_status=by_status,
        actors=_count(session, select(func.count()).select_from(ActorRow)),
        mentions=_count(session, select(func.count()).select_from(MentionRow)),
        relations=_count(session, select(func.count()).select_from(Relation)),
        runs=_count(session, select(func.count()).select_from(Run)),
        rejects_by_code=by_code,
    )
