"""Read side of the store: result records and the queries behind ``Store``'s read methods.

Claims are rebuilt from ``claims`` + ``actors`` + ``documents`` + ``claim_sources`` in pages
(one query for the claims of a page, one for their attribution chains), so reading a large
store streams in constant memory.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, func, or_, select, union_all
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
    score: float = 0.0  # corroboration score (``graph.corroboration``)
    contradicted: bool = False  # some claims assert or report it, others deny it

    @property
    def family(self) -> Family:
        return FAMILY_OF_TYPE[self.type]


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
        score=relation.score,
        contradicted=relation.contradicted,
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


# --------------------------------------------------------------------------------------------
# exploration (the API and the web explorer): filtered, counted, paginated reads
# --------------------------------------------------------------------------------------------

# Orders ``find_relations`` knows: the column list behind each name.
RELATION_ORDERS = ("score", "sources", "claims", "recent")


@dataclass(frozen=True, slots=True)
class RelationFilter:
    """What ``find_relations`` keeps; every field is optional (``None`` keeps everything).

    ``actor_id`` matches either side, ``subject_id``/``object_id`` one side (exact ids).
    ``status`` keeps relations with at least one claim of that status. ``since``/``until``
    keep relations whose dated span ``[first_date, last_date]`` meets the range (inclusive).
    """

    actor_id: str | None = None
    subject_id: str | None = None
    object_id: str | None = None
    types: tuple[PloverType, ...] | None = None
    status: Status | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    min_sources: int = 1
    min_score: float = 0.0
    contradicted: bool | None = None


@dataclass(frozen=True, slots=True)
class ActorSummary:
    """An actor with how much the store knows about it."""

    actor: ActorRef
    aliases: tuple[str, ...]
    n_relations: int
    n_claims: int


def relation_conditions(flt: RelationFilter) -> list[ColumnElement[bool]]:
    """The WHERE conditions of ``flt`` (on ``relations`` columns only)."""
    conditions: list[ColumnElement[bool]] = [Relation.n_sources >= flt.min_sources]
    if flt.min_score > 0:
        conditions.append(Relation.score >= flt.min_score)
    if flt.actor_id is not None:
        conditions.append(
            or_(Relation.subject_id == flt.actor_id, Relation.object_id == flt.actor_id)
        )
    if flt.subject_id is not None:
        conditions.append(Relation.subject_id == flt.subject_id)
    if flt.object_id is not None:
        conditions.append(Relation.object_id == flt.object_id)
    if flt.types is not None:
        conditions.append(Relation.type.in_([str(t) for t in flt.types]))
    if flt.status is not None:
        conditions.append(getattr(Relation, STATUS_COLUMNS[flt.status]) > 0)
    if flt.since is not None:
        conditions.append(Relation.last_date >= flt.since)
    if flt.until is not None:
        conditions.append(Relation.first_date <= flt.until)
    if flt.contradicted is not None:
        conditions.append(Relation.contradicted.is_(flt.contradicted))
    return conditions


def filter_relations(
    stmt: Select[Relation, ActorRow, ActorRow], flt: RelationFilter
) -> Select[Relation, ActorRow, ActorRow]:
    return stmt.where(*relation_conditions(flt))


def count_relations(session: Session, flt: RelationFilter) -> int:
    """How many relations ``flt`` keeps: one count over ``relations`` alone (every relation
    has both its actors, so the actor joins of the page query cannot change it)."""
    stmt = select(func.count()).select_from(Relation).where(*relation_conditions(flt))
    return session.scalar(stmt) or 0


def _relation_order(entity: Any, order: str) -> tuple[Any, ...]:
    orders: dict[str, tuple[Any, ...]] = {
        "score": (entity.score.desc(), entity.n_sources.desc(), entity.n_claims.desc()),
        "sources": (entity.n_sources.desc(), entity.score.desc(), entity.n_claims.desc()),
        "claims": (entity.n_claims.desc(), entity.score.desc()),
        "recent": (entity.last_date.desc(), entity.score.desc()),
    }
    return (*orders[order], entity.subject_id, entity.type, entity.object_id)


def order_relations(
    stmt: Select[Relation, ActorRow, ActorRow], order: str
) -> Select[Relation, ActorRow, ActorRow]:
    return stmt.order_by(*_relation_order(Relation, order))


def relations_page(
    flt: RelationFilter, *, order: str, limit: int, offset: int
) -> Select[Relation, ActorRow, ActorRow]:
    """One page of relations with their actors: the page is cut first, then joined.

    Joining the actors after the LIMIT keeps the join to the page's rows; SQLite would
    otherwise join every matching relation before sorting (an actor with 10k relations: 26
    ms instead of a few).
    """
    if flt.actor_id is None:
        page = (
            select(Relation)
            .where(*relation_conditions(flt))
            .order_by(*_relation_order(Relation, order))
            .limit(limit)
            .offset(offset)
            .subquery()
        )
    else:
        page = _actor_relations_page(flt, order=order, limit=limit, offset=offset)
    rel = aliased(Relation, page)
    return (
        select(rel, _RelSubject, _RelObject)
        .join(_RelSubject, rel.subject_id == _RelSubject.id)
        .join(_RelObject, rel.object_id == _RelObject.id)
        .order_by(*_relation_order(rel, order))
    )


def _actor_relations_page(flt: RelationFilter, *, order: str, limit: int, offset: int) -> Subquery:
    """An actor's page as two index-ordered scans, one per side, merged.

    ``subject = a OR object = a`` sorted by score would read every relation of the actor
    (25k for the busiest actor of a 1M-claim store); each side alone walks its
    ``(side, score)`` index in order and stops after ``offset + limit`` rows.
    """
    actor = flt.actor_id
    rest = relation_conditions(replace(flt, actor_id=None))
    wanted = offset + limit
    sides = [
        select(Relation).where(*rest, Relation.subject_id == actor),
        select(Relation).where(*rest, Relation.object_id == actor, Relation.subject_id != actor),
    ]
    branches = [
        select(side.order_by(*_relation_order(Relation, order)).limit(wanted).subquery())
        for side in sides
    ]
    both = union_all(*branches).subquery()
    return (
        select(both)
        .order_by(*_relation_order(both.c, order))
        .limit(limit)
        .offset(offset)
        .subquery()
    )


def base_relations_select() -> Select[Relation, ActorRow, ActorRow]:
    return (
        select(Relation, _RelSubject, _RelObject)
        .join(_RelSubject, Relation.subject_id == _RelSubject.id)
        .join(_RelObject, Relation.object_id == _RelObject.id)
    )


def count_rows(session: Session, stmt: Select[Relation, ActorRow, ActorRow]) -> int:
    return session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def _relation_claim_conditions(
    subject_id: str,
    type: PloverType,
    object_id: str,
    *,
    status: Status | None,
    since: dt.date | None,
    until: dt.date | None,
) -> list[ColumnElement[bool]]:
    when = func.coalesce(ClaimRow.event_date, Document.published)
    conditions: list[ColumnElement[bool]] = [
        ClaimRow.subject_id == subject_id,
        ClaimRow.type == str(type),
        ClaimRow.object_id == object_id,
    ]
    if status is not None:
        conditions.append(ClaimRow.status == str(status))
    if since is not None:
        conditions.append(when >= since)
    if until is not None:
        conditions.append(when <= until)
    return conditions


def relation_claims_select(
    subject_id: str,
    type: PloverType,
    object_id: str,
    *,
    status: Status | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Select[ClaimRow, ActorRow, ActorRow, Document]:
    """The claims of one relation, oldest first (event date, else publication date)."""
    when = func.coalesce(ClaimRow.event_date, Document.published)
    conditions = _relation_claim_conditions(
        subject_id, type, object_id, status=status, since=since, until=until
    )
    return (
        claims_select()
        .where(*conditions)
        .order_by(when, ClaimRow.doc_id, ClaimRow.sent_start, ClaimRow.claim_id)
    )


def relation_claims_page(
    subject_id: str,
    type: PloverType,
    object_id: str,
    *,
    status: Status | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int,
    offset: int,
) -> Select[ClaimRow, ActorRow, ActorRow, Document]:
    """One page of ``relation_claims_select``: the page's ids are cut first, from indexes.

    The inner query sorts the relation's claims by keys that the covering indexes hold
    (``ix_claims_relation_page``, ``ix_documents_published_by_id``), then only the page's
    rows are read in full: a relation with 2k claims no longer reads 2k claim rows.
    """
    when = func.coalesce(ClaimRow.event_date, Document.published)
    conditions = _relation_claim_conditions(
        subject_id, type, object_id, status=status, since=since, until=until
    )
    ids = (
        select(ClaimRow.claim_id)
        .join(Document, ClaimRow.doc_id == Document.doc_id)
        .where(*conditions)
        .order_by(when, ClaimRow.doc_id, ClaimRow.sent_start, ClaimRow.claim_id)
        .limit(limit)
        .offset(offset)
    )
    return (
        claims_select()
        .where(ClaimRow.claim_id.in_(ids.scalar_subquery()))
        .order_by(when, ClaimRow.doc_id, ClaimRow.sent_start, ClaimRow.claim_id)
    )


def count_relation_claims(
    session: Session,
    subject_id: str,
    type: PloverType,
    object_id: str,
    *,
    status: Status | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> int:
    """How many claims ``relation_claims_select`` keeps, counted without the actor joins."""
    conditions = _relation_claim_conditions(
        subject_id, type, object_id, status=status, since=since, until=until
    )
    stmt = select(func.count()).select_from(ClaimRow).where(*conditions)
    if since is not None or until is not None:
        stmt = stmt.join(Document, ClaimRow.doc_id == Document.doc_id)
    return session.scalar(stmt) or 0


def search_actors(session: Session, query: str, *, limit: int) -> list[ActorSummary]:
    """Actors whose id, name or any alias contains ``query`` (case-insensitive).

    Exact alias matches come first, then prefix matches, then the rest, each by how many
    relations the actor has.
    """
    needle = normalize_alias(query)
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    matched = (
        select(ActorAlias.actor_id, func.min(ActorAlias.alias).label("alias"))
        .where(ActorAlias.alias.like(f"%{escaped}%", escape="\\"))
        .group_by(ActorAlias.actor_id)
        .subquery()
    )
    exact = select(ActorAlias.actor_id).where(ActorAlias.alias == needle)
    prefix = select(ActorAlias.actor_id).where(ActorAlias.alias.like(f"{escaped}%", escape="\\"))
    rank = (
        select(ActorRow)
        .join(matched, matched.c.actor_id == ActorRow.id)
        .order_by(
            ActorRow.id.in_(exact).desc(),
            ActorRow.id.in_(prefix).desc(),
            ActorRow.name,
        )
        .limit(limit)
    )
    actors = list(session.scalars(rank))
    return actor_summaries(session, actors)


def top_actors(session: Session, *, limit: int) -> list[ActorSummary]:
    """The actors in the most relations (the explorer's starting list)."""
    degree = (
        select(Relation.subject_id.label("actor_id"))
        .union_all(select(Relation.object_id.label("actor_id")))
        .subquery()
    )
    stmt = (
        select(ActorRow)
        .join(degree, degree.c.actor_id == ActorRow.id)
        .group_by(ActorRow.id)
        .order_by(func.count().desc(), ActorRow.name)
        .limit(limit)
    )
    return actor_summaries(session, list(session.scalars(stmt)))


def actor_summaries(session: Session, actors: Sequence[ActorRow]) -> list[ActorSummary]:
    """Aliases and relation/claim counts for ``actors`` (a few grouped queries)."""
    ids = [actor.id for actor in actors]
    if not ids:
        return []
    aliases: dict[str, list[str]] = defaultdict(list)
    for alias, actor_id in session.execute(
        select(ActorAlias.alias, ActorAlias.actor_id)
        .where(ActorAlias.actor_id.in_(ids))
        .order_by(ActorAlias.alias)
    ):
        aliases[actor_id].append(alias)
    n_relations: dict[str, int] = defaultdict(int)
    n_claims: dict[str, int] = defaultdict(int)
    for column in (Relation.subject_id, Relation.object_id):
        for actor_id, n_rel, n_cl in session.execute(
            select(column, func.count(), func.sum(Relation.n_claims))
            .where(column.in_(ids))
            .group_by(column)
        ):
            n_relations[actor_id] += int(n_rel)
            n_claims[actor_id] += int(n_cl or 0)
    return [
        ActorSummary(
            actor=_actor_ref(actor),
            aliases=tuple(aliases.get(actor.id, ())),
            n_relations=n_relations.get(actor.id, 0),
            n_claims=n_claims.get(actor.id, 0),
        )
        for actor in actors
    ]


def relation_timeline(
    session: Session, subject_id: str, type: PloverType, object_id: str
) -> list[tuple[dt.date | None, Status, int]]:
    """How many claims of one relation fall on each date, by status (one grouped query)."""
    when = func.coalesce(ClaimRow.event_date, Document.published)
    stmt = (
        select(when, ClaimRow.status, func.count())
        .join(Document, ClaimRow.doc_id == Document.doc_id)
        .where(
            ClaimRow.subject_id == subject_id,
            ClaimRow.type == str(type),
            ClaimRow.object_id == object_id,
        )
        .group_by(when, ClaimRow.status)
        .order_by(when, ClaimRow.status)
    )
    points: list[tuple[dt.date | None, Status, int]] = []
    for raw, status, n in session.execute(stmt):
        # SQLite returns COALESCE of dates as text
        day = dt.date.fromisoformat(raw) if isinstance(raw, str) else raw
        points.append((day, Status(status), int(n)))
    return points
