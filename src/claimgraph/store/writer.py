"""The batched writer: article results and rejects into the store, one transaction per batch.

``write_batch`` runs inside the caller's transaction:

1. documents already stored (or repeated within the batch) are skipped, so re-ingesting the
   same input changes nothing;
2. each new document goes in under its own SAVEPOINT with its actors, aliases, mentions,
   attributions, claims and attribution chains. A document the database refuses (a constraint
   violation: an unknown status, a claim pointing at a missing actor, ...) is rolled back alone
   and recorded as a reject (stage ``store``, code CG900); the batch goes on;
3. the accepted claims are aggregated (``graph.aggregate``, syndication clusters read from
   ``documents.cluster_id``) and merged into ``relations`` and ``relation_sources``: sums, the
   union of source keys, the max of each source's weight, min/max dates; then the touched
   relations get their corroboration score (from their sources' weights) and contradiction
   flag (from their counts). Older claims are never re-read;
4. the given rejects are appended to ``rejects``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import cast

from sqlalchemy import Table, Update, bindparam, delete, insert, select, tuple_, update
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from claimgraph.errors import UNEXPECTED_CODE
from claimgraph.graph.aggregate import ClusterRoot, RelationAgg, RelationKey, aggregate_claims
from claimgraph.graph.corroboration import corroboration_score, is_contradicted
from claimgraph.records import Actor, Article, ArticleResult, Claim, DocId, Rejected
from claimgraph.store.journal import unseen_rejects
from claimgraph.store.schema import (
    STATUS_COLUMNS,
    ActorAlias,
    AttributionRow,
    Base,
    ClaimRow,
    ClaimSource,
    Document,
    MentionRow,
    RejectRow,
    Relation,
    RelationSource,
)
from claimgraph.store.schema import Actor as ActorRow
from claimgraph.vocab import Status

logger = logging.getLogger(__name__)

# Rows per IN (...) list: well under SQLite's default limit of 32766 host parameters and
# PostgreSQL's 65535, small enough to keep each statement cheap.
IN_CHUNK = 500

# Aliases are stored lower-cased and cut to this many characters (the column width).
ALIAS_LEN = 255

STORE_STAGE = "store"


@dataclass(frozen=True, slots=True)
class WriteStats:
    """What one ``Store.write`` call did."""

    documents: int = 0  # new documents stored
    skipped: int = 0  # documents already stored (or repeated in the batch): left unchanged
    claims: int = 0  # claims stored
    rejects: int = 0  # rejects recorded, the given ones and the documents the store refused
    failed: int = 0  # documents the store refused (also counted in ``rejects``)


def normalize_alias(text: str) -> str:
    """The lookup form of a name: lower-cased, whitespace collapsed, cut to the column."""
    return " ".join(text.lower().split())[:ALIAS_LEN]


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), IN_CHUNK):
        yield items[i : i + IN_CHUNK]


def existing_doc_ids(session: Session, doc_ids: Iterable[str]) -> set[str]:
    wanted = sorted(set(doc_ids))
    found: set[str] = set()
    for chunk in _chunks(wanted):
        found.update(session.scalars(select(Document.doc_id).where(Document.doc_id.in_(chunk))))
    return found


def _existing_actor_ids(session: Session, actor_ids: Iterable[str]) -> set[str]:
    wanted = sorted(set(actor_ids))
    found: set[str] = set()
    for chunk in _chunks(wanted):
        found.update(session.scalars(select(ActorRow.id).where(ActorRow.id.in_(chunk))))
    return found


def _table(model: type[Base]) -> Table:
    """The Core table of a model: bulk statements skip the ORM unit of work."""
    return cast(Table, model.__table__)


def _ident(key: RelationKey) -> tuple[str, str, str]:
    return (key.subject_id, str(key.type), key.object_id)


def _earliest(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return min(d for d in (a, b) if d is not None) if (a or b) else None


def _latest(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return max(d for d in (a, b) if d is not None) if (a or b) else None


def _relation_update() -> Update:
    """UPDATE relations by key, adding the batch's counts (executemany parameters)."""
    table = _table(Relation)
    counters = ["n_claims", "n_sources", *STATUS_COLUMNS.values()]
    return (
        update(table)
        .where(
            table.c.subject_id == bindparam("k_subject_id"),
            table.c.type == bindparam("k_type"),
            table.c.object_id == bindparam("k_object_id"),
        )
        .values(
            {
                **{column: table.c[column] + bindparam(f"d_{column}") for column in counters},
                "first_date": bindparam("v_first_date"),
                "last_date": bindparam("v_last_date"),
            }
        )
    )


def _source_weight_update() -> Update:
    """UPDATE relation_sources by key, raising a source's weight (executemany parameters)."""
    table = _table(RelationSource)
    return (
        update(table)
        .where(
            table.c.subject_id == bindparam("k_subject_id"),
            table.c.type == bindparam("k_type"),
            table.c.object_id == bindparam("k_object_id"),
            table.c.source_key == bindparam("k_source_key"),
        )
        .values(weight=bindparam("v_weight"))
    )


def cluster_roots(session: Session, doc_ids: Iterable[str]) -> dict[str, ClusterRoot]:
    """The syndication cluster root of each document that is a copy of another (2 queries).

    Documents alone, roots themselves and documents without ``cluster_id`` are left out: they
    are their own cluster.
    """
    table = _table(Document)
    root_of: dict[str, str] = {}
    for chunk in _chunks(sorted(set(doc_ids))):
        stmt = select(table.c.doc_id, table.c.cluster_id).where(
            table.c.doc_id.in_(chunk), table.c.cluster_id.is_not(None)
        )
        root_of.update(
            (doc_id, cluster_id)
            for doc_id, cluster_id in session.execute(stmt)
            if cluster_id != doc_id
        )
    roots: dict[str, ClusterRoot] = {}
    for chunk in _chunks(sorted(set(root_of.values()))):
        stmt = select(table.c.doc_id, table.c.outlet, table.c.author).where(
            table.c.doc_id.in_(chunk)
        )
        for row in session.execute(stmt):
            roots[str(row.doc_id)] = ClusterRoot(
                DocId(str(row.doc_id)), outlet=row.outlet, author=row.author
            )
    return {
        doc_id: roots.get(root_id, ClusterRoot(DocId(root_id)))
        for doc_id, root_id in root_of.items()
    }


def rebuild_relations(session: Session, *, page_size: int = 2000) -> int:
    """Recompute ``relations`` and ``relation_sources`` from every stored claim.

    A repair tool and the backfill of schema upgrades; ordinary writes never need it. Claims
    are merged page by page, so memory stays bounded. Returns the number of claims read.
    """
    from claimgraph.store.queries import iter_all_claims

    session.execute(delete(_table(RelationSource)))
    session.execute(delete(_table(Relation)))
    writer = _BatchWriter(session, now=dt.datetime.now(dt.UTC))
    page: list[Claim] = []
    n = 0
    for claim in iter_all_claims(session, page_size=page_size):
        page.append(claim)
        if len(page) >= page_size:
            writer.merge_relations(page)
            n += len(page)
            page = []
    writer.merge_relations(page)
    return n + len(page)


def _with_document(claim: Claim, article: Article) -> Claim:
    """The claim as it reads back from the store: document metadata filled in."""
    return replace(
        claim,
        title=claim.title or article.title,
        outlet=claim.outlet or article.outlet,
        author=claim.author or article.author,
        published=claim.published or article.published,
        source_doc=claim.source_doc or article.source,
    )


class _BatchWriter:
    """Writes one batch; keeps the sets of actors and aliases known so far."""

    def __init__(self, session: Session, *, now: dt.datetime) -> None:
        self.session = session
        self.now = now
        self.known_actors: set[str] = set()
        self.known_aliases: set[tuple[str, str]] = set()

    # -- actors ------------------------------------------------------------------------------

    def _collect_actors(
        self, result: ArticleResult
    ) -> tuple[dict[str, Actor], set[tuple[str, str]]]:
        actors: dict[str, Actor] = {}
        aliases: set[tuple[str, str]] = set()
        for mention in result.mentions:
            actors.setdefault(mention.actor.id, mention.actor)
            aliases.add((normalize_alias(mention.text), mention.actor.id))
        for attribution in result.attributions:
            if attribution.source_actor is not None:
                actors.setdefault(attribution.source_actor.id, attribution.source_actor)
        for claim in result.claims:
            for arg in (claim.subject, claim.object):
                actors.setdefault(
                    arg.id,
                    Actor(
                        id=arg.id,
                        name=arg.name,
                        kind=arg.kind,
                        country=arg.country,
                        sector=arg.sector,
                    ),
                )
                aliases.add((normalize_alias(arg.mention), arg.id))
        for actor in actors.values():
            aliases.add((normalize_alias(actor.name), actor.id))
            aliases.add((normalize_alias(actor.id), actor.id))
        return actors, {pair for pair in aliases if pair[0]}

    def prefetch(self, results: Sequence[ArticleResult]) -> None:
        """Learn which of the batch's actors and aliases the store already holds (2 queries)."""
        actor_ids: set[str] = set()
        names: set[str] = set()
        for result in results:
            actors, aliases = self._collect_actors(result)
            actor_ids.update(actors)
            names.update(alias for alias, _ in aliases)
        self.known_actors = _existing_actor_ids(self.session, actor_ids)
        alias_table = _table(ActorAlias)
        for chunk in _chunks(sorted(names)):
            stmt = select(alias_table.c.alias, alias_table.c.actor_id).where(
                alias_table.c.alias.in_(chunk)
            )
            self.known_aliases.update(
                (alias, actor_id) for alias, actor_id in self.session.execute(stmt)
            )

    def _insert_actors(self, actors: dict[str, Actor], aliases: set[tuple[str, str]]) -> None:
        rows = [
            {
                "id": actor.id,
                "name": actor.name,
                "kind": str(actor.kind),
                "country": actor.country,
                "sector": actor.sector,
            }
            for actor_id, actor in actors.items()
            if actor_id not in self.known_actors
        ]
        if rows:
            self.session.execute(insert(_table(ActorRow)), rows)
        alias_rows = [
            {"alias": alias, "actor_id": actor_id}
            for alias, actor_id in sorted(aliases - self.known_aliases)
        ]
        if alias_rows:
            self.session.execute(insert(_table(ActorAlias)), alias_rows)

    # -- one document --------------------------------------------------------------------------

    def _insert_document(self, result: ArticleResult, claims: Sequence[Claim]) -> None:
        article = result.article
        self.session.execute(
            insert(_table(Document)),
            [
                {
                    "doc_id": article.doc_id,
                    "source": article.source,
                    "title": article.title,
                    "author": article.author,
                    "published": article.published,
                    "outlet": article.outlet,
                    "url": article.url,
                    "language": article.language,
                    "media_type": article.media_type,
                    "raw_sha1": article.raw_sha1,
                    "text": article.text,
                    "removed_lines": article.removed_lines,
                    "warnings": list(article.warnings),
                    "parsed": result.parsed,
                    "ingested_at": self.now,
                }
            ],
        )
        if result.mentions:
            self.session.execute(
                insert(_table(MentionRow)),
                [
                    {
                        "doc_id": article.doc_id,
                        "start": mention.start,
                        "end": mention.end,
                        "text": mention.text,
                        "actor_id": mention.actor.id,
                        "via": mention.via,
                    }
                    for mention in result.mentions
                ],
            )
        if result.attributions:
            self.session.execute(
                insert(_table(AttributionRow)),
                [
                    {
                        "doc_id": article.doc_id,
                        "position": position,
                        "cue_start": attribution.cue[0],
                        "cue_end": attribution.cue[1],
                        "cue_text": attribution.cue_text,
                        "cue_lemma": attribution.cue_lemma,
                        "cue_kind": str(attribution.cue_kind),
                        "content_start": attribution.content[0],
                        "content_end": attribution.content[1],
                        "source_start": attribution.source[0] if attribution.source else None,
                        "source_end": attribution.source[1] if attribution.source else None,
                        "source_text": attribution.source_text,
                        "source_kind": str(attribution.source_kind),
                        "source_actor_id": (
                            attribution.source_actor.id if attribution.source_actor else None
                        ),
                        "outlet": attribution.outlet,
                        "parent": attribution.parent,
                    }
                    for position, attribution in enumerate(result.attributions)
                ],
            )
        if claims:
            self.session.execute(
                insert(_table(ClaimRow)),
                [_claim_row(claim, published=article.published) for claim in claims],
            )
            links = [
                {
                    "claim_id": claim.claim_id,
                    "position": position,
                    "source": link.source,
                    "source_id": link.source_id,
                    "kind": str(link.kind),
                    "cue": link.cue,
                    "cue_kind": str(link.cue_kind),
                    "outlet": link.outlet,
                }
                for claim in claims
                for position, link in enumerate(claim.attribution)
            ]
            if links:
                self.session.execute(insert(_table(ClaimSource)), links)

    def write_document(self, result: ArticleResult) -> list[Claim] | Rejected:
        """Store one new document under a SAVEPOINT; its claims, or a reject if refused."""
        article = result.article
        claims: dict[str, Claim] = {}
        for claim in result.claims:
            if claim.doc_id != article.doc_id:
                return Rejected(
                    source=article.source,
                    stage=STORE_STAGE,
                    code=UNEXPECTED_CODE,
                    detail=f"claim {claim.claim_id} belongs to document {claim.doc_id}",
                    doc_id=article.doc_id,
                )
            if claim.claim_id in claims:
                logger.debug("doc %s: repeated claim %s dropped", article.doc_id, claim.claim_id)
                continue
            claims[claim.claim_id] = claim
        actors, aliases = self._collect_actors(result)
        try:
            with self.session.begin_nested():
                self._insert_actors(actors, aliases)
                self._insert_document(result, list(claims.values()))
        except (IntegrityError, DataError) as err:
            logger.error(
                "doc %s: the store refused the document: %s",
                article.doc_id,
                err.orig,
                exc_info=True,
            )
            return Rejected(
                source=article.source,
                stage=STORE_STAGE,
                code=UNEXPECTED_CODE,
                detail=f"the store refused the document: {err.orig}",
                doc_id=article.doc_id,
            )
        self.known_actors.update(actors)
        self.known_aliases.update(aliases)
        return [_with_document(claim, article) for claim in claims.values()]

    # -- relations and rejects --------------------------------------------------------------

    def merge_relations(self, claims: Sequence[Claim]) -> None:
        """Merge the batch's relation figures into the stored ones (a few statements per batch)."""
        clusters = cluster_roots(self.session, {claim.doc_id for claim in claims})
        relations = aggregate_claims(claims, clusters=clusters)
        if not relations:
            return
        keys = sorted(relations)
        stored = self._stored_relations(keys)
        stored_sources = self._stored_source_weights(relations)
        source_rows: list[dict[str, object]] = []
        source_updates: list[dict[str, object]] = []
        inserts: list[dict[str, object]] = []
        updates: list[dict[str, object]] = []
        totals: dict[tuple[str, str, str], dict[Status, int]] = {}
        for key in keys:
            agg = relations[key]
            ident = {
                "subject_id": key.subject_id,
                "type": str(key.type),
                "object_id": key.object_id,
            }
            new_keys: list[str] = []
            for source in sorted(agg.source_keys):
                weight = agg.source_weights[source]
                old_weight = stored_sources.get((*_ident(key), source))
                if old_weight is None:
                    new_keys.append(source)
                    source_rows.append({**ident, "source_key": source, "weight": weight})
                elif weight > old_weight:
                    source_updates.append(
                        {
                            "k_subject_id": key.subject_id,
                            "k_type": str(key.type),
                            "k_object_id": key.object_id,
                            "k_source_key": source,
                            "v_weight": weight,
                        }
                    )
            counts = {
                column: agg.status_counts.get(status, 0)
                for status, column in STATUS_COLUMNS.items()
            }
            old = stored.get(_ident(key))
            old_counts = old[2] if old is not None else {}
            totals[_ident(key)] = {
                status: old_counts.get(status, 0) + agg.status_counts.get(status, 0)
                for status in Status
            }
            if old is None:
                inserts.append(
                    {
                        **ident,
                        "n_claims": agg.n_claims,
                        "n_sources": len(new_keys),
                        **counts,
                        "first_date": agg.first_date,
                        "last_date": agg.last_date,
                    }
                )
                continue
            updates.append(
                {
                    "k_subject_id": key.subject_id,
                    "k_type": str(key.type),
                    "k_object_id": key.object_id,
                    "d_n_claims": agg.n_claims,
                    "d_n_sources": len(new_keys),
                    **{f"d_{column}": n for column, n in counts.items()},
                    "v_first_date": _earliest(old[0], agg.first_date),
                    "v_last_date": _latest(old[1], agg.last_date),
                }
            )
        if source_rows:
            self.session.execute(insert(_table(RelationSource)), source_rows)
        if source_updates:
            self.session.execute(_source_weight_update(), source_updates)
        if inserts:
            self.session.execute(insert(_table(Relation)), inserts)
        if updates:
            self.session.execute(_relation_update(), updates)
        self._update_scores(keys, totals)

    def _update_scores(
        self,
        keys: Sequence[RelationKey],
        totals: dict[tuple[str, str, str], dict[Status, int]],
    ) -> None:
        """Score and flag the touched relations from their stored source weights and counts."""
        weights = self._all_source_weights(keys)
        table = _table(Relation)
        stmt = (
            update(table)
            .where(
                table.c.subject_id == bindparam("k_subject_id"),
                table.c.type == bindparam("k_type"),
                table.c.object_id == bindparam("k_object_id"),
            )
            .values(score=bindparam("v_score"), contradicted=bindparam("v_contradicted"))
        )
        rows = [
            {
                "k_subject_id": key.subject_id,
                "k_type": str(key.type),
                "k_object_id": key.object_id,
                "v_score": corroboration_score(weights.get(_ident(key), [])),
                "v_contradicted": is_contradicted(totals[_ident(key)]),
            }
            for key in keys
        ]
        self.session.execute(stmt, rows)

    def _all_source_weights(
        self, keys: Sequence[RelationKey]
    ) -> dict[tuple[str, str, str], list[float]]:
        table = _table(RelationSource)
        found: dict[tuple[str, str, str], list[float]] = {}
        for i in range(0, len(keys), IN_CHUNK):
            chunk = [_ident(key) for key in keys[i : i + IN_CHUNK]]
            stmt = select(
                table.c.subject_id, table.c.type, table.c.object_id, table.c.weight
            ).where(tuple_(table.c.subject_id, table.c.type, table.c.object_id).in_(chunk))
            for subject_id, type_, object_id, weight in self.session.execute(stmt):
                found.setdefault((subject_id, type_, object_id), []).append(weight)
        return found

    def _stored_relations(
        self, keys: Sequence[RelationKey]
    ) -> dict[tuple[str, str, str], tuple[dt.date | None, dt.date | None, dict[Status, int]]]:
        table = _table(Relation)
        found: dict[
            tuple[str, str, str], tuple[dt.date | None, dt.date | None, dict[Status, int]]
        ] = {}
        count_columns = [table.c[column] for column in STATUS_COLUMNS.values()]
        for i in range(0, len(keys), IN_CHUNK):
            chunk = [_ident(key) for key in keys[i : i + IN_CHUNK]]
            stmt = select(
                table.c.subject_id,
                table.c.type,
                table.c.object_id,
                table.c.first_date,
                table.c.last_date,
                *count_columns,
            ).where(tuple_(table.c.subject_id, table.c.type, table.c.object_id).in_(chunk))
            for row in self.session.execute(stmt):
                subject_id, type_, object_id, first, last, *ns = row
                counts = dict(zip(STATUS_COLUMNS, (int(n) for n in ns), strict=True))
                found[(subject_id, type_, object_id)] = (first, last, counts)
        return found

    def _stored_source_weights(
        self, relations: dict[RelationKey, RelationAgg]
    ) -> dict[tuple[str, str, str, str], float]:
        table = _table(RelationSource)
        wanted = sorted(
            (*_ident(key), source) for key, agg in relations.items() for source in agg.source_keys
        )
        found: dict[tuple[str, str, str, str], float] = {}
        for i in range(0, len(wanted), IN_CHUNK):
            stmt = select(
                table.c.subject_id,
                table.c.type,
                table.c.object_id,
                table.c.source_key,
                table.c.weight,
            ).where(
                tuple_(table.c.subject_id, table.c.type, table.c.object_id, table.c.source_key).in_(
                    wanted[i : i + IN_CHUNK]
                )
            )
            found.update(((a, b, c, d), w) for a, b, c, d, w in self.session.execute(stmt))
        return found

    def insert_rejects(self, rejects: Sequence[Rejected]) -> None:
        # idempotent: one row per (source, stage, code), so a resumed run adds none twice
        rejects = unseen_rejects(self.session, rejects)
        if not rejects:
            return
        self.session.execute(
            insert(_table(RejectRow)),
            [
                {
                    "source": reject.source,
                    "stage": reject.stage,
                    "code": reject.code,
                    "detail": reject.detail,
                    "doc_id": reject.doc_id,
                    "at": self.now,
                }
                for reject in rejects
            ],
        )


def claim_when(claim: Claim, published: dt.date | None) -> dt.date | None:
    """A claim's date key (``claims.when_date``): its event date, else its document's
    publication date ``published``."""
    return claim.event_date if claim.event_date is not None else published


def _claim_row(claim: Claim, *, published: dt.date | None) -> dict[str, object]:
    return {
        "claim_id": claim.claim_id,
        "doc_id": claim.doc_id,
        "sentence": claim.sentence,
        "sent_start": claim.char_span[0],
        "sent_end": claim.char_span[1],
        "trigger": claim.trigger,
        "trigger_start": claim.trigger_span[0],
        "trigger_end": claim.trigger_span[1],
        "subject_id": claim.subject.id,
        "subject_mention": claim.subject.mention,
        "subject_start": claim.subject.start,
        "subject_end": claim.subject.end,
        "type": str(claim.type),
        "mode": claim.mode,
        "object_id": claim.object.id,
        "object_mention": claim.object.mention,
        "object_start": claim.object.start,
        "object_end": claim.object.end,
        "event_date": claim.event_date,
        "when_date": claim_when(claim, published),
        "certainty": str(claim.certainty),
        "polarity": str(claim.polarity),
        "time": str(claim.time),
        "status": str(claim.status),
        "confidence": claim.confidence,
    }


def merge_relations(
    session: Session, claims: Sequence[Claim], *, now: dt.datetime | None = None
) -> None:
    """Merge ``claims`` (already stored, document metadata filled in) into ``relations``.

    The one relation merge of the store: counts, source keys and their weights, dates, the
    corroboration score and the contradiction flag, inside the session's open transaction.
    Concurrent callers must take turns (the bulk loader holds an advisory lock around it).
    """
    _BatchWriter(session, now=now or dt.datetime.now(dt.UTC)).merge_relations(claims)


def insert_rejects(
    session: Session, rejects: Sequence[Rejected], *, now: dt.datetime | None = None
) -> None:
    """Record ``rejects``, one row per (source, stage, code): a repeated reject adds nothing."""
    _BatchWriter(session, now=now or dt.datetime.now(dt.UTC)).insert_rejects(rejects)


def with_document(claim: Claim, article: Article) -> Claim:
    """The claim as it reads back from the store: document metadata filled in."""
    return _with_document(claim, article)


def write_batch(
    session: Session,
    results: Sequence[ArticleResult],
    rejects: Sequence[Rejected] = (),
    *,
    now: dt.datetime | None = None,
    on_documents: Sequence[Callable[[Session, Sequence[ArticleResult]], None]] = (),
) -> WriteStats:
    """Write one batch inside the session's open transaction (see the module docstring).

    ``on_documents`` run after the documents are inserted and before relations are merged
    (syndication clusters are assigned there, and the merge reads them).
    """
    writer = _BatchWriter(session, now=now or dt.datetime.now(dt.UTC))
    writer.prefetch(results)
    stored = existing_doc_ids(session, (result.article.doc_id for result in results))
    seen: set[str] = set()
    skipped = 0
    accepted: list[Claim] = []
    refused: list[Rejected] = []
    n_docs = 0
    for result in results:
        doc_id = result.article.doc_id
        if doc_id in stored or doc_id in seen:
            skipped += 1
            continue
        seen.add(doc_id)
        outcome = writer.write_document(result)
        if isinstance(outcome, Rejected):
            refused.append(outcome)
            continue
        n_docs += 1
        accepted.extend(outcome)
    for hook in on_documents:
        hook(session, results)
    writer.merge_relations(accepted)
    all_rejects = [*rejects, *refused]
    writer.insert_rejects(all_rejects)
    session.flush()
    return WriteStats(
        documents=n_docs,
        skipped=skipped,
        claims=len(accepted),
        rejects=len(all_rejects),
        failed=len(refused),
    )
