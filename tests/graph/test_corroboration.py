"""The corroboration score, the contradiction flag, and their incremental upkeep in the store."""

from __future__ import annotations

import pytest
from tests.graph.corpus import build_store, corpus

from claimgraph.graph.aggregate import ClusterRoot, aggregate_claims
from claimgraph.graph.corroboration import (
    SOURCE_CREDIT,
    UNCONFIRMED_CAP,
    corroboration_score,
    is_contradicted,
    source_weight,
)
from claimgraph.records import DocId
from claimgraph.store import Store
from claimgraph.store.queries import RelationFilter
from claimgraph.vocab import PloverType, Status


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ([], 0.0),
        ([1.0], 0.5),
        ([1.0, 1.0], 0.75),
        ([1.0, 1.0, 1.0], 0.875),
        ([0.35], 0.175),
        ([1.0, 0.35], 0.5875),
        ([0.0], 0.0),
    ],
)
def test_corroboration_score_worked_examples(weights: list[float], expected: float) -> None:
    assert corroboration_score(weights) == pytest.approx(expected)


def test_corroboration_weak_statuses_never_add_up_to_a_fact() -> None:
    many_allegations = corroboration_score([0.35] * 40)
    assert many_allegations == UNCONFIRMED_CAP
    assert many_allegations < corroboration_score([1.0]) == SOURCE_CREDIT


def test_corroboration_source_weight_is_the_firmest_status() -> None:
    assert source_weight([Status.ALLEGED, Status.REPORTED]) == 1.0
    assert source_weight([Status.HEDGED, Status.PREDICTED]) == 0.25
    assert source_weight([]) == 0.0


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({Status.REPORTED: 2, Status.DENIED: 1}, True),
        ({Status.ASSERTED: 1, Status.DENIED: 3}, True),
        ({Status.ALLEGED: 2, Status.DENIED: 1}, False),
        ({Status.DENIED: 2}, False),
        ({Status.REPORTED: 2}, False),
    ],
)
def test_corroboration_contradiction_needs_a_firm_side_and_a_denial(
    counts: dict[Status, int], expected: bool
) -> None:
    assert is_contradicted(counts) is expected


def test_corroboration_cluster_counts_once_in_aggregation() -> None:
    allegations, _ = corpus()
    claims = [claim for result in allegations for claim in result.claims]
    root = allegations[0].article
    alone = aggregate_claims(claims)
    clustered = aggregate_claims(
        claims,
        clusters={
            r.article.doc_id: ClusterRoot(DocId(root.doc_id), outlet=root.outlet)
            for r in allegations[1:]
        },
    )
    (agg_alone,) = alone.values()
    (agg_clustered,) = clustered.values()
    assert agg_alone.n_sources == 5
    assert agg_clustered.n_sources == 1
    assert agg_clustered.source_keys == {"outlet:meridian wire"}
    assert agg_clustered.score == pytest.approx(0.175)


def test_corroboration_syndicated_allegation_ranks_below_independent_fact(tmp_path) -> None:
    store = build_store(f"sqlite:///{tmp_path / 'c.db'}")
    with store:
        rows, total = store.find_relations(RelationFilter(), order="score")
        by_type = {row.type: row for row in rows}
        assault, aid = by_type[PloverType.ASSAULT], by_type[PloverType.AID]
        assert assault.n_claims == 5
        assert assault.n_sources == 1
        assert assault.score == pytest.approx(0.175)
        assert aid.n_sources == 4  # three outlets reporting, one denying
        assert aid.score == pytest.approx(0.875)
        assert aid.contradicted and not assault.contradicted
        assert [row.type for row in rows].index(PloverType.AID) < [row.type for row in rows].index(
            PloverType.ASSAULT
        )
        assert total == 3


def test_corroboration_incremental_writes_match_a_rebuild(tmp_path) -> None:
    allegations, others = corpus()
    results = allegations + others
    batched = Store(f"sqlite:///{tmp_path / 'b.db'}")
    for result in results:  # one document per batch: every relation is updated in place
        batched.write([result])
    whole = Store(f"sqlite:///{tmp_path / 'w.db'}")
    whole.write(results)
    with batched, whole:
        a, _ = batched.find_relations(order="score")
        b, _ = whole.find_relations(order="score")
        assert [(r.type, r.score, r.contradicted, r.n_sources) for r in a] == [
            (r.type, r.score, r.contradicted, r.n_sources) for r in b
        ]
        scores = {r.type: r.score for r in a}
        # without the cluster, the five copies are five outlets: still only allegations
        assert scores[PloverType.ASSAULT] == UNCONFIRMED_CAP
        assert scores[PloverType.CONSULT] == pytest.approx(0.1)
