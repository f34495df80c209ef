"""``claims.when_date``, the claim's date key: written by both write paths, backfilled by the
migration that adds it, and the only date the evidence page and timeline read.

The key is the claim's event date, else its document's publication date, else nothing; the
documents here cover each case (a dated event in an undated article included).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session
from tests.store.backends import store_url
from tests.store.factories import make_article, make_claim
from tests.store.factories import named as named_source

from claimgraph.records import Actor, ActorId, ArticleResult, Claim
from claimgraph.store import Store, upgrade_store
from claimgraph.store.bulk import table_rows
from claimgraph.store.session import alembic_config, create_store_engine
from claimgraph.store.writer import claim_when, write_batch
from claimgraph.vocab import ActorKind, PloverType, Status

__all__ = ["store_url"]  # the backend-parametrized fixture, imported for pytest

CHILE = Actor(ActorId("CHL"), "Chile", ActorKind.STATE, country="CHL", sector="GOV")
PERU = Actor(ActorId("PER"), "Peru", ActorKind.STATE, country="PER", sector="GOV")
KEY = ("CHL", PloverType.CONSULT, "PER")

SENTENCES = (
    "Chile met Peru in Arica to settle the fishing quota dispute.",
    "Chile later hosted Peru for a second round on port fees.",
    "Chile called Peru about the border crossing queues.",
)
TRIGGERS = ("met", "hosted", "called")
# (published, event date of each sentence's claim): dated and undated documents, claims
# with and without their own date, dates before and after publication
DOCUMENTS: tuple[tuple[dt.date | None, tuple[dt.date | None, ...]], ...] = (
    (dt.date(2024, 5, 2), (None, dt.date(2024, 4, 30), None)),
    (dt.date(2024, 4, 28), (None, None, dt.date(2024, 5, 9))),
    (None, (dt.date(2024, 5, 1), None, None)),
    (None, (None, None, None)),
    (dt.date(2024, 5, 2), (dt.date(2024, 4, 28), None, None)),
)


def _result(
    index: int, published: dt.date | None, dates: tuple[dt.date | None, ...]
) -> ArticleResult:
    text_ = " ".join(SENTENCES) + f" Filed from Lima, report {index}."
    article = make_article(text_, published=published, outlet=f"Andes Wire {index}")
    claims = tuple(
        make_claim(
            article,
            sentence=sentence,
            subject=(CHILE, "Chile"),
            trigger=trigger,
            type=PloverType.CONSULT,
            object=(PERU, "Peru"),
            status=(Status.ASSERTED, Status.REPORTED)[(index + position) % 2],
            chain=(named_source("Luis Vera", "luis-vera"),) if (index + position) % 2 else (),
            event_date=date,
        )
        for position, (sentence, trigger, date) in enumerate(
            zip(SENTENCES, TRIGGERS, dates, strict=True)
        )
    )
    return ArticleResult(article=article, claims=claims)


RESULTS = tuple(_result(i, published, dates) for i, (published, dates) in enumerate(DOCUMENTS))


def _expected(results: tuple[ArticleResult, ...]) -> dict[str, dt.date | None]:
    """Every claim's date key, worked out from the records alone."""
    out: dict[str, dt.date | None] = {}
    for result in results:
        for claim in result.claims:
            date = claim.event_date if claim.event_date is not None else result.article.published
            out[claim.claim_id] = date
    return out


def _stored(engine: Engine) -> dict[str, dt.date | None]:
    with Session(engine) as session:
        rows = session.execute(text("SELECT claim_id, when_date FROM claims")).all()
    return {claim_id: _as_date(value) for claim_id, value in rows}


def _as_date(value: object) -> dt.date | None:
    # SQLite hands the raw column back as ISO text
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value if isinstance(value, dt.date) else None


@pytest.fixture()
def engine(store_url: str) -> Iterator[Engine]:
    Store(store_url).close()  # the schema at head
    made = create_store_engine(store_url)
    yield made
    made.dispose()


def test_when_date_claim_when_prefers_the_event_date() -> None:
    claims = [claim for result in RESULTS for claim in result.claims]
    dated = next(c for c in claims if c.event_date is not None)
    assert claim_when(dated, dt.date(1999, 1, 1)) == dated.event_date
    undated = next(c for c in claims if c.event_date is None)
    assert claim_when(undated, dt.date(1999, 1, 1)) == dt.date(1999, 1, 1)
    assert claim_when(undated, None) is None


def test_when_date_store_write_fills_it(store_url: str, engine: Engine) -> None:
    # SQLite: the generic writer; PostgreSQL: the COPY loader
    with Store(store_url) as store:
        store.write(list(RESULTS))
    assert _stored(engine) == _expected(RESULTS)


def test_when_date_generic_writer_fills_it(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        write_batch(session, list(RESULTS))
    assert _stored(engine) == _expected(RESULTS)


def test_when_date_table_rows_carry_it() -> None:
    columns, rows = table_rows(list(RESULTS), now=dt.datetime.now(dt.UTC))["claims"]
    got = {row[columns.index("claim_id")]: row[columns.index("when_date")] for row in rows}
    assert got == _expected(RESULTS)


def _migrate(url: str, engine: Engine, *, down_to: str | None = None) -> None:
    if down_to is None:
        upgrade_store(url)
        return
    with engine.begin() as conn:
        config = alembic_config(url)
        config.attributes["connection"] = conn
        command.downgrade(config, down_to)


def _claim_columns(engine: Engine) -> set[str]:
    from sqlalchemy import inspect

    with engine.connect() as conn:
        return {column["name"] for column in inspect(conn).get_columns("claims")}


def test_when_date_migration_backfills_the_same_values(store_url: str, engine: Engine) -> None:
    with Store(store_url) as store:
        store.write(list(RESULTS))
        page_before = store.relation_claims(*KEY, limit=100)
        timeline_before = store.relation_timeline(*KEY)
    _migrate(store_url, engine, down_to="0006")
    assert "when_date" not in _claim_columns(engine)
    _migrate(store_url, engine)
    assert "when_date" in _claim_columns(engine)
    assert _stored(engine) == _expected(RESULTS)
    with Store(store_url, read_only=True) as store:
        assert store.relation_claims(*KEY, limit=100) == page_before
        assert store.relation_timeline(*KEY) == timeline_before


def _reference(claims: list[Claim], *, nulls_first: bool) -> list[Claim]:
    """A relation's claims in page order, sorted in Python (NULL dates where the database
    puts them: first on SQLite, last on PostgreSQL)."""

    def key(claim: Claim) -> tuple[bool, dt.date, str, int, str]:
        date = claim.event_date or claim.published
        missing = date is None
        return (
            not missing if nulls_first else missing,
            date or dt.date.min,
            claim.doc_id,
            claim.char_span[0],
            claim.claim_id,
        )

    return sorted(claims, key=key)


def test_when_date_relation_page_order_filters_and_timeline(store_url: str) -> None:
    with Store(store_url) as store:
        store.write(list(RESULTS))
        every, total = store.relation_claims(*KEY, limit=100)
        expected = _reference(every, nulls_first=store_url.startswith("sqlite"))
        assert total == 3 * len(RESULTS)
        assert every == expected
        for limit, offset in itertools.product((1, 4, 50), (0, 3, 14)):
            got, n = store.relation_claims(*KEY, limit=limit, offset=offset)
            assert (got, n) == (expected[offset : offset + limit], total)
        day = dt.date(2024, 5, 1)
        cases = ((day, None), (None, day), (day, day), (dt.date(2024, 4, 29), dt.date(2024, 5, 2)))
        for since, until in cases:
            kept = [
                c
                for c in expected
                if (date := c.event_date or c.published) is not None
                and (since is None or date >= since)
                and (until is None or date <= until)
            ]
            got, n = store.relation_claims(*KEY, since=since, until=until, limit=2, offset=1)
            assert (got, n) == (kept[1:3], len(kept)), (since, until)
        reported, n = store.relation_claims(*KEY, status=Status.REPORTED, limit=100)
        assert reported == [c for c in expected if c.status is Status.REPORTED]
        assert n == len(reported)
        points = store.relation_timeline(*KEY)
    nulls_first = store_url.startswith("sqlite")
    buckets: dict[tuple[dt.date | None, Status], int] = {}
    for claim in every:
        bucket = (claim.event_date or claim.published, claim.status)
        buckets[bucket] = buckets.get(bucket, 0) + 1
    expected_points = [(day, status, n) for (day, status), n in buckets.items()]
    expected_points.sort(key=lambda point: _point_key(point, nulls_first=nulls_first))
    assert points == expected_points


def _point_key(
    point: tuple[dt.date | None, Status, int], *, nulls_first: bool
) -> tuple[bool, dt.date, str]:
    missing = point[0] is None
    return (not missing if nulls_first else missing, point[0] or dt.date.min, str(point[1]))
