"""``Store``: the one entry point to the database, for writers and readers alike.

Opening a store checks its schema revision against the code's Alembic head: a new, empty
database is created (``upgrade head``) on a write open; an older one raises
``SchemaOutdatedError`` naming the upgrade command. Writes go through ``write`` (one
transaction per batch, idempotent by ``doc_id``); everything else reads.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
from types import TracebackType

from sqlalchemy import Engine, func, or_, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from claimgraph.errors import (
    NotFoundError,
    SchemaOutdatedError,
    StoreError,
    StoreUnavailableError,
    UnknownComponentError,
)
from claimgraph.records import ArticleResult, Claim, DocId, Rejected
from claimgraph.store import postgres
from claimgraph.store import queries as q
from claimgraph.store.bulk import BulkLoader, is_postgres
from claimgraph.store.queries import (
    RELATION_ORDERS,
    ActorSummary,
    RelationFilter,
    RelationRow,
    StoredDocument,
    StoreStats,
    claims_select,
    compute_stats,
    iter_all_claims,
    load_claims,
    relations_select,
    to_rejected,
    to_relation_row,
    to_stored_document,
)
from claimgraph.store.schema import FTS_TABLE, ClaimRow, Document, RejectRow, Relation, Run
from claimgraph.store.schema import Actor as ActorRow
from claimgraph.store.session import (
    create_store_engine,
    has_tables,
    head_revision,
    is_sqlite,
    schema_revision,
    upgrade_schema,
)
from claimgraph.store.writer import WriteStats, existing_doc_ids, write_batch
from claimgraph.vocab import PloverType, Status

logger = logging.getLogger(__name__)

# Shortest doc_id prefix ``get_document`` accepts (hex digits): 4 digits make 65k buckets, so
# a prefix that short is unambiguous in the small stores people browse by hand; longer ones
# are needed only in big stores, where an ambiguous prefix is reported as such.
MIN_PREFIX = 4

# Upper bound on rows one read call returns, whatever ``limit`` asks (protects the API).
MAX_LIMIT = 10_000

# A function run inside a batch's write transaction, after the batch is written.
BatchHook = Callable[[Session, Sequence[ArticleResult]], None]

# Rows fetched per round trip when streaming relations for exports.
PAGE = 1000


@dataclass(frozen=True, slots=True)
class RunInfo:
    id: int
    started: dt.datetime
    finished: dt.datetime | None
    inputs: tuple[str, ...]
    counts: dict[str, object]
    status: str


def _limit(limit: int) -> int:
    return max(0, min(limit, MAX_LIMIT))


class Store:
    """A claimgraph store at ``url`` (SQLite file, in-memory SQLite or PostgreSQL)."""

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.url = url
        self.read_only = read_only
        self._engine: Engine = create_store_engine(url, read_only=read_only)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        # The session of an open ``reading()`` block, per thread/task (see ``reading``).
        self._shared: ContextVar[Session | None] = ContextVar(f"store-{id(self)}", default=None)
        self._check_schema()
        # PostgreSQL batches go in with COPY (``store.bulk``), on this store's engine.
        self._loader: BulkLoader | None = None
        if is_postgres(url) and not read_only:
            self._loader = BulkLoader(url, engine=self._engine)

    # -- lifecycle ------------------------------------------------------------------------------

    def _check_schema(self) -> None:
        need = head_revision()
        try:
            with self._engine.connect() as connection:
                have = schema_revision(connection)
                empty = have is None and not has_tables(connection)
        except OperationalError as err:
            raise StoreUnavailableError(url=self.url, detail=str(err.orig)) from err
        if have == need:
            return
        if empty and not self.read_only:
            logger.info("creating the store schema in %s", self.url)
            upgrade_schema(self._engine)
            return
        if empty:
            raise StoreUnavailableError(url=self.url, detail="the store is empty: ingest first")
        raise SchemaOutdatedError(have=have or "unversioned", need=need, url=self.url)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _session(self) -> AbstractContextManager[Session]:
        shared = self._shared.get()
        if shared is not None:
            return nullcontext(shared)
        return self._sessions()

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Run the reads inside the block on one session: one connection and one snapshot.

        An API request that reads a relation, pages of its claims and its timeline makes
        one connection check-out and one transaction instead of one per call (on PostgreSQL
        each costs round trips), and its figures agree with each other. Nested blocks join
        the outer one; writes are not meant for it.
        """
        if self._shared.get() is not None:
            yield
            return
        with self._sessions() as session:
            token = self._shared.set(session)
            try:
                yield
            finally:
                self._shared.reset(token)

    # -- writing --------------------------------------------------------------------------------

    def write(
        self,
        results: Sequence[ArticleResult],
        rejects: Sequence[Rejected] = (),
        *,
        hooks: Sequence[BatchHook] = (),
    ) -> WriteStats:
        """Store a batch in one transaction; documents already stored are skipped.

        ``hooks`` run in the same transaction once the batch's documents are inserted, before
        relations are merged (syndication clusters, outlet line counts, the run journal), so a
        crash keeps them consistent with the documents. On PostgreSQL the batch is loaded
        with COPY (``store.bulk``), safe beside other writing processes.
        """
        if self.read_only:
            raise StoreError(f"the store {self.url} is open read-only; cannot write")
        if self._loader is not None:
            stats = self._loader.write(results, rejects, hooks=hooks)
            logger.debug(
                "stored %d documents (%d skipped), %d claims, %d rejects (COPY)",
                stats.documents,
                stats.skipped,
                stats.claims,
                stats.rejects,
            )
            return stats
        try:
            with self._session() as session, session.begin():
                stats = write_batch(session, results, rejects, on_documents=hooks)
        except OperationalError as err:
            raise StoreUnavailableError(url=self.url, detail=str(err.orig)) from err
        except IntegrityError as err:
            raise StoreError(f"batch not written to {self.url}: {err.orig}") from err
        logger.debug(
            "stored %d documents (%d skipped), %d claims, %d rejects",
            stats.documents,
            stats.skipped,
            stats.claims,
            stats.rejects,
        )
        return stats

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction (committed on success), for the journal and lookups."""
        if self.read_only:
            raise StoreError(f"the store {self.url} is open read-only; cannot write")
        try:
            with self._session() as session, session.begin():
                yield session
        except OperationalError as err:
            raise StoreUnavailableError(url=self.url, detail=str(err.orig)) from err

    def record_run(self, *, inputs: Sequence[str], started: dt.datetime | None = None) -> int:
        """Open a ``runs`` row; returns its id for ``finish_run``."""
        if self.read_only:
            raise StoreError(f"the store {self.url} is open read-only; cannot record a run")
        run = Run(
            started=started or dt.datetime.now(dt.UTC),
            finished=None,
            inputs=list(inputs),
            counts={},
            status="running",
        )
        with self._session() as session, session.begin():
            session.add(run)
            session.flush()
            return run.id

    def finish_run(
        self,
        run_id: int,
        counts: Mapping[str, object],
        *,
        status: str = "finished",
        finished: dt.datetime | None = None,
    ) -> None:
        """Close a run with its counts: a JSON-ready mapping (seen, stored, rejected_by_code...)."""
        if self.read_only:
            raise StoreError(f"the store {self.url} is open read-only; cannot finish a run")
        with self._session() as session, session.begin():
            run = session.get(Run, run_id)
            if run is None:
                raise NotFoundError(kind="run", key=run_id, url=self.url)
            run.finished = finished or dt.datetime.now(dt.UTC)
            run.counts = dict(counts)
            run.status = status

    def runs(self, *, limit: int = 20) -> list[RunInfo]:
        """The latest runs, newest first."""
        with self._session() as session:
            rows = session.scalars(select(Run).order_by(Run.id.desc()).limit(_limit(limit)))
            return [
                RunInfo(
                    id=run.id,
                    started=run.started,
                    finished=run.finished,
                    inputs=tuple(run.inputs),
                    counts=dict(run.counts),
                    status=run.status,
                )
                for run in rows
            ]

    # -- reading --------------------------------------------------------------------------------

    def has_document(self, doc_id: DocId) -> bool:
        with self._session() as session:
            return bool(existing_doc_ids(session, [doc_id]))

    def stats(self) -> StoreStats:
        with self._session() as session:
            return compute_stats(session)

    def query_claims(
        self,
        *,
        actor: str | None = None,
        subject: str | None = None,
        object: str | None = None,
        type: str | None = None,
        status: str | None = None,
        doc_id: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Claim]:
        """Claims matching every given filter, in document order.

        ``actor`` matches either argument, ``subject``/``object`` one side; each matches an
        actor's id, name or any form it was mentioned by, case-insensitively.
        """
        with self._session() as session:
            stmt = q.claims_page(
                session, actor=actor, subject=subject, object=object, type=type,
                status=status, doc_id=doc_id, limit=_limit(limit), offset=max(0, offset),
            )  # fmt: skip
            return load_claims(session, stmt)

    def iter_claims(self) -> Iterator[Claim]:
        """Every claim, streamed page by page (for exports)."""
        with self._session() as session:
            yield from iter_all_claims(session)

    def get_document(self, doc_id_or_prefix: str) -> StoredDocument:
        """A document by its id or an unambiguous id prefix; ``NotFoundError`` otherwise."""
        key = doc_id_or_prefix.strip()
        with self._session() as session:
            document = session.get(Document, key)
            if document is None and len(key) >= MIN_PREFIX:
                matches = session.scalars(
                    select(Document)
                    .where(Document.doc_id.startswith(key, autoescape=True))
                    .order_by(Document.doc_id)
                    .limit(2)
                ).all()
                if len(matches) > 1:
                    raise NotFoundError(
                        f"doc_id prefix '{key}' is ambiguous in the store {self.url} "
                        f"({matches[0].doc_id}, {matches[1].doc_id}, ...): give more digits",
                        kind="document",
                        key=key,
                        url=self.url,
                    )
                document = matches[0] if matches else None
            if document is None:
                raise NotFoundError(kind="document", key=key, url=self.url)
            return to_stored_document(session, document)

    def search_documents(self, query: str, *, limit: int = 20) -> list[DocId]:
        """Documents whose title or text contains every word of ``query``, best first.

        SQLite uses its FTS5 index, PostgreSQL its GIN full-text index (``store.postgres``:
        English stemming); other databases fall back to LIKE.
        """
        words = [word.replace('"', "") for word in query.split()]
        words = [word for word in words if word]
        if not words:
            return []
        with self._session() as session:
            if is_sqlite(self.url):
                match = " ".join(f'"{word}"' for word in words)
                rows = session.execute(
                    text(
                        f"SELECT d.doc_id FROM {FTS_TABLE} f JOIN documents d "
                        f"ON d.rowid = f.rowid WHERE {FTS_TABLE} MATCH :match "
                        "ORDER BY rank LIMIT :limit"
                    ),
                    {"match": match, "limit": _limit(limit)},
                )
                return [DocId(row[0]) for row in rows]
            if is_postgres(self.url):
                return postgres.search_documents(session, " ".join(words), limit=_limit(limit))
            stmt = select(Document.doc_id)
            for word in words:
                pattern = f"%{word}%"
                stmt = stmt.where(or_(Document.text.ilike(pattern), Document.title.ilike(pattern)))
            return [DocId(doc_id) for doc_id in session.scalars(stmt.limit(_limit(limit)))]

    def relations(
        self,
        *,
        actor: str | None = None,
        type: str | None = None,
        limit: int = 20,
        min_sources: int = 1,
    ) -> list[RelationRow]:
        """Relations, most independently sourced first."""
        with self._session() as session:
            stmt = relations_select(session, actor=actor, type=type, min_sources=min_sources)
            rows = session.execute(stmt.limit(_limit(limit)))
            return [to_relation_row(*row) for row in rows]

    def iter_relations(self, *, min_sources: int = 1) -> Iterator[RelationRow]:
        """Every relation (for graph exports), streamed."""
        with self._session() as session:
            stmt = relations_select(session, min_sources=min_sources)
            stmt = stmt.execution_options(yield_per=PAGE)
            for row in session.execute(stmt):
                yield to_relation_row(*row)

    def rejects(self, *, limit: int = 100) -> list[Rejected]:
        """The latest rejects, newest first."""
        with self._session() as session:
            rows = session.scalars(
                select(RejectRow).order_by(RejectRow.id.desc()).limit(_limit(limit))
            )
            return [to_rejected(row) for row in rows]

    def count_claims(self) -> int:
        with self._session() as session:
            return session.scalar(select(func.count()).select_from(ClaimRow)) or 0

    # -- exploration (API, web explorer) ---------------------------------------------------------

    def find_relations(
        self,
        flt: RelationFilter | None = None,
        *,
        order: str = "score",
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[RelationRow], int]:
        """One page of the relations ``flt`` keeps, and how many it keeps in all.

        ``order`` is one of ``RELATION_ORDERS`` (``score``: strongest corroboration first).
        """
        if order not in RELATION_ORDERS:
            raise UnknownComponentError(
                kind="relation order", name=order, choices=", ".join(RELATION_ORDERS)
            )
        with self._session() as session:
            flt = flt or RelationFilter()
            total = q.count_relations(session, flt)
            stmt, params = q.relations_page(
                flt, order=order, limit=_limit(limit), offset=max(0, offset)
            )
            rows = session.connection().execute(stmt, params)
            return [q.relation_of_row(row) for row in rows], total

    def get_relation(self, subject_id: str, type: PloverType, object_id: str) -> RelationRow:
        """One relation by its key; ``NotFoundError`` when the store has none."""
        with self._session() as session:
            stmt = q.base_relations_select().where(
                Relation.subject_id == subject_id,
                Relation.type == str(type),
                Relation.object_id == object_id,
            )
            row = session.execute(stmt).first()
            if row is None:
                key = f"{subject_id} {type} {object_id}"
                raise NotFoundError(kind="relation", key=key, url=self.url)
            return to_relation_row(*row)

    def relation_claims(
        self,
        subject_id: str,
        type: PloverType,
        object_id: str,
        *,
        status: Status | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[Claim], int]:
        """One page of the claims of one relation, oldest first, and how many match."""
        with self._session() as session:
            total = q.count_relation_claims(
                session, subject_id, type, object_id, status=status, since=since, until=until
            )
            stmt = q.relation_claims_page(
                subject_id, type, object_id, status=status, since=since, until=until,
                limit=_limit(limit), offset=max(0, offset),
            )  # fmt: skip
            return load_claims(session, stmt), total

    def relation_timeline(
        self, subject_id: str, type: PloverType, object_id: str
    ) -> list[tuple[dt.date | None, Status, int]]:
        """Claims of one relation per date and status (event date, else publication date)."""
        with self._session() as session:
            return q.relation_timeline(session, subject_id, type, object_id)

    def get_claim(self, claim_id: str) -> Claim:
        """One claim by its id; ``NotFoundError`` otherwise."""
        with self._session() as session:
            claims = load_claims(session, claims_select().where(ClaimRow.claim_id == claim_id))
        if not claims:
            raise NotFoundError(kind="claim", key=claim_id, url=self.url)
        return claims[0]

    def find_actors(self, query: str = "", *, limit: int = 20) -> list[ActorSummary]:
        """Actors whose id, name or alias contains ``query``; the best connected without one."""
        with self._session() as session:
            if not query.strip():
                return q.top_actors(session, limit=_limit(limit))
            return q.search_actors(session, query, limit=_limit(limit))

    def get_actor(self, actor_id: str) -> ActorSummary:
        """One actor with its aliases and counts; ``NotFoundError`` otherwise."""
        with self._session() as session:
            actor = session.get(ActorRow, actor_id)
            if actor is None:
                raise NotFoundError(kind="actor", key=actor_id, url=self.url)
            return q.actor_summaries(session, [actor])[0]

    def list_documents(
        self, *, limit: int = 20, offset: int = 0
    ) -> tuple[list[StoredDocument], int]:
        """One page of documents, newest publication first, and how many there are."""
        with self._session() as session:
            total = session.scalar(select(func.count()).select_from(Document)) or 0
            stmt = (
                select(Document)
                .order_by(Document.published.desc(), Document.doc_id)
                .limit(_limit(limit))
                .offset(max(0, offset))
            )
            documents = list(session.scalars(stmt))
            return [to_stored_document(session, document) for document in documents], total
