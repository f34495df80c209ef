"""The store's fast read paths give exactly what the straightforward queries give.

``Store.query_claims(actor=...)`` walks each actor id on each side in document order and
merges the walks; it is compared here with the plain ``subject IN ids OR object IN ids``
query, on claims whose subject and object are both the actor's (an alias two actors share),
claims tied on document, sentence and trigger, every filter, offsets and limits. Claims read
back as plain columns are compared with the records written.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session
from tests.store.backends import module_store_url
from tests.store.factories import make_article, make_claim, mention, named, unnamed

from claimgraph.records import Actor, ActorId, ArticleResult, Claim
from claimgraph.store import Store
from claimgraph.store import queries as q
from claimgraph.store.schema import ClaimRow
from claimgraph.vocab import ActorKind, PloverType, Status

__all__ = ["module_store_url"]  # backend-parametrized fixture, for pytest

GEORGIA = Actor(ActorId("GEO"), "Georgia", ActorKind.STATE, country="GEO", sector="GOV")
ARMENIA = Actor(ActorId("ARM"), "Armenia", ActorKind.STATE, country="ARM", sector="GOV")
AZERBAIJAN = Actor(ActorId("AZE"), "Azerbaijan", ActorKind.STATE, country="AZE", sector="GOV")
TURKEY = Actor(ActorId("TUR"), "Turkey", ActorKind.STATE, country="TUR", sector="GOV")
# mentioned as "Georgia" too: the alias "georgia" names two actors
MENDEZ = Actor(ActorId("georgia-mendez"), "Georgia Mendez", ActorKind.PERSON, country="USA")

SENTENCES = (
    "Georgia and Armenia pressed Azerbaijan and Turkey over the rail link, Georgia Mendez said.",
    "Turkey warned Armenia and Georgia about the pipeline, while Azerbaijan courted Mendez.",
    "Azerbaijan and Georgia thanked Turkey and Armenia for the talks hosted by Georgia Mendez.",
)
# (subject, its mention, type, object, its mention, status) for every sentence; several
# share a trigger, so the order falls back to claim_id
PAIRS = (
    (GEORGIA, "Georgia", PloverType.REQUEST, ARMENIA, "Armenia", Status.ASSERTED),
    (ARMENIA, "Armenia", PloverType.REQUEST, GEORGIA, "Georgia", Status.REPORTED),
    (GEORGIA, "Georgia", PloverType.COERCE, AZERBAIJAN, "Azerbaijan", Status.ALLEGED),
    (AZERBAIJAN, "Azerbaijan", PloverType.REQUEST, TURKEY, "Turkey", Status.REPORTED),
    (MENDEZ, "Georgia", PloverType.CONSULT, GEORGIA, "Georgia", Status.ASSERTED),
    (GEORGIA, "Georgia", PloverType.CONSULT, MENDEZ, "Mendez", Status.HEDGED),
    (TURKEY, "Turkey", PloverType.THREATEN, MENDEZ, "Mendez", Status.DENIED),
    (MENDEZ, "Mendez", PloverType.ACCUSE, TURKEY, "Turkey", Status.REPORTED),
)
TRIGGERS = ("pressed", "warned", "thanked")


def _result(index: int) -> ArticleResult:
    """A document of the three sentences (rotated by ``index``) with every pair on each."""
    order = SENTENCES[index % 3 :] + SENTENCES[: index % 3]
    article = make_article(" ".join(order) + f" Dispatch {index}.", outlet=f"Wire {index % 2}")
    claims: list[Claim] = []
    for sentence in order:
        trigger = next(word for word in TRIGGERS if word in sentence)
        for subject, s_text, type_, obj, o_text, status in PAIRS:
            chain = () if status is Status.ASSERTED else (named("Ana Ruiz", "ana-ruiz"),)
            if status is Status.ALLEGED:
                chain = (unnamed("diplomats", cue="alleged"), named("Ana Ruiz", None))
            claims.append(
                make_claim(
                    article,
                    sentence=sentence,
                    subject=(subject, s_text),
                    trigger=trigger,
                    type=type_,
                    object=(obj, o_text),
                    status=status,
                    chain=chain,
                )
            )
    mentions = (mention(article, MENDEZ, "Georgia Mendez"),)
    return ArticleResult(article=article, mentions=mentions, claims=tuple(claims))


RESULTS = tuple(_result(i) for i in range(4))


@pytest.fixture(scope="module")
def store(module_store_url: str) -> Iterator[Store]:
    with Store(module_store_url) as opened:
        opened.write(list(RESULTS))
        yield opened


def _reference(url: str, *, limit: int, offset: int, **filters: str) -> list[Claim]:
    """The plain OR query over every filter, sorted in document order and cut."""
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            stmt = q.filter_claims(q.claims_select(), session, **filters)  # type: ignore[arg-type]
            stmt = stmt.order_by(
                ClaimRow.doc_id, ClaimRow.sent_start, ClaimRow.trigger_start, ClaimRow.claim_id
            )
            return q.load_claims(session, stmt.limit(limit).offset(offset))
    finally:
        engine.dispose()


FILTERS: tuple[dict[str, str], ...] = (
    {},
    {"type": "request"},
    {"status": "REPORTED"},
    {"subject": "Georgia"},
    {"object": "mendez"},
    {"subject": "ARM", "object": "georgia"},
    {"type": "CONSULT", "status": "hedged"},
    {"doc_id": RESULTS[2].article.doc_id},
    {"doc_id": RESULTS[1].article.doc_id, "type": "REQUEST"},
    {"type": "ASSAULT"},
)


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: "-".join(f) or "none")
@pytest.mark.parametrize("actor", ["georgia", "Georgia Mendez", "TUR", "Atlantis", None])
def test_query_speedups_walks_match_the_plain_query(
    store: Store, module_store_url: str, actor: str | None, filters: dict[str, str]
) -> None:
    for limit, offset in itertools.product((1, 7, 100), (0, 5, 40)):
        got = store.query_claims(actor=actor, limit=limit, offset=offset, **filters)  # type: ignore[arg-type]
        expected = _reference(module_store_url, limit=limit, offset=offset, actor=actor, **filters)
        assert got == expected, (limit, offset)


def test_query_speedups_shared_alias_counts_each_claim_once(store: Store) -> None:
    claims = store.query_claims(actor="georgia", limit=1000)
    ids = [claim.claim_id for claim in claims]
    assert len(ids) == len(set(ids))
    both = [c for c in claims if {c.subject.id, c.object.id} == {"GEO", "georgia-mendez"}]
    assert len(both) == 2 * 3 * len(RESULTS)  # two pairs on every sentence of every document
    # every claim naming either actor, and none other
    expected = sum(
        1
        for result in RESULTS
        for claim in result.claims
        if {claim.subject.id, claim.object.id} & {"GEO", "georgia-mendez"}
    )
    assert len(claims) == expected
    keys = [(c.doc_id, c.char_span[0], c.trigger_span[0], c.claim_id) for c in claims]
    assert keys == sorted(keys)


def test_query_speedups_too_many_ids_fall_back_to_one_query(
    store: Store, module_store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    walked = store.query_claims(actor="georgia", limit=9, offset=4)
    monkeypatch.setattr(q, "MAX_WALKS", 3)
    assert store.query_claims(actor="georgia", limit=9, offset=4) == walked
    assert walked == _reference(module_store_url, limit=9, offset=4, actor="georgia")


def test_query_speedups_claims_read_back_as_written(store: Store) -> None:
    written = sorted((c for r in RESULTS for c in r.claims), key=lambda c: c.claim_id)
    read = sorted(store.query_claims(limit=1000), key=lambda c: c.claim_id)
    assert read == written
    alleged = next(c for c in read if c.status is Status.ALLEGED)
    assert [link.source for link in alleged.attribution] == ["diplomats", "Ana Ruiz"]
    assert store.get_claim(alleged.claim_id) == alleged


def test_query_speedups_relation_pages_read_back_as_written(store: Store) -> None:
    key = ("georgia-mendez", PloverType.CONSULT, "GEO")
    claims, total = store.relation_claims(*key, limit=100)
    written = [c for r in RESULTS for c in r.claims if c.subject.id == "georgia-mendez"]
    written = [c for c in written if c.type is PloverType.CONSULT]
    assert total == len(written) == 3 * len(RESULTS)
    assert sorted(claims, key=lambda c: c.claim_id) == sorted(written, key=lambda c: c.claim_id)


def _plan(url: str, sql: str) -> str:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(f"EXPLAIN QUERY PLAN {sql}")).all()
    finally:
        engine.dispose()
    return "\n".join(str(row[-1]) for row in rows)


@pytest.mark.parametrize(
    ("filters", "indexes"),
    [
        ({"actor": "TUR"}, ("ix_claims_subject_doc", "ix_claims_object_doc")),
        (
            {"actor": "georgia", "type": "CONSULT"},
            ("ix_claims_subject_doc", "ix_claims_object_doc"),
        ),
        ({"subject": "TUR"}, ("ix_claims_subject_doc",)),
        ({"object": "georgia"}, ("ix_claims_object_doc",)),
    ],
)
def test_query_speedups_sqlite_walks_each_side_in_document_order(
    store: Store, module_store_url: str, filters: dict[str, str], indexes: tuple[str, ...]
) -> None:
    if not module_store_url.startswith("sqlite"):
        pytest.skip("SQLite query plans")
    engine = create_engine(module_store_url)
    try:
        with Session(engine) as session:
            stmt = q.claims_page(session, limit=100, offset=0, **filters)  # type: ignore[arg-type]
            sql = str(stmt.compile(engine, compile_kwargs={"literal_binds": True}))
    finally:
        engine.dispose()
    plan = _plan(module_store_url, sql)
    for index in indexes:
        assert index in plan, plan
    # each walk is read in index order (no sort right after it): only the merged walks (a
    # few hundred keys) and the page are sorted
    lines = plan.splitlines()
    walks = [i for i, line in enumerate(lines) if "_doc (" in line]
    assert walks, plan
    assert all("TEMP B-TREE" not in lines[i + 1] for i in walks), plan
    assert plan.count("TEMP B-TREE") <= 2, plan


def test_query_speedups_relation_page_date_filters_match_the_full_list(store: Store) -> None:
    key = ("GEO", PloverType.CONSULT, "georgia-mendez")
    every, _ = store.relation_claims(*key, limit=100)
    day = RESULTS[0].article.published
    assert day is not None
    for since, until in ((day, None), (None, day), (day, day)):
        got, total = store.relation_claims(*key, since=since, until=until, limit=5, offset=2)
        kept = [c for c in every if (c.event_date or c.published) is not None]
        assert total == len(kept)
        assert got == kept[2:7]
    early = day.replace(year=day.year - 1)
    assert store.relation_claims(*key, until=early) == ([], 0)
    points = store.relation_timeline(*key)
    assert sum(n for _, _, n in points) == len(every)
    assert {when for when, _, _ in points} == {day}


def test_query_speedups_sqlite_relation_page_walks_the_date_index(
    store: Store, module_store_url: str
) -> None:
    if not module_store_url.startswith("sqlite"):
        pytest.skip("SQLite query plans")
    engine = create_engine(module_store_url)
    plans = []
    try:
        for since in (None, RESULTS[0].article.published):
            stmt = q.relation_claims_page(
                "GEO", PloverType.CONSULT, "georgia-mendez", since=since, limit=50, offset=0
            )
            sql = str(stmt.compile(engine, compile_kwargs={"literal_binds": True}))
            plans.append(_plan(module_store_url, sql))
    finally:
        engine.dispose()
    for plan in plans:
        # the page's ids from the index alone, in its order: the one sort left is the
        # page's own (``limit`` rows), and documents are only looked up for those rows
        assert "COVERING INDEX ix_claims_relation_page" in plan, plan
        assert plan.count("TEMP B-TREE") == 1, plan
        assert "SCAN documents" not in plan, plan
