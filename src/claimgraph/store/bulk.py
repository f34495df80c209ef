"""Bulk loading into PostgreSQL with COPY, safe for several concurrent writers.

``BulkLoader(url).write(results, rejects)`` stores a batch of article results in one
transaction, with the same outcome as ``Store.write`` (documents already stored are skipped;
relations are merged additively), but:

* rows travel with ``COPY ... FROM STDIN`` (psycopg 3), not one INSERT per row;
* every shared row is written with ``INSERT ... ON CONFLICT``, so two processes loading
  overlapping documents into one database neither duplicate nor lose a row:

  1. actors and aliases: ``ON CONFLICT DO NOTHING`` (the first writer's name is kept);
  2. documents: ``ON CONFLICT DO NOTHING RETURNING doc_id``; only the documents this
     transaction inserted get their mentions, attributions, claims and chains (those are
     COPYed straight into their tables: their keys derive from the ``doc_id``);
  3. relations: the store's own merge (``store.writer``: sums, source keys and weights,
     dates, corroboration score, contradiction flag) runs over the new claims under a
     transaction-level advisory lock, so concurrent merges take turns and add up;
  4. rejects are COPYed.

  Steps 1-2 take their row locks in key order and every writer runs the steps in the same
  order, so two writers cannot deadlock on each other; a deadlock or serialization failure
  reported anyway is retried (``RETRIES``).

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session

from claimgraph.errors import UNEXPECTED_CODE, StoreUnavailableError
from claimgraph.records import Actor, Article, ArticleResult, Claim, Rejected
from claimgraph.store.session import create_store_engine, is_sqlite, upgrade_schema
from claimgraph.store.writer import WriteStats, normalize_alias

if TYPE_CHECKING:
    import psycopg

    from claimgraph.store.database import Store

logger = logging.getLogger(__name__)

__all__ = ["BulkLoader", "is_postgres", "write_results"]

# Attempts at one batch when PostgreSQL reports a deadlock or a serialization failure; with the
# key-ordered locking above none was seen in the 2-writer tests, 3 leaves room for bad luck.
RETRIES = 3
# Seconds to wait before retrying a batch after a deadlock (doubled on each retry).
RETRY_PAUSE_S = 0.05
STORE_STAGE = "store"
# The advisory-lock key that serialises the relation merge between writers ("cgrel").
RELATIONS_LOCK = 0x6367_72_656C

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
    "certainty", "polarity", "time", "status", "confidence",
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


def _with_document(claim: Claim, article: Article) -> Claim:
    return replace(
        claim,
        title=claim.title or article.title,
        outlet=claim.outlet or article.outlet,
        author=claim.author or article.author,
        published=claim.published or article.published,
        source_doc=claim.source_doc or article.source,
    )


def _child_rows(
    results: Sequence[ArticleResult],
) -> tuple[list[Row], list[Row], list[Row], list[Row]]:
    mentions: list[Row] = []
    attributions: list[Row] = []
    claims: list[Row] = []
    sources: list[Row] = []
    for result in results:
        doc_id = result.article.doc_id
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
                 str(c.certainty), str(c.polarity), str(c.time), str(c.status), c.confidence)
            )  # fmt: skip
            sources.extend(
                (c.claim_id, position, link.source, link.source_id, str(link.kind), link.cue,
                 str(link.cue_kind), link.outlet)
                for position, link in enumerate(c.attribution)
            )  # fmt: skip
    return mentions, attributions, claims, sources


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

    def merge_relations(self, connection: Connection, results: Sequence[ArticleResult]) -> None:
        """Merge the new claims into ``relations`` with the store's own writer logic.

        The merge reads the stored figures and then writes them back, so it runs under a
        transaction-level advisory lock: concurrent writers take turns for this short step
        (a few statements per batch) while their COPYs above run in parallel.
        """
        from claimgraph.store.writer import _BatchWriter  # the store's one relation merge

        claims = [
            _with_document(claim, result.article)
            for result in results
            for claim in _unique_claims(result)
        ]
        if not claims:
            return
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": RELATIONS_LOCK})
        with Session(bind=connection) as session:
            _BatchWriter(session, now=self.now).merge_relations(claims)
            session.flush()

    def insert_rejects(self, rejects: Sequence[Rejected]) -> None:
        if not rejects:
            return
        with self.conn.cursor() as cur:
            _copy(
                cur,
                "rejects",
                _REJECT_COLUMNS,
                ((r.source, r.stage, r.code, r.detail, r.doc_id, self.now) for r in rejects),
            )

    def write_documents(
        self, prepared: _Prepared, results: Sequence[ArticleResult]
    ) -> list[ArticleResult]:
        """Steps 1-2 for ``results``; returns the results this transaction inserted."""
        self.insert_actors(prepared)
        new_ids = self.insert_documents(results)
        new = [result for result in results if result.article.doc_id in new_ids]
        self.insert_children(new)
        return new


class BulkLoader:
    """COPY-based writer for a PostgreSQL store (see the module docstring).

    The schema is created (``upgrade head``) when the database is empty; use it beside a
    ``Store`` opened on the same URL, or on its own.
    """

    def __init__(self, url: str) -> None:
        if not is_postgres(url):
            raise StoreUnavailableError(
                url=url, detail="COPY bulk loading needs a postgresql:// URL"
            )
        self.url = url
        self._engine: Engine = create_store_engine(url)

    def ensure_schema(self) -> None:
        upgrade_schema(self._engine)

    def close(self) -> None:
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
        self, results: Sequence[ArticleResult], rejects: Sequence[Rejected] = ()
    ) -> WriteStats:
        """Store a batch in one transaction (retried on deadlock); see the module docstring."""
        import psycopg

        pause = RETRY_PAUSE_S
        for attempt in range(1, RETRIES + 1):
            try:
                return self._write_once(results, rejects)
            except (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure) as err:
                if attempt == RETRIES:
                    raise StoreUnavailableError(url=self.url, detail=str(err)) from err
                logger.warning("batch write hit %s; retry %d", type(err).__name__, attempt)
                time.sleep(pause)
                pause *= 2
            except psycopg.OperationalError as err:
                raise StoreUnavailableError(url=self.url, detail=str(err)) from err
        raise StoreUnavailableError(url=self.url, detail="no attempt made")  # pragma: no cover

    def _write_once(
        self, results: Sequence[ArticleResult], rejects: Sequence[Rejected]
    ) -> WriteStats:
        import psycopg

        prepared, repeated = _prepare(results)
        refused = list(prepared.refused)
        with self._engine.begin() as connection:
            conn: psycopg.Connection[Row] = connection.connection.driver_connection  # type: ignore[assignment]  # psycopg under SQLAlchemy
            copier = _BatchCopier(conn, now=dt.datetime.now(dt.UTC))
            try:
                with conn.transaction():
                    new = copier.write_documents(prepared, prepared.results)
            except (psycopg.errors.IntegrityError, psycopg.errors.DataError) as err:
                logger.warning("batch refused (%s); writing its documents one by one", err)
                new = self._one_by_one(conn, copier, prepared, refused)
            copier.merge_relations(connection, new)
            copier.insert_rejects([*rejects, *refused])
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
) -> WriteStats:
    """Write a batch with COPY when ``loader`` is given (PostgreSQL), else ``store.write``."""
    if loader is not None and not is_sqlite(store.url):
        return loader.write(results, rejects)
    return store.write(results, rejects)
