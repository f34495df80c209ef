"""The actor profile's reads (``Store.get_actor`` and ``find_relations(RelationFilter(
actor_id=...))``) give what the straightforward queries give: the count by side indexes
equals the plain ``subject = a OR object = a`` count (an actor acting on itself included),
page rows built from plain columns equal the rows built from entities, and a page statement
built once serves every actor."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.store.backends import module_store_url
from tests.store.factories import make_article, make_claim, named

from claimgraph.records import Actor, ActorId, ArticleResult, Claim
from claimgraph.store import Store
from claimgraph.store import queries as q
from claimgraph.store.schema import Relation
from claimgraph.store.session import create_store_engine
from claimgraph.vocab import ActorKind, PloverType, Status

__all__ = ["module_store_url"]  # the backend-parametrized fixture, imported for pytest

KENYA = Actor(ActorId("KEN"), "Kenya", ActorKind.STATE, country="KEN", sector="GOV")
UGANDA = Actor(ActorId("UGA"), "Uganda", ActorKind.STATE, country="UGA", sector="GOV")
SOMALIA = Actor(ActorId("SOM"), "Somalia", ActorKind.STATE, country="SOM", sector="GOV")

SENTENCE = "Kenya accused Uganda of closing the border, and Somalia urged Kenya to reopen talks."
SELF_SENTENCE = "Kenya restructured Kenya Ports Authority under a new decree."
# reporters of each document: relations end up with one, two or three independent sources
REPORTERS = ("Amina Odhiambo", "Peter Mugisha", "Hassan Ali")


def _result(index: int) -> ArticleResult:
    text = f"{SENTENCE} {SELF_SENTENCE} Nairobi bulletin {index}."
    article = make_article(text, outlet=f"East Africa Desk {index}")
    chain = (named(REPORTERS[index % 3], None),)
    claims: list[Claim] = [
        make_claim(
            article, sentence=SENTENCE, subject=(KENYA, "Kenya"), trigger="accused",
            type=PloverType.ACCUSE, object=(UGANDA, "Uganda"), status=Status.REPORTED,
            chain=chain,
        ),
        make_claim(
            article, sentence=SENTENCE, subject=(SOMALIA, "Somalia"), trigger="urged",
            type=PloverType.REQUEST, object=(KENYA, "Kenya to"), chain=(),
        ),
        # an actor acting on itself: counted once, on the subject side
        make_claim(
            article, sentence=SELF_SENTENCE, subject=(KENYA, "Kenya"), trigger="restructured",
            type=PloverType.COOPERATE,
            object=(KENYA, "Kenya Ports"), chain=chain,
        ),
    ]  # fmt: skip
    if index % 2:
        claims.append(
            make_claim(
                article, sentence=SENTENCE, subject=(UGANDA, "Uganda"), trigger="closing",
                type=PloverType.COERCE, object=(KENYA, "Kenya"), status=Status.ALLEGED,
                chain=chain,
            )
        )  # fmt: skip
    return ArticleResult(article=article, claims=tuple(claims))


RESULTS = tuple(_result(i) for i in range(5))


@pytest.fixture(scope="module")
def store(module_store_url: str) -> Iterator[Store]:
    with Store(module_store_url) as opened:
        opened.write(list(RESULTS))
        yield opened


def _plain_count(url: str, flt: q.RelationFilter) -> int:
    engine = create_store_engine(url)
    try:
        with Session(engine) as session:
            stmt = select(func.count()).select_from(Relation).where(*q.relation_conditions(flt))
            return session.scalar(stmt) or 0
    finally:
        engine.dispose()


FILTERS = (
    {},
    {"min_sources": 2},
    {"min_sources": 3},
    {"min_score": 0.01},
    {"min_score": 0.99},
    {"types": (PloverType.ACCUSE,)},
    {"status": Status.ALLEGED},
)


@pytest.mark.parametrize("options", FILTERS, ids=lambda o: "-".join(o) or "none")
@pytest.mark.parametrize("actor", ["KEN", "UGA", "SOM", "nobody"])
def test_actor_profile_counts_match_the_plain_or_count(
    store: Store, module_store_url: str, actor: str, options: dict[str, object]
) -> None:
    flt = q.RelationFilter(actor_id=actor, **options)  # type: ignore[arg-type]
    rows, total = store.find_relations(flt, limit=100)
    assert total == _plain_count(module_store_url, flt) == len(rows)


def test_actor_profile_self_relation_is_counted_once(store: Store) -> None:
    rows, total = store.find_relations(q.RelationFilter(actor_id="KEN"), limit=100)
    own = [row for row in rows if row.subject.id == row.object.id == "KEN"]
    assert len(own) == 1
    assert total == len(rows) == len({(r.subject.id, r.type, r.object.id) for r in rows})
    assert q._by_side_index(q.RelationFilter(actor_id="KEN", min_sources=2, min_score=0.5))
    assert not q._by_side_index(q.RelationFilter(actor_id="KEN", status=Status.DENIED))
    assert not q._by_side_index(q.RelationFilter(min_sources=2))


@pytest.mark.parametrize("order", q.RELATION_ORDERS)
def test_actor_profile_page_rows_equal_the_entity_rows(store: Store, order: str) -> None:
    for flt in (q.RelationFilter(actor_id="KEN"), q.RelationFilter()):
        rows, _ = store.find_relations(flt, order=order, limit=100)
        assert rows
        for row in rows:
            assert row == store.get_relation(row.subject.id, row.type, row.object.id)


def test_actor_profile_page_statement_is_built_once_for_every_actor(store: Store) -> None:
    first, params = q.relations_page(
        q.RelationFilter(actor_id="KEN"), order="score", limit=5, offset=0
    )
    again, other = q.relations_page(
        q.RelationFilter(actor_id="UGA"), order="score", limit=5, offset=0
    )
    assert first is again
    assert params != other
    for actor in ("KEN", "UGA", "SOM"):
        rows, _ = store.find_relations(q.RelationFilter(actor_id=actor), limit=100)
        assert rows
        assert all(actor in (row.subject.id, row.object.id) for row in rows)


def test_actor_profile_summary_counts_both_sides(store: Store) -> None:
    summary = store.get_actor("KEN")
    every, _ = store.find_relations(limit=100)
    as_subject = [r for r in every if r.subject.id == "KEN"]
    as_object = [r for r in every if r.object.id == "KEN"]
    # a relation with itself counts on both sides, as it always has
    assert summary.n_relations == len(as_subject) + len(as_object)
    assert summary.n_claims == sum(r.n_claims for r in (*as_subject, *as_object))
    assert summary.aliases == tuple(sorted(summary.aliases))
    assert {"kenya", "kenya ports", "ken"} <= set(summary.aliases)
