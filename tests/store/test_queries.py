"""Reading the store, SQLite and PostgreSQL: claim filters, documents by prefix, relations,
stats, full-text search."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest
from tests.store.backends import module_store_url, store_url
from tests.store.factories import TEXT_A, TEXT_B, make_article, result_a, result_b, result_c

from claimgraph.errors import NotFoundError
from claimgraph.records import ArticleResult, DocId
from claimgraph.store import Store
from claimgraph.store.queries import RelationFilter
from claimgraph.vocab import PloverType, Status

__all__ = ["module_store_url", "store_url"]  # backend-parametrized fixtures, for pytest


@pytest.fixture(scope="module")
def store(module_store_url: str) -> Iterator[Store]:
    with Store(module_store_url) as opened:
        opened.write([result_a(), result_b(), result_c()])
        yield opened


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, 7),
        ({"actor": "EST"}, 5),
        ({"actor": "estonia"}, 5),  # name, any case
        ({"actor": "Tallinn"}, 5),  # a form it was mentioned by
        ({"actor": "  TALLINN "}, 5),
        ({"subject": "Russia"}, 1),
        ({"object": "Estonia"}, 1),
        ({"object": "Kyiv"}, 6),
        ({"subject": "Estonia", "object": "Ukraine"}, 4),
        ({"type": "AID"}, 6),
        ({"type": "aid", "status": "REPORTED"}, 3),
        ({"status": "denied"}, 1),
        ({"actor": "Narnia"}, 0),
        ({"actor": "Est"}, 5),  # the id, case-insensitive
        ({"actor": "Eston"}, 0),  # exact match only
    ],
)
def test_queries_claim_filters(store: Store, filters: dict[str, str], expected: int) -> None:
    assert len(store.query_claims(**filters)) == expected  # type: ignore[arg-type]


def test_queries_claim_filter_by_document_and_paging(store: Store) -> None:
    doc_id = result_a().article.doc_id
    claims = store.query_claims(doc_id=doc_id)
    assert [claim.trigger for claim in claims] == ["sent", "supplied", "accused"]
    page = store.query_claims(doc_id=doc_id, limit=2, offset=1)
    assert [claim.trigger for claim in page] == ["supplied", "accused"]
    assert store.query_claims(limit=0) == []


def test_queries_claims_carry_document_metadata(store: Store) -> None:
    (claim,) = store.query_claims(subject="LTU")
    assert (claim.outlet, claim.author) == ("Nordic Wire", None)
    assert claim.attribution[0].source_id == "gitanas-nauseda"


def test_queries_get_document_by_prefix(store: Store) -> None:
    doc_id = result_b().article.doc_id
    assert store.get_document(doc_id[:10]).doc_id == doc_id
    assert store.get_document(doc_id).text.startswith("Estonia delivered")


@pytest.mark.parametrize("key", ["abc", "0" * 40, "zzzzzz", ""])
def test_queries_get_document_missing_raises_not_found(store: Store, key: str) -> None:
    with pytest.raises(NotFoundError, match="no document"):
        store.get_document(key)


def test_queries_get_document_ambiguous_prefix(store_url: str) -> None:
    results = [
        ArticleResult(article=replace(make_article(text), doc_id=DocId(doc_id)))
        for text, doc_id in ((TEXT_A, "abcd" + "1" * 36), (TEXT_B, "abcd" + "2" * 36))
    ]
    with Store(store_url) as fresh:
        fresh.write(results)
        with pytest.raises(NotFoundError, match="ambiguous"):
            fresh.get_document("abcd")
        assert fresh.get_document("abcd2").text == TEXT_B
        with pytest.raises(NotFoundError):
            fresh.get_document("abc")  # shorter than a prefix: exact match only


def test_queries_relations_order_and_filters(store: Store) -> None:
    rows = store.relations(limit=10)
    assert rows[0].subject.id == "EST" and rows[0].type is PloverType.AID
    assert [row.n_sources for row in rows] == sorted((row.n_sources for row in rows), reverse=True)
    assert {row.type for row in store.relations(type="accuse")} == {PloverType.ACCUSE}
    assert store.relations(min_sources=3) == rows[:1]
    assert len(store.relations(limit=1)) == 1
    accuse = store.relations(type="ACCUSE")[0]
    assert accuse.family.value == "verbal_conflict"
    assert not accuse.contradicted


def test_queries_stats(store: Store) -> None:
    stats = store.stats()
    assert (stats.documents, stats.parsed, stats.claims, stats.failed) == (3, 3, 7, 0)
    assert stats.claims_by_status == {
        Status.REPORTED: 3,
        Status.DENIED: 1,
        Status.ASSERTED: 2,
        Status.PREDICTED: 1,
    }
    assert stats.actors == 5  # EST, UKR, RUS, LTU, icrc
    assert stats.relations == 4
    assert stats.mentions == 6


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("artillery", {"a"}),
        ("shells Ukraine", {"a", "b", "c"}),
        ("shells drones", {"a"}),
        ("Red Cross medical", {"c"}),
        ("submarine", set()),
        ("   ", set()),
    ],
)
def test_queries_search_documents_requires_every_word(
    store: Store, query: str, expected: set[str]
) -> None:
    ids = {"a": result_a(), "b": result_b(), "c": result_c()}
    found = set(store.search_documents(query))
    assert found == {ids[key].article.doc_id for key in expected}


def test_queries_read_only_store_reads_everything(module_store_url: str) -> None:
    with Store(module_store_url, read_only=True) as reader:
        assert reader.stats().claims == 7
        assert len(reader.query_claims(actor="EST")) == 5
        assert reader.relations(limit=1)[0].subject.id == "EST"


@pytest.mark.parametrize("order", ["score", "sources", "claims", "recent"])
@pytest.mark.parametrize("actor", ["EST", "UKR", "RUS"])
def test_queries_actor_relation_pages_match_the_full_list(
    store: Store, order: str, actor: str
) -> None:
    every, total = store.find_relations(order=order, limit=100)
    expected = [row for row in every if actor in (row.subject.id, row.object.id)]
    flt = RelationFilter(actor_id=actor)
    pages = [store.find_relations(flt, order=order, limit=1, offset=i) for i in range(total)]
    assert [row for rows, _ in pages for row in rows] == expected
    assert {n for _, n in pages} == {len(expected)}


def test_queries_relation_claim_pages_match_the_full_list(store: Store) -> None:
    (aid,) = store.relations(actor="EST", type="AID")
    key = (aid.subject.id, aid.type, aid.object.id)
    every, total = store.relation_claims(*key, limit=100)
    assert total == len(every) == aid.n_claims
    pages = [store.relation_claims(*key, limit=1, offset=i)[0] for i in range(total)]
    assert [claim for page in pages for claim in page] == every
    denied, n_denied = store.relation_claims(*key, status=Status.DENIED)
    assert n_denied == len(denied) == 1
    assert store.relation_claims(*key, until=dt.date(2000, 1, 1)) == ([], 0)
