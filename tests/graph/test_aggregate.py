"""Relations and independent sources from hand-built claims."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from tests.store.factories import named, result_a, result_b, result_c, unnamed

from claimgraph.graph.aggregate import aggregate_claims, claim_date, source_key
from claimgraph.records import SourceLink
from claimgraph.vocab import PloverType, Status


def test_aggregate_source_key_innermost_named_source_wins() -> None:
    claim = result_a().claims[0]
    chain = (named("Josh Rogin", "josh-rogin", outlet="Harbour Post"), named("Ali Baraka", None))
    assert source_key(dataclasses.replace(claim, attribution=chain)) == "source:ali baraka"
    chain = (unnamed("officials"), named("Ali  Baraka", "ali-baraka"))
    assert source_key(dataclasses.replace(claim, attribution=chain)) == "source:ali-baraka"


def test_aggregate_source_key_named_source_outlet_is_the_outlet_key() -> None:
    claim = result_c().claims[0]  # "the Baltic Ledger reported", no source_id
    assert source_key(claim) == "outlet:baltic ledger"


@pytest.mark.parametrize(
    ("outlet", "author", "chain", "expected"),
    [
        ("Nordic Wire", "Mira Kovacs", (unnamed("officials"),), "outlet:nordic wire"),
        (None, "Mira Kovacs", (unnamed("officials"),), "doc:"),
        ("Nordic Wire", "Mira  KOVACS", (), "author:mira kovacs"),
        ("Nordic Wire", None, (), "outlet:nordic wire"),
        (None, None, (), "doc:"),
    ],
)
def test_aggregate_source_key_fallbacks(
    outlet: str | None,
    author: str | None,
    chain: tuple[SourceLink, ...],
    expected: str,
) -> None:
    claim = dataclasses.replace(
        result_a().claims[0], outlet=outlet, author=author, attribution=chain
    )
    assert source_key(claim).startswith(expected)


def test_aggregate_claim_date_prefers_the_event_date() -> None:
    reported, denied, _ = result_a().claims
    assert claim_date(reported) == dt.date(2024, 2, 1)
    assert claim_date(denied) == dt.date(2024, 3, 12)
    undated = dataclasses.replace(denied, published=None)
    assert claim_date(undated) is None
    assert claim_date(undated, published=dt.date(2024, 1, 5)) == dt.date(2024, 1, 5)


def test_aggregate_groups_claims_into_relations() -> None:
    claims = [c for r in (result_a(), result_b(), result_c()) for c in r.claims]
    relations = aggregate_claims(claims)
    by_name = {(str(k.subject_id), k.type, str(k.object_id)): v for k, v in relations.items()}
    aid = by_name[("EST", PloverType.AID, "UKR")]
    assert aid.n_claims == 4
    assert aid.source_keys == {
        "source:est-defence-ministry",
        "outlet:baltic ledger",
        "outlet:nordic wire",
    }
    assert aid.status_counts == {Status.REPORTED: 3, Status.DENIED: 1}
    assert by_name[("RUS", PloverType.ACCUSE, "EST")].source_keys == {"author:mira kovacs"}
    assert len(relations) == 4


def test_aggregate_is_additive() -> None:
    claims = [c for r in (result_a(), result_b(), result_c()) for c in r.claims]
    whole = aggregate_claims(claims)
    first, second = aggregate_claims(claims[:3]), aggregate_claims(claims[3:])
    for key, agg in whole.items():
        parts = [part[key] for part in (first, second) if key in part]
        assert agg.n_claims == sum(p.n_claims for p in parts)
        assert agg.source_keys == set().union(*(p.source_keys for p in parts))
