"""The corroboration score and the contradiction flag of a relation.

Score. Each independent source of a relation (see ``graph.aggregate.source_key``) contributes
the weight of the *firmest* status it gave the relation (``STATUS_WEIGHT``). The weights combine
like independent pieces of evidence::

    score = 1 - Π_s (1 - SOURCE_CREDIT · w_s)

and, when no source asserts or reports the relation (every weight is below 1), the score is
capped at ``UNCONFIRMED_CAP``. Consequences a reader can check by hand:

- one source can never give more than ``SOURCE_CREDIT`` (0.5): a single outlet is not a fact;
- two firm sources give 0.75, three 0.875, four 0.9375;
- an allegation from one source gives 0.175, however many syndicated copies repeat it (copies
  of one syndication cluster are one source);
- allegations, hedges and predictions from any number of sources stay at or below 0.45, below
  a single firm source: they never add up to a fact;
- a denial adds nothing (weight 0) but raises the contradiction flag.

Contradiction. A relation is *contradicted* when at least one claim asserts or reports it and
at least one claim denies it. Both figures are counts the store keeps per relation, so the flag
updates incrementally.

The score depends only on the per-source weights, which merge by ``max``: a batch of new claims
updates it without re-reading older claims.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from claimgraph.vocab import Status

__all__ = [
    "FIRM_STATUSES",
    "SOURCE_CREDIT",
    "STATUS_WEIGHT",
    "UNCONFIRMED_CAP",
    "corroboration_score",
    "is_contradicted",
    "source_weight",
]

# How much a status commits its source to the relation. Asserted and reported claims are the
# source's own statement of fact; the weaker ones follow the order of ``vocab.Status`` and the
# gaps the status guidelines draw (an allegation is a charge, a hedge a possibility, a
# prediction has not happened; a denial commits the source against the relation).
STATUS_WEIGHT: dict[Status, float] = {
    Status.ASSERTED: 1.0,
    Status.REPORTED: 1.0,
    Status.ALLEGED: 0.35,
    Status.HEDGED: 0.25,
    Status.PREDICTED: 0.2,
    Status.DENIED: 0.0,
}

# The statuses that state the relation as a fact (and the affirming side of a contradiction).
FIRM_STATUSES: frozenset[Status] = frozenset({Status.ASSERTED, Status.REPORTED})

# The credit one firm, independent source earns: 0.5 makes one source an even chance, two
# sources 0.75, three 0.875. Chosen so that one source stays at or below one half, the reading
# "not yet corroborated" that users of the explorer asked to see at a glance.
SOURCE_CREDIT = 0.5

# The ceiling for relations that no source asserts or reports: just below one firm source
# (SOURCE_CREDIT), so that any number of allegations or hedges ranks under a single fact.
UNCONFIRMED_CAP = 0.45

# Scores are rounded to this many decimals so that stored and recomputed values compare equal.
SCORE_DECIMALS = 4


def source_weight(statuses: Iterable[Status]) -> float:
    """The weight of one source: the firmest status it gave the relation (0 for none)."""
    return max((STATUS_WEIGHT[status] for status in statuses), default=0.0)


def corroboration_score(weights: Iterable[float]) -> float:
    """The score of a relation from the weights of its independent sources (module docstring)."""
    remaining = 1.0
    firmest = 0.0
    for weight in weights:
        remaining *= 1.0 - SOURCE_CREDIT * weight
        firmest = max(firmest, weight)
    score = 1.0 - remaining
    if firmest < STATUS_WEIGHT[Status.ASSERTED]:
        score = min(score, UNCONFIRMED_CAP)
    return round(score, SCORE_DECIMALS)


def is_contradicted(status_counts: Mapping[Status, int]) -> bool:
    """Some claims assert or report the relation and others deny it."""
    affirmed = sum(status_counts.get(status, 0) for status in FIRM_STATUSES)
    return affirmed > 0 and status_counts.get(Status.DENIED, 0) > 0
