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
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    Subquery,
    and_,
    bindparam,
    func,
    or_,
    select,
    union_all,
)
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

# What a ``Claim`` is rebuilt from, as plain columns (no ORM entities: rebuilding 50 claims
# from entities cost ~25 ms on the 1M-claim store, mostly identity-map bookkeeping). The
# order is the row layout ``_claim_of_row`` reads.
_CLAIM_COLUMNS = (
    ClaimRow.claim_id,
    ClaimRow.doc_id,
    ClaimRow.sentence,
    ClaimRow.sent_start,
    ClaimRow.sent_end,
    ClaimRow.trigger,
    ClaimRow.trigger_start,
    ClaimRow.trigger_end,
    ClaimRow.subject_mention,
    ClaimRow.subject_start,
    ClaimRow.subject_end,
    ClaimRow.type,
    ClaimRow.mode,
    ClaimRow.object_mention,
    ClaimRow.object_start,
    ClaimRow.object_end,
    ClaimRow.event_date,
    ClaimRow.certainty,
    ClaimRow.polarity,
    ClaimRow.time,
    ClaimRow.status,
    ClaimRow.confidence,
    _Subject.id.label("subject_actor_id"),
    _Subject.name.label("subject_name"),
    _Subject.kind.label("subject_kind"),
    _Subject.sector.label("subject_sector"),
    _Subject.country.label("subject_country"),
    _Object.id.label("object_actor_id"),
    _Object.name.label("object_name"),
    _Object.kind.label("object_kind"),
    _Object.sector.label("object_sector"),
    _Object.country.label("object_country"),
    Document.title,
    Document.outlet,
    Document.author,
    Document.published,
    Document.source,
)

# The document order of ``Store.query_claims`` (a total order: ``claim_id`` is unique).
_DOCUMENT_ORDER = (ClaimRow.doc_id, ClaimRow.sent_start, ClaimRow.trigger_start, ClaimRow.claim_id)

# Most index walks ``claims_page`` merges (one per matching actor id and side); a text
# matching more actors (none seen: a form is shared by a handful at most) takes one plain
# query instead.
MAX_WALKS = 32

ClaimSelect = Select[*tuple[Any, ...]]


def claims_select() -> ClaimSelect:
    """The columns of claims joined with their two actors and their document."""
    return (
        select(*_CLAIM_COLUMNS)
        .select_from(ClaimRow)
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


def _claim_conditions(
    *,
    subject_ids: list[str] | None,
    object_ids: list[str] | None,
    type: str | None,
    status: str | None,
    doc_id: str | None,
) -> list[ColumnElement[bool]]:
    """The claim filters other than ``actor`` (see ``Store.query_claims``)."""
    conditions: list[ColumnElement[bool]] = []
    if subject_ids is not None:
        conditions.append(ClaimRow.subject_id.in_(subject_ids))
    if object_ids is not None:
        conditions.append(ClaimRow.object_id.in_(object_ids))
    if type is not None:
        conditions.append(ClaimRow.type == type.upper())
    if status is not None:
        conditions.append(ClaimRow.status == status.lower())
    if doc_id is not None:
        conditions.append(ClaimRow.doc_id == doc_id)
    return conditions


def _ids(session: Session, text: str | None) -> list[str] | None:
    return None if text is None else actor_ids_matching(session, text)


def filter_claims(
    stmt: ClaimSelect,
    session: Session,
    *,
    actor: str | None = None,
    subject: str | None = None,
    object: str | None = None,
    type: str | None = None,
    status: str | None = None,
    doc_id: str | None = None,
) -> ClaimSelect:
    """``stmt`` keeping the claims that match every given filter (one WHERE, ORs included)."""
    if actor is not None:
        ids = actor_ids_matching(session, actor)
        stmt = stmt.where(or_(ClaimRow.subject_id.in_(ids), ClaimRow.object_id.in_(ids)))
    rest = _claim_conditions(
        subject_ids=_ids(session, subject),
        object_ids=_ids(session, object),
        type=type,
        status=status,
        doc_id=doc_id,
    )
    return stmt.where(*rest)


def _walks(
    actor_ids: list[str] | None, subject_ids: list[str] | None, object_ids: list[str] | None
) -> list[ColumnElement[bool]]:
    """Disjoint conditions, each walkable in document order on one index, whose union is
    what the actor (else subject, else object) filter keeps; none when no id matched.

    The object side of an actor skips claims whose subject is one of its ids too, so a
    claim between two of them is found once.
    """
    if actor_ids is not None:
        return [ClaimRow.subject_id == one for one in actor_ids] + [
            and_(ClaimRow.object_id == one, ClaimRow.subject_id.not_in(actor_ids))
            for one in actor_ids
        ]
    if subject_ids is not None:
        return [ClaimRow.subject_id == one for one in subject_ids]
    return [ClaimRow.object_id == one for one in object_ids or ()]


def claims_page(
    session: Session,
    *,
    actor: str | None = None,
    subject: str | None = None,
    object: str | None = None,
    type: str | None = None,
    status: str | None = None,
    doc_id: str | None = None,
    limit: int,
    offset: int,
) -> ClaimSelect:
    """One page of the claims matching every filter, in document order.

    ``subject = a OR object = a ORDER BY doc_id`` would sort every claim of a busy actor
    (150k on the 1M-claim store); instead each matching actor id is walked on each side in
    document order (``ix_claims_subject_doc``, ``ix_claims_object_doc``), each walk
    stopping after ``offset + limit`` rows, and the walks are merged and cut (without
    ``actor``, the same for ``subject`` or ``object``). The other filters apply in every
    walk. Many ids (more than ``MAX_WALKS`` walks) or none take the single plain query.
    """
    actor_ids, subject_ids, object_ids = (_ids(session, t) for t in (actor, subject, object))
    rest = _claim_conditions(
        subject_ids=subject_ids, object_ids=object_ids, type=type, status=status, doc_id=doc_id
    )
    walks = _walks(actor_ids, subject_ids, object_ids)
    if not walks or len(walks) > MAX_WALKS:
        stmt = claims_select().where(*rest)
        if actor_ids is not None:
            either = (ClaimRow.subject_id.in_(actor_ids), ClaimRow.object_id.in_(actor_ids))
            stmt = stmt.where(or_(*either))
        return stmt.order_by(*_DOCUMENT_ORDER).limit(limit).offset(offset)
    keys = select(*_DOCUMENT_ORDER).where(*rest)
    if len(walks) == 1:
        page = keys.where(walks[0]).order_by(*_DOCUMENT_ORDER).limit(limit).offset(offset)
    else:
        branches = [
            select(keys.where(walk).order_by(*_DOCUMENT_ORDER).limit(offset + limit).subquery())
            for walk in walks
        ]
        merged = union_all(*branches).subquery()
        page = (
            select(*merged.c)
            .order_by(*merged.c)  # the key columns, in document order
            .limit(limit)
            .offset(offset)
        )
    page_ids = page.with_only_columns(page.selected_columns.claim_id)
    return (
        claims_select()
        .where(ClaimRow.claim_id.in_(page_ids.scalar_subquery()))
        .order_by(*_DOCUMENT_ORDER)
    )


def _chains(session: Session, claim_ids: Sequence[str]) -> dict[str, list[SourceLink]]:
    chains: dict[str, list[SourceLink]] = defaultdict(list)
    if not claim_ids:
        return chains
    stmt = (
        select(
            ClaimSource.claim_id,
            ClaimSource.source,
            ClaimSource.source_id,
            ClaimSource.kind,
            ClaimSource.cue,
            ClaimSource.cue_kind,
            ClaimSource.outlet,
        )
        .where(ClaimSource.claim_id.in_(claim_ids))
        .order_by(ClaimSource.claim_id, ClaimSource.position)
    )
    rows = session.connection().execute(stmt).all()
    for claim_id, source, source_id, kind, cue, cue_kind, outlet in rows:
        chains[claim_id].append(
            SourceLink(
                source=source,
                source_id=source_id,
                kind=SourceKind(kind),
                cue=cue,
                cue_kind=CueKind(cue_kind),
                outlet=outlet,
            )
        )
    return chains


def _row_actor(
    actor: tuple[str, str, str, str | None, str | None], *, mention: str, start: int, end: int
) -> ClaimActor:
    """A claim's actor from its (id, name, kind, sector, country) columns and its mention."""
    actor_id, name, kind, sector, country = actor
    return ClaimActor(id=ActorId(actor_id), name=name, kind=ActorKind(kind), sector=sector,
                      country=country, mention=mention, start=start, end=end)  # fmt: skip


def _claim_of_row(row: Sequence[Any], chain: Sequence[SourceLink]) -> Claim:
    """A ``Claim`` from one row laid out as ``_CLAIM_COLUMNS``."""
    (claim_id, doc_id, sentence, sent_start, sent_end, trigger, trigger_start, trigger_end,
     subject_mention, subject_start, subject_end, type_, mode, object_mention, object_start,
     object_end, event_date, certainty, polarity, time, status, confidence,
     subject_id, subject_name, subject_kind, subject_sector, subject_country,
     object_id, object_name, object_kind, object_sector, object_country,
     title, outlet, author, published, source) = row  # fmt: skip
    return Claim(
        claim_id=ClaimId(claim_id),
        doc_id=DocId(doc_id),
        sentence=sentence,
        char_span=(sent_start, sent_end),
        trigger=trigger,
        trigger_span=(trigger_start, trigger_end),
        subject=_row_actor(
            (subject_id, subject_name, subject_kind, subject_sector, subject_country),
            mention=subject_mention,
            start=subject_start,
            end=subject_end,
        ),
        type=PloverType(type_),
        mode=mode,
        object=_row_actor(
            (object_id, object_name, object_kind, object_sector, object_country),
            mention=object_mention,
            start=object_start,
            end=object_end,
        ),
        event_date=event_date,
        attribution=tuple(chain),
        certainty=Certainty(certainty),
        polarity=Polarity(polarity),
        time=Tense(time),
        status=Status(status),
        confidence=confidence,
        title=title,
        outlet=outlet,
        author=author,
        published=published,
        source_doc=source,
    )


def load_claims(session: Session, stmt: ClaimSelect) -> list[Claim]:
    """Run a ``claims_select`` statement and rebuild full ``Claim`` records (with chains)."""
    # plain columns: run on the connection, without the ORM's per-statement bookkeeping
    rows = session.connection().execute(stmt).all()
    chains = _chains(session, [row[0] for row in rows])
    return [_claim_of_row(row, chains.get(row[0], ())) for row in rows]


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


def _by_side_index(flt: RelationFilter) -> bool:
    """Whether ``flt`` keeps an actor's relations by columns of the ``(side, score,
    n_sources, n_claims)`` indexes alone (the actor profile's filter)."""
    return flt.actor_id is not None and flt == RelationFilter(
        actor_id=flt.actor_id, min_sources=flt.min_sources, min_score=flt.min_score
    )


def _actor_count(flt: RelationFilter) -> Select[Any]:
    """``subject = a OR object = a`` counted as subject side + object side - both sides.

    The OR reads every relation row of the actor (a bitmap heap scan: 12.7k rows, 15 ms for
    the busiest actor of the 1M-claim PostgreSQL store); each side alone is counted from its
    index, and the relations of the actor with itself are few.
    """
    rest = relation_conditions(replace(flt, actor_id=None))
    actor = flt.actor_id

    def counted(*where: ColumnElement[bool]) -> Any:
        return select(func.count()).select_from(Relation).where(*rest, *where).scalar_subquery()

    subject = counted(Relation.subject_id == actor)
    object_ = counted(Relation.object_id == actor)
    both = counted(Relation.subject_id == actor, Relation.object_id == actor)
    return select(subject + object_ - both)


def count_relations(session: Session, flt: RelationFilter) -> int:
    """How many relations ``flt`` keeps: one count over ``relations`` alone (every relation
    has both its actors, so the actor joins of the page query cannot change it)."""
    if _by_side_index(flt):
        return int(session.connection().execute(_actor_count(flt)).scalar_one())
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


# The columns of a relation page row, in the layout ``relation_of_row`` reads: the
# relation's, then its subject's and object's.
_RELATION_FIELDS = (
    "subject_id", "type", "object_id", "n_claims", "n_sources",
    *STATUS_COLUMNS.values(), "first_date", "last_date", "score", "contradicted",
)  # fmt: skip
_ACTOR_FIELDS = ("id", "name", "kind", "country", "sector")

# Page statements kept built (by filter shape, order, limit and offset): building one costs
# a few ms of SQLAlchemy construction, about as much as running it on the 1M-claim store.
PAGE_STATEMENTS = 256

# The bound parameter of the actor in a cached actor page.
_ACTOR_PARAM = "page_actor_id"


def relations_page(
    flt: RelationFilter, *, order: str, limit: int, offset: int
) -> tuple[Select[Any], dict[str, Any]]:
    """One page of relations with their actors, as plain columns (``relation_of_row``), and
    the statement's parameters: the page is cut first, then joined.

    Joining the actors after the LIMIT keeps the join to the page's rows; SQLite would
    otherwise join every matching relation before sorting (an actor with 10k relations: 26
    ms instead of a few). Statements are built once per filter shape (the actor is a bound
    parameter).
    """
    if flt.actor_id is None:
        return _relations_page_stmt(flt, order, limit, offset), {}
    shape = replace(flt, actor_id=None)
    return _actor_page_stmt(shape, order, limit, offset), {_ACTOR_PARAM: flt.actor_id}


def _joined_page(page: Subquery, order: str) -> Select[Any]:
    return (
        select(
            *(page.c[name] for name in _RELATION_FIELDS),
            *(getattr(_RelSubject, name) for name in _ACTOR_FIELDS),
            *(getattr(_RelObject, name) for name in _ACTOR_FIELDS),
        )
        .join(_RelSubject, page.c.subject_id == _RelSubject.id)
        .join(_RelObject, page.c.object_id == _RelObject.id)
        .order_by(*_relation_order(page.c, order))
    )


@lru_cache(maxsize=PAGE_STATEMENTS)
def _relations_page_stmt(flt: RelationFilter, order: str, limit: int, offset: int) -> Select[Any]:
    page = (
        select(Relation)
        .where(*relation_conditions(flt))
        .order_by(*_relation_order(Relation, order))
        .limit(limit)
        .offset(offset)
        .subquery()
    )
    return _joined_page(page, order)


@lru_cache(maxsize=PAGE_STATEMENTS)
def _actor_page_stmt(shape: RelationFilter, order: str, limit: int, offset: int) -> Select[Any]:
    """An actor's page as two index-ordered scans, one per side, merged.

    ``subject = a OR object = a`` sorted by score would read every relation of the actor
    (25k for the busiest actor of a 1M-claim store); each side alone walks its
    ``(side, score)`` index in order and stops after ``offset + limit`` rows.
    """
    actor = bindparam(_ACTOR_PARAM, type_=String)
    rest = relation_conditions(shape)
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
    page = (
        select(both)
        .order_by(*_relation_order(both.c, order))
        .limit(limit)
        .offset(offset)
        .subquery()
    )
    return _joined_page(page, order)


def _actor_ref_of(
    id_: str, name: str, kind: str, country: str | None, sector: str | None
) -> ActorRef:
    return ActorRef(
        id=ActorId(id_), name=name, kind=ActorKind(kind), country=country, sector=sector
    )


def relation_of_row(row: Sequence[Any]) -> RelationRow:
    """A ``RelationRow`` from one row of ``relations_page`` (the same as ``to_relation_row``
    of the entities)."""
    (_, type_, _, n_claims, n_sources, *rest) = row
    n_status = len(STATUS_COLUMNS)
    counts = dict(zip(STATUS_COLUMNS, rest[:n_status], strict=True))
    first_date, last_date, score, contradicted = rest[n_status : n_status + 4]
    actors = rest[n_status + 4 :]
    n_actor = len(_ACTOR_FIELDS)
    return RelationRow(
        subject=_actor_ref_of(*actors[:n_actor]),
        type=PloverType(type_),
        object=_actor_ref_of(*actors[n_actor:]),
        n_claims=n_claims,
        n_sources=n_sources,
        status_counts={status: n for status, n in counts.items() if n},
        first_date=first_date,
        last_date=last_date,
        score=score,
        contradicted=contradicted,
    )


def base_relations_select() -> Select[Relation, ActorRow, ActorRow]:
    return (
        select(Relation, _RelSubject, _RelObject)
        .join(_RelSubject, Relation.subject_id == _RelSubject.id)
        .join(_RelObject, Relation.object_id == _RelObject.id)
    )


def count_rows(session: Session, stmt: Select[Relation, ActorRow, ActorRow]) -> int:
    return session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


# A relation's claims in page order: the claim's date key (event date, else publication
# date), then document order; the key ``ix_claims_relation_page`` walks after the relation's.
_RELATION_PAGE_ORDER = (
    ClaimRow.when_date,
    ClaimRow.doc_id,
    ClaimRow.sent_start,
    ClaimRow.claim_id,
)


def _relation_claim_conditions(
    subject_id: str,
    type: PloverType,
    object_id: str,
    *,
    status: Status | None,
    since: dt.date | None,
    until: dt.date | None,
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        ClaimRow.subject_id == subject_id,
        ClaimRow.type == str(type),
        ClaimRow.object_id == object_id,
    ]
    if status is not None:
        conditions.append(ClaimRow.status == str(status))
    if since is not None:
        conditions.append(ClaimRow.when_date >= since)
    if until is not None:
        conditions.append(ClaimRow.when_date <= until)
    return conditions


def relation_claims_select(
    subject_id: str,
    type: PloverType,
    object_id: str,
    *,
    status: Status | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> ClaimSelect:
    """The claims of one relation, oldest first (event date, else publication date)."""
    conditions = _relation_claim_conditions(
        subject_id, type, object_id, status=status, since=since, until=until
    )
    return claims_select().where(*conditions).order_by(*_RELATION_PAGE_ORDER)


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
) -> ClaimSelect:
    """One page of ``relation_claims_select``: the page's ids are cut first, from the index.

    The inner query walks ``ix_claims_relation_page`` in page order (``claims.when_date``
    holds the date key, so no document is read to sort) and stops after ``offset + limit``
    entries; only the page's rows are then read in full and joined.
    """
    conditions = _relation_claim_conditions(
        subject_id, type, object_id, status=status, since=since, until=until
    )
    ids = (
        select(ClaimRow.claim_id)
        .where(*conditions)
        .order_by(*_RELATION_PAGE_ORDER)
        .limit(limit)
        .offset(offset)
    )
    return (
        claims_select()
        .where(ClaimRow.claim_id.in_(ids.scalar_subquery()))
        .order_by(*_RELATION_PAGE_ORDER)
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
    """How many claims ``relation_claims_select`` keeps, counted from ``claims`` alone."""
    conditions = _relation_claim_conditions(
        subject_id, type, object_id, status=status, since=since, until=until
    )
    stmt = select(func.count()).select_from(ClaimRow).where(*conditions)
    return int(session.connection().execute(stmt).scalar_one())


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
    # plain rows from the connection: the busiest actor of the 1M-claim store has 2.3k
    # aliases, 8 ms as ORM rows and 1 ms as plain ones
    connection = session.connection()
    aliases: dict[str, list[str]] = defaultdict(list)
    for alias, actor_id in connection.execute(
        select(ActorAlias.alias, ActorAlias.actor_id)
        .where(ActorAlias.actor_id.in_(ids))
        .order_by(ActorAlias.alias)
    ).all():  # fetched at once: iterating fetches row by row
        aliases[actor_id].append(alias)
    n_relations: dict[str, int] = defaultdict(int)
    n_claims: dict[str, int] = defaultdict(int)
    sides = [
        select(column, func.count(), func.sum(Relation.n_claims))
        .where(column.in_(ids))
        .group_by(column)
        for column in (Relation.subject_id, Relation.object_id)
    ]
    for actor_id, n_rel, n_cl in connection.execute(union_all(*sides)).all():
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
    """How many claims of one relation fall on each date, by status (one grouped query over
    the relation's entries of ``ix_claims_relation_page``)."""
    stmt = (
        select(ClaimRow.when_date, ClaimRow.status, func.count())
        .where(
            ClaimRow.subject_id == subject_id,
            ClaimRow.type == str(type),
            ClaimRow.object_id == object_id,
        )
        .group_by(ClaimRow.when_date, ClaimRow.status)
        .order_by(ClaimRow.when_date, ClaimRow.status)
    )
    statuses = {str(status): status for status in Status}  # a lookup, not an enum call per row
    rows = session.connection().execute(stmt).all()  # at once: iterating fetches row by row
    return [(day, statuses[status], int(n)) for day, status, n in rows]
