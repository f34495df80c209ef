"""The store on a real PostgreSQL server: round trip, idempotence, COPY bulk load, concurrent
writers, refused documents and full-text search. Skips when the server binaries are absent."""

from __future__ import annotations

import dataclasses
import multiprocessing as mp
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from tests.engine.records_builder import build_results
from tests.pgserver import create_database, drop_database, pg_skip_reason, shared_server

from claimgraph.records import ArticleResult, Rejected
from claimgraph.store import Store
from claimgraph.store.bulk import BulkLoader, is_postgres, write_results
from claimgraph.store.postgres import ensure_fts_index, search_documents
from claimgraph.store.writer import rebuild_relations

pytestmark = pytest.mark.skipif(pg_skip_reason() is not None, reason=str(pg_skip_reason()))

TABLES = (
    "documents", "actors", "actor_aliases", "mentions", "claims", "claim_sources",
    "attributions", "relations", "relation_sources", "rejects",
)  # fmt: skip


@pytest.fixture(scope="module")
def pg_server() -> str:
    return shared_server()


@pytest.fixture()
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database (no schema) on the shared server."""
    url = create_database(pg_server, f"t_{uuid.uuid4().hex[:12]}")
    yield url
    drop_database(url)


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table: int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
                for table in TABLES
            }
    finally:
        engine.dispose()


def _relations(store: Store) -> dict[tuple[str, str, str], tuple[object, ...]]:
    return {
        (row.subject.id, row.type, row.object.id): (
            row.n_claims,
            row.n_sources,
            tuple(sorted(row.status_counts.items())),
            row.first_date,
            row.last_date,
            round(row.score, 9),
            row.contradicted,
        )
        for row in store.iter_relations()
    }


def _source_weights(url: str) -> set[tuple[object, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT subject_id, type, object_id, source_key, weight FROM relation_sources")
            )
            return {(*row[:4], round(float(row[4]), 9)) for row in rows}
    finally:
        engine.dispose()


def _sqlite_reference(tmp_path: Path, results: list[ArticleResult]) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'reference.db'}")
    store.write(results)
    return store


def test_postgres_store_round_trip_matches_sqlite(pg_url: str, tmp_path: Path) -> None:
    results = build_results(8)
    with Store(pg_url) as store, _sqlite_reference(tmp_path, results) as reference:
        stats = store.write(results)
        assert (stats.documents, stats.claims, stats.rejects) == (8, 16, 0)
        assert {c.claim_id: c for c in store.iter_claims()} == {
            c.claim_id: c for c in reference.iter_claims()
        }
        doc_id = results[3].article.doc_id
        assert store.get_document(doc_id).article == reference.get_document(doc_id).article
        assert _relations(store) == _relations(reference)


def test_postgres_store_bulk_copy_matches_generic_writer(pg_url: str, tmp_path: Path) -> None:
    results = build_results(10)
    with BulkLoader(pg_url) as loader:
        loader.ensure_schema()
        stats = loader.write(results)
    assert (stats.documents, stats.claims, stats.skipped, stats.failed) == (10, 20, 0, 0)
    with Store(pg_url) as store, _sqlite_reference(tmp_path, results) as reference:
        assert sorted(store.iter_claims(), key=lambda c: c.claim_id) == sorted(
            reference.iter_claims(), key=lambda c: c.claim_id
        )
        assert _relations(store) == _relations(reference)
        assert store.stats().documents == 10


def test_postgres_store_reingest_is_idempotent(pg_url: str) -> None:
    results = build_results(6)
    with BulkLoader(pg_url) as loader, Store(pg_url) as store:
        loader.write(results)
        before = _counts(pg_url)
        relations_before = _relations(store)
        again = loader.write([*results, results[0]])
        assert (again.documents, again.claims, again.skipped) == (0, 0, 7)
        generic = store.write(results)
        assert (generic.documents, generic.skipped) == (0, 6)
        assert _counts(pg_url) == before
        assert _relations(store) == relations_before


def test_postgres_store_refused_document_becomes_a_reject(pg_url: str) -> None:
    results = build_results(4)
    bad_claim = dataclasses.replace(results[2].claims[0], confidence=1.5)  # breaks a CHECK
    results[2] = dataclasses.replace(results[2], claims=(bad_claim, *results[2].claims[1:]))
    with BulkLoader(pg_url) as loader:
        loader.ensure_schema()
        stats = loader.write(results)
    assert (stats.documents, stats.failed, stats.rejects) == (3, 1, 1)
    counts = _counts(pg_url)
    assert (counts["documents"], counts["claims"], counts["rejects"]) == (3, 6, 1)


def _concurrent_writer(url: str, results: list[ArticleResult], barrier: Any) -> None:
    with BulkLoader(url) as loader:
        barrier.wait()
        for start in range(0, len(results), 2):
            loader.write(results[start : start + 2])


def test_postgres_store_two_concurrent_writers_lose_and_duplicate_nothing(
    pg_url: str, tmp_path: Path
) -> None:
    results = build_results(16)
    with BulkLoader(pg_url) as loader:
        loader.ensure_schema()
    # Overlapping halves, the second in reverse order: the writers meet on the same rows.
    first, second = results[:11], list(reversed(results[5:]))
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    workers = [
        ctx.Process(target=_concurrent_writer, args=(pg_url, part, barrier))
        for part in (first, second)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0, 0]
    counts = _counts(pg_url)
    assert counts["documents"] == 16
    assert counts["claims"] == 32
    assert counts["mentions"] == 64
    assert counts["rejects"] == 0
    with Store(pg_url) as store, _sqlite_reference(tmp_path, results) as reference:
        assert _relations(store) == _relations(reference)
        assert counts["actor_aliases"] == _alias_count(reference)


def _alias_count(store: Store) -> int:
    engine = create_engine(store.url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM actor_aliases")).scalar_one())
    finally:
        engine.dispose()


def test_postgres_store_full_text_search_uses_stems(pg_url: str) -> None:
    results = build_results(8)
    with Store(pg_url) as store:
        store.write(results)
    engine = create_engine(pg_url)
    try:
        ensure_fts_index(engine)
        ensure_fts_index(engine)  # idempotent
        with engine.connect() as conn:
            indexes = conn.execute(
                text("SELECT indexname FROM pg_indexes WHERE tablename = 'documents'")
            ).scalars()
            assert "ix_documents_fts" in set(indexes)
        from sqlalchemy.orm import Session

        with Session(engine) as session:
            found = set(search_documents(session, "armoured vehicle"))
            assert search_documents(session, "   ") == []
            assert search_documents(session, "submarine") == []
    finally:
        engine.dispose()
    expected = {r.article.doc_id for r in results if "armoured vehicles" in r.article.text}
    assert expected
    assert found == expected


def test_postgres_store_write_results_dispatches_by_dialect(pg_url: str, tmp_path: Path) -> None:
    results = build_results(3)
    assert is_postgres(pg_url)
    assert not is_postgres(f"sqlite:///{tmp_path / 'x.db'}")
    with Store(f"sqlite:///{tmp_path / 'x.db'}") as sqlite_store:
        assert write_results(sqlite_store, results).documents == 3
    with Store(pg_url) as store, BulkLoader(pg_url) as loader:
        assert write_results(store, results, loader=loader).documents == 3
        assert write_results(store, results, loader=loader).skipped == 3


def _clusters(url: str) -> dict[str, str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT doc_id, cluster_id FROM documents"))
            return {str(doc_id): str(cluster_id) for doc_id, cluster_id in rows}
    finally:
        engine.dispose()


def _store_writer(url: str, results: list[ArticleResult], barrier: Any) -> None:
    from claimgraph.store.dedup import assign_clusters

    with Store(url) as store:
        barrier.wait()
        for start in range(0, len(results), 3):
            part = results[start : start + 3]
            reject = Rejected(f"/in/feed-{start % 2}.xml", "clean", "CG104", "no text left")
            store.write(part, [reject], hooks=[assign_clusters])


def test_postgres_store_concurrent_store_writes_with_hooks_match_one_writer(
    pg_url: str, tmp_path: Path
) -> None:
    results = build_results(18)
    Store(pg_url).close()
    first, second = results[:12], list(reversed(results[6:]))
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    writers = [
        ctx.Process(target=_store_writer, args=(pg_url, part, barrier)) for part in (first, second)
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
    assert [writer.exitcode for writer in writers] == [0, 0]
    counts = _counts(pg_url)
    assert (counts["documents"], counts["claims"], counts["rejects"]) == (18, 36, 2)
    # The reference: one writer, the same syndication clusters, relations recomputed from all
    # claims; the concurrent incremental merges must add up to it.
    clusters = _clusters(pg_url)
    reference_url = f"sqlite:///{tmp_path / 'reference.db'}"
    with Store(pg_url) as store, _sqlite_reference(tmp_path, results) as reference:
        with reference.transaction() as session:
            for doc_id, cluster_id in clusters.items():
                session.execute(
                    text("UPDATE documents SET cluster_id = :c WHERE doc_id = :d"),
                    {"c": cluster_id, "d": doc_id},
                )
            rebuild_relations(session)
        assert _relations(store) == _relations(reference)
        assert store.search_documents("armoured vehicles")
    assert _source_weights(pg_url) == _source_weights(reference_url)
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            unclustered = conn.execute(
                text("SELECT count(*) FROM documents WHERE cluster_id IS NULL")
            ).scalar_one()
            buckets = conn.execute(text("SELECT count(DISTINCT doc_id) FROM lsh_buckets"))
            assert (unclustered, buckets.scalar_one()) == (0, 18)
    finally:
        engine.dispose()
