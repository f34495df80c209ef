"""The threshold choice of the claim model: most gold found within the unmatched budget."""

from __future__ import annotations

from claimgraph.learn.train_claims import choose_threshold


def _row(threshold: float, type_match: float, actor: float, unmatched: float, f1: float) -> dict:
    return {
        "threshold": threshold,
        "type_match": type_match,
        "actor_match": actor,
        "unmatched_per_article": unmatched,
        "type_f1": f1,
    }


SWEEP = [
    _row(0.1, 0.30, 0.50, 6.0, 0.15),
    _row(0.2, 0.20, 0.35, 2.0, 0.19),
    _row(0.3, 0.20, 0.30, 1.5, 0.21),
    _row(0.4, 0.15, 0.25, 1.0, 0.20),
]


def test_most_gold_within_budget() -> None:
    # 0.1 finds the most but breaks the budget; 0.2 and 0.3 tie on type, 0.2 finds more actors
    assert choose_threshold(SWEEP, max_unmatched=2.0) == 0.2


def test_tighter_budget_moves_up() -> None:
    assert choose_threshold(SWEEP, max_unmatched=1.0) == 0.4


def test_no_budget_or_none_within_falls_back_to_f1() -> None:
    assert choose_threshold(SWEEP, max_unmatched=None) == 0.3
    assert choose_threshold(SWEEP, max_unmatched=0.5) == 0.3


def test_empty_sweep() -> None:
    assert choose_threshold([], max_unmatched=2.0) == 0.5
