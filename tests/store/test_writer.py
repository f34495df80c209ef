"""Writing to a real store, SQLite and PostgreSQL: round trip, idempotence, rejects,
transactions, relations, scores, hooks and read-only opens."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from tests.store.backends import count_rows, store_url
from tests.store.factories import (
    RED_CROSS,
    TEXT_A,
    UKRAINE,
    make_article,
    make_claim,
    result_a,
    result_b,
    result_c,
)

from claimgraph.errors import StoreError
from claimgraph.graph.aggregate import aggregate_claims
from claimgraph.records import ArticleResult, DocId, Rejected
from claimgraph.store import Store
from claimgraph.vocab import PloverType, Status

__all__ = ["store_url"]  # the backend-parametrized fixture, imported for pytest


@pytest.fixture()
def store(store_url: str) -> Iterator[Store]:
    with Store(store_url) as opened:
        yield opened


def _rows(url: str, table: str) -> int:
    return count_rows(url, table)


def test_writer_round_trip_returns_the_same_claims(store: Store) -> None:
    result = result_a()
    stats = store.write([result])
    assert (stats.documents, stats.claims, stats.skipped, stats.rejects) == (1, 3, 0, 0)
    stored = {claim.claim_id: claim for claim in store.iter_claims()}
    assert stored == {claim.claim_id: claim for claim in result.claims}


def test_writer_round_trip_keeps_document_text_and_metadata(store: Store) -> None:
    result = result_a()
    store.write([result])
    document = store.get_document(result.article.doc_id)
    assert document.article == result.article
    assert document.parsed is True
    assert (document.n_claims, document.n_mentions) == (3, 4)


def test_writer_rewrite_is_idempotent(store: Store, store_url: str) -> None:
    store.write([result_a(), result_b()])
    before = {
        t: _rows(store_url, t)
        for t in (
            "documents",
            "claims",
            "claim_sources",
            "mentions",
            "actors",
            "actor_aliases",
            "relations",
            "relation_sources",
            "attributions",
        )
    }
    relations_before = store.relations(limit=100)
    stats = store.write([result_a(), result_b()])
    assert (stats.documents, stats.skipped, stats.claims) == (0, 2, 0)
    after = {t: _rows(store_url, t) for t in before}
    assert after == before
    assert store.relations(limit=100) == relations_before


def test_writer_repeated_document_in_one_batch_is_stored_once(store: Store) -> None:
    stats = store.write([result_a(), result_a()])
    assert (stats.documents, stats.skipped, stats.claims) == (1, 1, 3)
    assert store.stats().claims == 3


def test_writer_repeated_claim_in_one_document_is_stored_once(store: Store) -> None:
    result = result_a()
    doubled = dataclasses.replace(result, claims=result.claims + result.claims[:1])
    stats = store.write([doubled])
    assert stats.claims == 3


def test_writer_records_rejects_with_source_and_reason(store: Store) -> None:
    reject = Rejected(
        source="/data/in/broken.warc.gz#rec-7",
        stage="ingest",
        code="CG103",
        detail="gzip stream ends early",
    )
    stats = store.write([], [reject])
    assert stats.rejects == 1
    assert store.rejects() == [reject]
    assert store.stats().failed == 1


def _bad_result() -> ArticleResult:
    article = make_article("The Red Cross sent tents to Ukraine.", outlet="Harbour Post")
    claim = make_claim(
        article,
        sentence=article.text,
        subject=(RED_CROSS, "The Red Cross"),
        trigger="sent",
        type=PloverType.AID,
        object=(UKRAINE, "Ukraine"),
    )
    bad = dataclasses.replace(claim, status="rumoured")  # not a Status: the CHECK refuses it
    return ArticleResult(article=article, claims=(bad,))


def test_writer_refused_document_becomes_a_reject_and_the_batch_goes_on(
    store: Store, store_url: str
) -> None:
    bad = _bad_result()
    stats = store.write([result_a(), bad, result_b()])
    assert (stats.documents, stats.failed, stats.rejects, stats.claims) == (2, 1, 1, 5)
    assert not store.has_document(bad.article.doc_id)
    # nothing of the refused document is left behind: no orphan actor, alias or claim
    assert store.query_claims(actor="icrc") == []
    with store.transaction() as session:
        assert session.scalar(text("SELECT count(*) FROM actors WHERE id = 'icrc'")) == 0
    (reject,) = store.rejects()
    assert (reject.stage, reject.code, reject.doc_id) == ("store", "CG900", bad.article.doc_id)
    assert "rumoured" in reject.detail or "CHECK" in reject.detail
    assert store.stats().claims == 5


def test_writer_claim_of_another_document_is_refused(store: Store) -> None:
    result = result_a()
    foreign = dataclasses.replace(result.claims[0], doc_id=DocId("f" * 40))
    stats = store.write([dataclasses.replace(result, claims=(foreign,))])
    assert (stats.documents, stats.failed) == (0, 1)
    assert "belongs to document" in store.rejects()[0].detail


def test_writer_failed_batch_leaves_the_store_unchanged(
    store: Store, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write([result_a()])
    before = {t: _rows(store_url, t) for t in ("documents", "claims", "relations", "rejects")}

    def explode(*_args: object, **_kw: object) -> None:
        raise StoreError("disk full")

    monkeypatch.setattr("claimgraph.store.writer._BatchWriter.merge_relations", explode)
    with pytest.raises(StoreError, match="disk full"):
        store.write([result_b()], [Rejected("x", "ingest", "CG104", "empty")])
    assert {t: _rows(store_url, t) for t in before} == before
    assert not store.has_document(result_b().article.doc_id)


def test_writer_relations_grow_incrementally_with_a_second_document(store: Store) -> None:
    store.write([result_a()])
    (aid,) = store.relations(actor="EST", type="AID")
    assert (aid.n_claims, aid.n_sources) == (2, 2)  # the ministry; unnamed officials -> outlet
    assert aid.status_counts == {Status.REPORTED: 1, Status.DENIED: 1}
    assert aid.contradicted

    store.write([result_b()])
    (aid,) = store.relations(actor="Estonia", type="AID")
    # Nordic Wire's unnamed officials are a third independent source
    assert (aid.n_claims, aid.n_sources) == (3, 3)
    assert aid.status_counts[Status.REPORTED] == 2
    # dates: event dates where known, else publication (the denial is dated 2024-03-12)
    assert (aid.first_date, aid.last_date) == (dt.date(2024, 2, 1), dt.date(2024, 3, 12))

    store.write([result_c()])
    (aid,) = store.relations(actor="Estonia", type="AID")
    # the third document's source is the Baltic Ledger itself: the outlet already counted
    # for the first document's unnamed officials, so no new independent source
    assert (aid.n_claims, aid.n_sources) == (4, 3)
    (lithuania,) = store.relations(actor="LTU")
    assert (lithuania.n_claims, lithuania.status_counts) == (1, {Status.PREDICTED: 1})


def test_writer_incremental_relations_equal_a_full_recompute(store: Store) -> None:
    results = [result_a(), result_b(), result_c()]
    for result in results:
        store.write([result])
    expected = aggregate_claims(store.iter_claims())
    rows = store.relations(limit=100)
    assert len(rows) == len(expected)
    for row in rows:
        agg = next(
            agg
            for key, agg in expected.items()
            if (key.subject_id, key.type, key.object_id)
            == (row.subject.id, row.type, row.object.id)
        )
        assert (row.n_claims, row.n_sources) == (agg.n_claims, agg.n_sources)
        assert row.status_counts == agg.status_counts
        assert (row.first_date, row.last_date) == (agg.first_date, agg.last_date)


def test_writer_read_only_store_refuses_writes(store_url: str) -> None:
    Store(store_url).close()
    with Store(store_url, read_only=True) as reader:
        with pytest.raises(StoreError, match="read-only"):
            reader.write([result_a()])
        assert reader.stats().documents == 0


def test_writer_read_only_store_reads_and_the_database_refuses_writes(store_url: str) -> None:
    with Store(store_url) as writer:
        writer.write([result_a()])
    with Store(store_url, read_only=True) as reader:
        assert reader.stats().documents == 1
        assert reader.search_documents("artillery shells") == [make_article(TEXT_A).doc_id]
        with reader._session() as session, pytest.raises(DBAPIError):  # the store's sessions
            session.execute(text("DELETE FROM rejects"))


def test_writer_runs_are_recorded(store: Store) -> None:
    run_id = store.record_run(inputs=["/data/in/*.txt"])
    store.finish_run(run_id, {"seen": 3, "stored": 2, "rejected_by_code": {"CG104": 1}})
    (run,) = store.runs()
    assert run.id == run_id and run.status == "finished"
    assert run.counts == {"seen": 3, "stored": 2, "rejected_by_code": {"CG104": 1}}
    assert run.inputs == ("/data/in/*.txt",) and run.finished is not None


def test_writer_text_of_first_document_is_searchable(store: Store) -> None:
    store.write([result_a(), result_b()])
    assert store.search_documents("artillery shells") == [make_article(TEXT_A).doc_id]
    assert len(store.search_documents("shells Ukraine")) == 2
    assert store.search_documents('"unbalanced quote') == []


def test_writer_repeated_rejects_are_recorded_once(store: Store, store_url: str) -> None:
    reject = Rejected("/data/in/feed.xml#item-4", "clean", "CG104", "no text left")
    store.write([], [reject, reject])
    store.write([], [dataclasses.replace(reject, detail="reworded, same key")])
    assert _rows(store_url, "rejects") == 1
    assert store.rejects() == [reject]


def test_writer_hooks_see_the_batch_and_share_its_transaction(store: Store) -> None:
    seen: list[int] = []

    def count_documents(session: Session, results: Sequence[ArticleResult]) -> None:
        seen.append(int(session.scalar(text("SELECT count(*) FROM documents")) or 0))
        assert [r.article.doc_id for r in results] == [result_a().article.doc_id]

    store.write([result_a()], hooks=[count_documents])
    assert seen == [1]

    def fail(_session: Session, _results: Sequence[ArticleResult]) -> None:
        raise StoreError("hook failed")

    with pytest.raises(StoreError, match="hook failed"):
        store.write([result_b()], [Rejected("y", "ingest", "CG104", "empty")], hooks=[fail])
    assert not store.has_document(result_b().article.doc_id)
    assert store.rejects() == []


def _syndicated_copy(result: ArticleResult) -> ArticleResult:
    """The same story under another outlet and id (a wire copy)."""
    article = dataclasses.replace(
        result.article, doc_id=DocId("c" * 40), outlet="Harbour Post", source="/data/in/copy"
    )
    claims = tuple(
        dataclasses.replace(
            claim, doc_id=article.doc_id, claim_id=claim.claim_id[:-4] + "copy", outlet=None
        )
        for claim in result.claims
    )
    return dataclasses.replace(result, article=article, claims=claims)


@pytest.mark.parametrize("dedup", [True, False])
def test_writer_cluster_hook_counts_a_syndicated_copy_as_one_source(
    store: Store, dedup: bool
) -> None:
    from claimgraph.store.dedup import assign_clusters

    original = result_a()
    hooks = [assign_clusters] if dedup else []
    store.write([original, _syndicated_copy(original)], hooks=hooks)
    (aid,) = store.relations(actor="EST", type="AID")
    assert aid.n_claims == 4
    assert aid.n_sources == (2 if dedup else 3)
    document = store.get_document("c" * 40)
    assert document.article.outlet == "Harbour Post"


def test_writer_scores_and_contradictions_follow_the_source_weights(store: Store) -> None:
    store.write([result_a()])
    (first,) = store.relations(actor="EST", type="AID")
    store.write([result_b()])
    (second,) = store.relations(actor="EST", type="AID")
    assert first.contradicted and second.contradicted
    assert 0 < first.score < second.score
    with store.transaction() as session:
        weights = session.execute(
            text(
                "SELECT source_key, weight FROM relation_sources "
                "WHERE subject_id = 'EST' AND type = 'AID' ORDER BY source_key"
            )
        ).all()
    assert len(weights) == 3 and all(0 <= weight <= 1 for _, weight in weights)
