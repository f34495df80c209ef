"""Writing to a real SQLite file: round trip, idempotence, rejects, transactions, relations."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
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


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "claims.db"


@pytest.fixture()
def store(db_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{db_path}") as opened:
        yield opened


def _rows(db_path: Path, table: str) -> int:
    with sqlite3.connect(db_path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


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


def test_writer_rewrite_is_idempotent(store: Store, db_path: Path) -> None:
    store.write([result_a(), result_b()])
    before = {
        t: _rows(db_path, t)
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
    after = {t: _rows(db_path, t) for t in before}
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
    store: Store, db_path: Path
) -> None:
    bad = _bad_result()
    stats = store.write([result_a(), bad, result_b()])
    assert (stats.documents, stats.failed, stats.rejects, stats.claims) == (2, 1, 1, 5)
    assert not store.has_document(bad.article.doc_id)
    # nothing of the refused document is left behind: no orphan actor, alias or claim
    assert store.query_claims(actor="icrc") == []
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM actors WHERE id = 'icrc'").fetchone()[0] == 0
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
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write([result_a()])
    before = {t: _rows(db_path, t) for t in ("documents", "claims", "relations", "rejects")}

    def explode(*_args: object, **_kw: object) -> None:
        raise StoreError("disk full")

    monkeypatch.setattr("claimgraph.store.writer._BatchWriter.merge_relations", explode)
    with pytest.raises(StoreError, match="disk full"):
        store.write([result_b()], [Rejected("x", "ingest", "CG104", "empty")])
    assert {t: _rows(db_path, t) for t in before} == before
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


def test_writer_read_only_store_refuses_writes(db_path: Path) -> None:
    Store(f"sqlite:///{db_path}").close()
    with Store(f"sqlite:///{db_path}", read_only=True) as reader:
        with pytest.raises(StoreError, match="read-only"):
            reader.write([result_a()])
        assert reader.stats().documents == 0


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
