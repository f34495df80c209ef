"""The derived status label and its precedence."""

from __future__ import annotations

import pytest

from claimgraph.records import Factuality, SourceLink
from claimgraph.status import derive_status, status_confidence
from claimgraph.vocab import Certainty, CueKind, Polarity, SourceKind, Status, Tense

NEUTRAL = SourceLink(
    source="Reuters",
    source_id=None,
    kind=SourceKind.NAMED_SOURCE,
    cue="said",
    cue_kind=CueKind.NEUTRAL,
)
DISTANCING = SourceLink(
    source="sources",
    source_id=None,
    kind=SourceKind.UNNAMED_SOURCE,
    cue="alleged",
    cue_kind=CueKind.DISTANCING,
)
DENIAL = SourceLink(
    source="Moscow",
    source_id="RUS",
    kind=SourceKind.NAMED_SOURCE,
    cue="denied",
    cue_kind=CueKind.DENIAL,
)
BELIEF = SourceLink(
    source="analysts",
    source_id=None,
    kind=SourceKind.UNNAMED_SOURCE,
    cue="believe",
    cue_kind=CueKind.BELIEF,
)


@pytest.mark.parametrize(
    ("factuality", "chain", "status"),
    [
        (Factuality(), (), Status.ASSERTED),
        (Factuality(), (NEUTRAL,), Status.REPORTED),
        (Factuality(), (DISTANCING,), Status.ALLEGED),
        (Factuality(distanced=True), (), Status.ALLEGED),
        (Factuality(distanced=True), (NEUTRAL,), Status.ALLEGED),
        (Factuality(certainty=Certainty.POSSIBLE), (DISTANCING,), Status.HEDGED),
        (Factuality(), (NEUTRAL, BELIEF), Status.HEDGED),
        (Factuality(time=Tense.FUTURE, certainty=Certainty.POSSIBLE), (), Status.PREDICTED),
        (Factuality(polarity=Polarity.NEGATIVE, time=Tense.FUTURE), (), Status.DENIED),
        (Factuality(), (NEUTRAL, DENIAL), Status.DENIED),
    ],
)
def test_derive_precedence(
    factuality: Factuality, chain: tuple[SourceLink, ...], status: Status
) -> None:
    assert derive_status(factuality, chain) is status


def test_derive_confidence_in_range_and_lower_for_nested_chains() -> None:
    flat = status_confidence(Factuality(), (NEUTRAL,))
    nested = status_confidence(Factuality(), (NEUTRAL, NEUTRAL, NEUTRAL))
    assert 0.0 <= nested < flat <= 1.0
