"""Bulk loading into PostgreSQL with COPY, safe for several concurrent writers.

``Store.write`` on a PostgreSQL store goes through ``BulkLoader.write(results, rejects,
hooks=...)``: one transaction per batch, with the same outcome as the generic writer
(``store.writer``: documents already stored are skipped, relations are merged additively,
rejects are recorded once per source, stage and code), but:

* rows travel with ``COPY ... FROM STDIN`` (psycopg 3), not one INSERT per row;
* every shared row is written so that two processes loading overlapping documents into one
  database neither duplicate nor lose a row:

  1. actors and aliases: ``INSERT ... ON CONFLICT DO NOTHING`` (the first writer's name is
     kept);
  2. documents: ``ON CONFLICT DO NOTHING RETURNING doc_id``; only the documents this
     transaction inserted get their mentions, attributions, claims and chains (those are
     COPYed straight into their tables: their keys derive from the ``doc_id``);
  3. under a transaction-level advisory lock (``STORE_LOCK``), so concurrent writers take
     turns for this short step while their COPYs above run in parallel: the batch's
     ``hooks`` (syndication clusters, outlet line counts, the run journal), the relation
     merge of the store (``store.writer.merge_relations``: counts, source keys and weights,
     dates, corroboration score, contradiction flag) and the rejects
     (``store.writer.insert_rejects``). Each reads what it then updates, so it needs the
     turn: a writer sees every batch committed before it.

  Steps 1-2 take their row locks in key order and every writer runs the steps in the same
  order, so two writers cannot deadlock on each other; a deadlock or serialization failure
  reported anyway before step 3 is retried (``RETRIES``). Step 3 waits on no row another
  writer holds, so it is never retried (its hooks may keep state in memory).

* A batch the database refuses (a CHECK or foreign-key violation) is retried document by
  document under SAVEPOINTs; the refused document becomes a reject (stage ``store``, CG900), as
  in the generic writer.

On SQLite there is no COPY: ``write_results`` falls back to ``Store.write``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from claimgraph.errors import UNEXPECTED_CODE, StoreError, StoreUnavailableError
from claimgraph.records import Actor, ArticleResult, Claim, Rejected
from claimgraph.store.session import create_store_engine, is_sqlite, upgrade_schema
from claimgraph.store.writer import (
    WriteStats,
    claim_when,
    insert_rejects,
    merge_relations,
    normalize_alias,
    with_document,
)

if TYPE_CHECKING:
    import psycopg

    from claimgraph.store.database import Store

logger = logging.getLogger(__name__)

__all__ = ["BulkLoader", "TableRows", "is_postgres", "table_rows", "write_results"]

# Attempts at one batch when PostgreSQL reports a deadlock or a serialization failure; with the
# key-ordered locking above none was seen in the 2-writer tests, 3 leaves room for bad luck.
RETRIES = 3
# Seconds to wait before retrying a batch after a deadlock (doubled on each retry).
RETRY_PAUSE_S = 0.05
STORE_STAGE = "store"
# The advisory-lock key that serialises the read-then-write step of batches between writers
# (hooks, relation merge, rejects): "cgrel" in ASCII.
STORE_LOCK = 0x6367_72_656C
# The former name of ``STORE_LOCK``.
RELATIONS_LOCK = STORE_LOCK

# A function run inside a batch's write transaction, after the batch's documents are stored.
Hook = Callable[[Session, Sequence[ArticleResult]], None]

_DOC_COLUMNS = (
    "doc_id", "source", "title", "author", "published", "outlet", "url", "language",
    "media_type", "raw_sha1", "text", "removed_lines", "warnings", "parsed", "ingested_at",
)  # fmt: skip
_MENTION_COLUMNS = ("doc_id", "start", "end", "text", "actor_id", "via")
_ATTRIBUTION_COLUMNS = (
    "doc_id", "position", "cue_start", "cue_end", "cue_text", "cue_lemma", "cue_kind",
    "content_start", "content_end", "source_start", "source_end", "source_text", "source_kind",
    "source_actor_id", "outlet", "parent",
)  # fmt: skip
_CLAIM_COLUMNS = (
    "claim_id", "doc_id", "sentence", "sent_start", "sent_end", "trigger", "trigger_start",
    "trigger_end", "subject_id", "subject_mention", "subject_start", "subject_end", "type",
    "mode", "object_id", "object_mention", "object_start", "object_end", "event_date",
    "certainty", "polarity", "time", "status", "confidence", "when_date",
)  # fmt: skip
_SOURCE_COLUMNS = ("claim_id", "position", "source", "source_id", "kind", "cue", "cue_kind",
                   "outlet")  # fmt: skip
_REJECT_COLUMNS = ("source", "stage", "code", "detail", "doc_id", "at")

Row = tuple[object, ...]


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql", "postgres"))


def _cols(columns: Sequence[str]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


def _copy(
    cursor: psycopg.Cursor[Row], table: str, columns: Sequence[str], rows: Iterable[Row]
) -> int:
    count = 0
    with cursor.copy(f"COPY {table} ({_cols(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


@dataclass(frozen=True, slots=True)
class _Prepared:
    """One batch turned into rows, deduplicated by doc_id, sorted by key."""

    results: list[ArticleResult]
    actors: list[Row]
    aliases: list[Row]
    refused: list[Rejected]


def _valid(result: ArticleResult) -> Rejected | None:
    article = result.article
    for claim in result.claims:
        if claim.doc_id != article.doc_id:
            return Rejected(
                source=article.source,
                stage=STORE_STAGE,
                code=UNEXPECTED_CODE,
                detail=f"claim {claim.claim_id} belongs to document {claim.doc_id}",
                doc_id=article.doc_id,
            )
    return None


def _prepare(results: Sequence[ArticleResult]) -> tuple[_Prepared, int]:
    seen: set[str] = set()
    kept: list[ArticleResult] = []
    refused: list[Rejected] = []
    skipped = 0
    actors: dict[str, Actor] = {}
    aliases: set[tuple[str, str]] = set()
    for result in results:
        doc_id = result.article.doc_id
        if doc_id in seen:
            skipped += 1
            continue
        seen.add(doc_id)
        problem = _valid(result)
        if problem is not None:
            refused.append(problem)
            continue
        kept.append(result)
        _collect_actors(result, actors, aliases)
    actor_rows: list[Row] = [
        (actor.id, actor.name, str(actor.kind), actor.country, actor.sector)
        for _, actor in sorted(actors.items())
    ]
    alias_rows: list[Row] = [pair for pair in sorted(aliases) if pair[0]]
    kept.sort(key=lambda result: result.article.doc_id)
    return _Prepared(kept, actor_rows, alias_rows, refused), skipped


def _collect_actors(
    result: ArticleResult, actors: dict[str, Actor], aliases: set[tuple[str, str]]
) -> None:
    """The same actors and aliases the generic writer records for a document."""
    own: dict[str, Actor] = {}
    for mention in result.mentions:
        own.setdefault(mention.actor.id, mention.actor)
        aliases.add((normalize_alias(mention.text), mention.actor.id))
    for attribution in result.attributions:
        if attribution.source_actor is not None:
            own.setdefault(attribution.source_actor.id, attribution.source_actor)
    for claim in result.claims:
        for arg in (claim.subject, claim.object):
            own.setdefault(
                arg.id,
                Actor(id=arg.id, name=arg.name, kind=arg.kind, country=arg.country,
                      sector=arg.sector),
            )  # fmt: skip
            aliases.add((normalize_alias(arg.mention), arg.id))
    for actor_id, actor in own.items():
        aliases.add((normalize_alias(actor.name), actor_id))
        aliases.add((normalize_alias(actor_id), actor_id))
        actors.setdefault(actor_id, actor)


def _doc_row(result: ArticleResult, now: dt.datetime) -> Row:
    article = result.article
    return (
        article.doc_id, article.source, article.title, article.author, article.published,
        article.outlet, article.url, article.language, article.media_type, article.raw_sha1,
        article.text, article.removed_lines, json.dumps(list(article.warnings)), result.parsed,
        now,
    )  # fmt: skip


def _unique_claims(result: ArticleResult) -> list[Claim]:
    claims: dict[str, Claim] = {}
    for claim in result.claims:
        claims.setdefault(claim.claim_id, claim)
    return list(claims.values())


def _child_rows(
    results: Sequence[ArticleResult],
) -> tuple[list[Row], list[Row], list[Row], list[Row]]:
    mentions: list[Row] = []
    attributions: list[Row] = []
    claims: list[Row] = []
    sources: list[Row] = []
    for result in results:
        doc_id = result.article.doc_id
        published = result.article.published
        mentions.extend(
            (doc_id, m.start, m.end, m.text, m.actor.id, m.via) for m in result.mentions
        )
        for position, a in enumerate(result.attributions):
            attributions.append(
                (doc_id, position, a.cue[0], a.cue[1], a.cue_text, a.cue_lemma, str(a.cue_kind),
                 a.content[0], a.content[1], a.source[0] if a.source else None,
                 a.source[1] if a.source else None, a.source_text, str(a.source_kind),
                 a.source_actor.id if a.source_actor else None, a.outlet, a.parent)
            )  # fmt: skip
        for c in _unique_claims(result):
            claims.append(
                (c.claim_id, doc_id, c.sentence, c.char_span[0], c.char_span[1], c.trigger,
                 c.trigger_span[0], c.trigger_span[1], c.subject.id, c.subject.mention,
                 c.subject.start, c.subject.end, str(c.type), c.mode, c.object.id,
                 c.object.mention, c.object.start, c.object.end, c.event_date,
                 str(c.certainty), str(c.polarity), str(c.time), str(c.status), c.confidence,
                 claim_when(c, published))
            )  # fmt: skip
            sources.extend(
                (c.claim_id, position, link.source, link.source_id, str(link.kind), link.cue,
                 str(link.cue_kind), link.outlet)
                for position, link in enumerate(c.attribution)
            )  # fmt: skip
    return mentions, attributions, claims, sources


# Columns and rows of one table, in the order ``COPY``/``executemany`` take them.
TableRows = tuple[tuple[str, ...], list[Row]]


def table_rows(results: Sequence[ArticleResult], *, now: dt.datetime) -> dict[str, TableRows]:
    """A batch as rows per table (actors, aliases, documents and their children).

    No check against the store: for loading a new store fast (benchmarks, restores), where
    the caller knows the documents are new. ``relations`` are not included.
    """
    prepared, _ = _prepare(results)
    mentions, attributions, claims, sources = _child_rows(prepared.results)
    return {
        "actors": (("id", "name", "kind", "country", "sector"), prepared.actors),
        "actor_aliases": (("alias", "actor_id"), prepared.aliases),
        "documents": (_DOC_COLUMNS, [_doc_row(r, now) for r in prepared.results]),
        "mentions": (_MENTION_COLUMNS, mentions),
        "attributions": (_ATTRIBUTION_COLUMNS, attributions),
        "claims": (_CLAIM_COLUMNS, claims),
        "claim_sources": (_SOURCE_COLUMNS, sources),
    }


class _BatchCopier:
    """Runs the COPY/upsert steps of one batch on an open psycopg transaction."""

    def __init__(self, conn: psycopg.Connection[Row], *, now: dt.datetime) -> None:
        self.conn = conn
        self.now = now

    def insert_actors(self, prepared: _Prepared) -> None:
        with self.conn.cursor() as cur:
            cur.execute(
                "CREATE TEMP TABLE IF NOT EXISTS _cg_actors (LIKE actors) ON COMMIT DELETE ROWS"
            )
            cur.execute(
                "CREATE TEMP TABLE IF NOT EXISTS _cg_aliases (LIKE actor_aliases) "
                "ON COMMIT DELETE ROWS"
            )
            cur.execute("TRUNCATE _cg_actors, _cg_aliases")
            cols = ("id", "name", "kind", "country", "sector")
            _copy(cur, "_cg_actors", cols, prepared.actors)
            cur.execute(
                f"INSERT INTO actors ({_cols(cols)}) SELECT {_cols(cols)} FROM _cg_actors "
                "ORDER BY id ON CONFLICT (id) DO NOTHING"
            )
            _copy(cur, "_cg_aliases", ("alias", "actor_id"), prepared.aliases)
            cur.execute(
                "INSERT INTO actor_aliases (alias, actor_id) SELECT alias, actor_id "
                "FROM _cg_aliases ORDER BY alias, actor_id ON CONFLICT DO NOTHING"
            )

    def insert_documents(self, results: Sequence[ArticleResult]) -> set[str]:
        """Insert the documents; returns the ids this transaction inserted (the new ones)."""
        with self.conn.cursor() as cur:
            cur.execute(
                "CREATE TEMP TABLE IF NOT EXISTS _cg_documents (LIKE documents) "
                "ON COMMIT DELETE ROWS"
            )
            cur.execute("TRUNCATE _cg_documents")
            _copy(cur, "_cg_documents", _DOC_COLUMNS,
                  (_doc_row(result, self.now) for result in results))  # fmt: skip
            cur.execute(
                f"INSERT INTO documents ({_cols(_DOC_COLUMNS)}) "
                f"SELECT {_cols(_DOC_COLUMNS)} FROM _cg_documents ORDER BY doc_id "
                "ON CONFLICT (doc_id) DO NOTHING RETURNING doc_id"
            )
            return {str(row[0]) for row in cur.fetchall()}

    def insert_children(self, results: Sequence[ArticleResult]) -> int:
        mentions, attributions, claims, sources = _child_rows(results)
        with self.conn.cursor() as cur:
            _copy(cur, "mentions", _MENTION_COLUMNS, mentions)
            _copy(cur, "attributions", _ATTRIBUTION_COLUMNS, attributions)
            _copy(cur, "claims", _CLAIM_COLUMNS, claims)
            _copy(cur, "claim_sources", _SOURCE_COLUMNS, sources)
        return len(claims)

    def finish(
        self,
        connection: Connection,
        results: Sequence[ArticleResult],
        new: Sequence[ArticleResult],
        rejects: Sequence[Rejected],
        hooks: Sequence[Hook],
    ) -> None:
        """Step 3: hooks, relation merge and rejects, under the store's advisory lock.

        ``results`` is the whole batch (what the generic writer hands its hooks), ``new`` the
        documents this transaction stored.
        """
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": STORE_LOCK})
        claims = [
            with_document(claim, result.article)
            for result in new
            for claim in _unique_claims(result)
        ]
        with Session(bind=connection) as session:
            for hook in hooks:
                hook(session, results)
            if claims:
                merge_relations(session, claims, now=self.now)
            insert_rejects(session, rejects, now=self.now)
            session.flush()

    def write_documents(
        self, prepared: _Prepared, results: Sequence[ArticleResult]
    ) -> list[ArticleResult]:
        """Steps 1-2 for ``results``; returns the results this transaction inserted."""
        self.insert_actors(prepared)
        new_ids = self.insert_documents(results)
        new = [result for result in results if result.article.doc_id in new_ids]
        self.insert_children(new)
        return new


@dataclass(slots=True)
class _Progress:
    """How far one attempt at a batch got: past step 2, a retry could repeat its hooks."""

    finishing: bool = False


def _store_error(url: str, err: BaseException) -> StoreError:
    """The store error for a database failure: unavailable, or a refused batch."""
    import psycopg

    if isinstance(err, psycopg.OperationalError):
        return StoreUnavailableError(url=url, detail=str(err))
    return StoreError(f"batch not written to {url}: {err}")


class BulkLoader:
    """COPY-based writer for a PostgreSQL store (see the module docstring).

    ``Store`` uses one for its writes on PostgreSQL, sharing its ``engine``; on its own it
    builds an engine for ``url``. The schema is created with ``ensure_schema`` (``upgrade
    head``) when the database is empty.
    """

    def __init__(self, url: str, *, engine: Engine | None = None) -> None:
        if not is_postgres(url):
            raise StoreUnavailableError(
                url=url, detail="COPY bulk loading needs a postgresql:// URL"
            )
        self.url = url
        self._own_engine = engine is None
        self._engine: Engine = engine if engine is not None else create_store_engine(url)

    def ensure_schema(self) -> None:
        upgrade_schema(self._engine)

    def close(self) -> None:
        if self._own_engine:
            self._engine.dispose()

    def __enter__(self) -> BulkLoader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def write(
        self,
        results: Sequence[ArticleResult],
        rejects: Sequence[Rejected] = (),
        *,
        hooks: Sequence[Hook] = (),
    ) -> WriteStats:
        """Store a batch in one transaction (retried on deadlock); see the module docstring.

        ``hooks`` run in the transaction once the batch's documents are stored, before the
        relation merge, with the whole batch (as ``Store.write`` runs them).
        """
        import psycopg

        pause = RETRY_PAUSE_S
        for attempt in range(1, RETRIES + 1):
            progress = _Progress()
            try:
                return self._write_once(results, rejects, hooks, progress)
            except (psycopg.OperationalError, DBAPIError) as err:
                cause: BaseException = err
                if isinstance(err, DBAPIError) and err.orig is not None:
                    cause = err.orig
                retry = isinstance(
                    cause, (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure)
                )
                if not retry or progress.finishing or attempt == RETRIES:
                    raise _store_error(self.url, cause) from err
                logger.warning("batch write hit %s; retry %d", type(cause).__name__, attempt)
                time.sleep(pause)
                pause *= 2
            except psycopg.Error as err:
                raise _store_error(self.url, err) from err
        raise StoreUnavailableError(url=self.url, detail="no attempt made")  # pragma: no cover

    def _write_once(
        self,
        results: Sequence[ArticleResult],
        rejects: Sequence[Rejected],
        hooks: Sequence[Hook],
        progress: _Progress,
    ) -> WriteStats:
        import psycopg

        prepared, repeated = _prepare(results)
        refused = list(prepared.refused)
        with self._engine.begin() as connection:
            conn: psycopg.Connection[Row] = connection.connection.driver_connection  # type: ignore[assignment]  # psycopg under SQLAlchemy
            copier = _BatchCopier(conn, now=dt.datetime.now(dt.UTC))
            # Open the batch's transaction now: on an idle connection psycopg's
            # ``transaction()`` below would BEGIN and COMMIT on its own instead of taking a
            # SAVEPOINT, committing the documents before step 3.
            connection.execute(text("SELECT 1"))
            try:
                with conn.transaction():
                    new = copier.write_documents(prepared, prepared.results)
            except (psycopg.errors.IntegrityError, psycopg.errors.DataError) as err:
                logger.warning("batch refused (%s); writing its documents one by one", err)
                new = self._one_by_one(conn, copier, prepared, refused)
            progress.finishing = True
            copier.finish(connection, results, new, [*rejects, *refused], hooks)
        n_refused_here = len(refused) - len(prepared.refused)
        return WriteStats(
            documents=len(new),
            skipped=repeated + len(prepared.results) - len(new) - n_refused_here,
            claims=sum(len(_unique_claims(result)) for result in new),
            rejects=len(rejects) + len(refused),
            failed=len(refused),
        )

    @staticmethod
    def _one_by_one(
        conn: psycopg.Connection[Row],
        copier: _BatchCopier,
        prepared: _Prepared,
        refused: list[Rejected],
    ) -> list[ArticleResult]:
        import psycopg

        new: list[ArticleResult] = []
        for result in prepared.results:
            actors: dict[str, Actor] = {}
            aliases: set[tuple[str, str]] = set()
            _collect_actors(result, actors, aliases)
            single = _Prepared(
                [result],
                [
                    (a.id, a.name, str(a.kind), a.country, a.sector)
                    for _, a in sorted(actors.items())
                ],
                [pair for pair in sorted(aliases) if pair[0]],
                [],
            )
            try:
                with conn.transaction():
                    written = copier.write_documents(single, [result])
            except (psycopg.errors.IntegrityError, psycopg.errors.DataError) as err:
                logger.error(
                    "doc %s: the store refused the document: %s", result.article.doc_id, err
                )
                refused.append(
                    Rejected(
                        source=result.article.source,
                        stage=STORE_STAGE,
                        code=UNEXPECTED_CODE,
                        detail=f"the store refused the document: {err}",
                        doc_id=result.article.doc_id,
                    )
                )
                continue
            new.extend(written)
        return new


def write_results(
    store: Store,
    results: Sequence[ArticleResult],
    rejects: Sequence[Rejected] = (),
    *,
    loader: BulkLoader | None = None,
    hooks: Sequence[Hook] = (),
) -> WriteStats:
    """Write a batch with ``loader`` when given (PostgreSQL), else ``store.write``.

    ``Store.write`` itself loads with COPY on PostgreSQL, so ``loader`` only matters for a
    loader on another engine.
    """
    if loader is not None and not is_sqlite(store.url):
        return loader.write(results, rejects, hooks=hooks)
    return store.write(results, rejects, hooks=hooks)
