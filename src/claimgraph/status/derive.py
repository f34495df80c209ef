"""The derived status label of a claim, from its factuality axes and attribution chain.

Precedence, strongest first (the first rule that applies wins):

1. ``denied``: the event is negated, or a source in the chain denies it ("denied that");
2. ``predicted``: the event lies ahead ("will", "plans to", "is considering a deal to");
3. ``hedged``: certainty is probable, possible or underspecified, or the innermost source only
   believes it ("suspects", "thinks");
4. ``alleged``: the author distances it ("unconfirmed", "so-called") or a source in the chain
   uses a distancing cue ("alleged", "claimed", "accused");
5. ``reported``: a source states it with a neutral cue;
6. ``asserted``: the author states it as fact.

Denial outranks prediction because "will not attack" contradicts the relation an analyst would
otherwise count; prediction outranks hedging because an unrealised event is not evidence of a
completed one whatever its certainty.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimgraph.records import Factuality, SourceLink
from claimgraph.vocab import Certainty, CueKind, Polarity, SourceKind, Status, Tense

#: Base confidence per status, before adjustments: hand-set from the seed article and our
#: own test sentences (asserted and denied read off explicit words; hedged/alleged depend on
#: marker scope, the weakest part of the rules).
_BASE_CONFIDENCE: dict[Status, float] = {
    Status.ASSERTED: 0.8,
    Status.REPORTED: 0.85,
    Status.ALLEGED: 0.75,
    Status.HEDGED: 0.7,
    Status.DENIED: 0.75,
    Status.PREDICTED: 0.75,
}
#: Lost per extra marker beyond the first that set an axis (competing cues, more room for
#: scope errors) and per nesting level of the chain.
_PER_EXTRA_CUE = 0.05
_PER_NESTING = 0.05
_FLOOR = 0.3


def derive_status(factuality: Factuality, chain: Sequence[SourceLink]) -> Status:
    """One label from the axes and the chain (see the module docstring for the precedence)."""
    kinds = [link.cue_kind for link in chain]
    if factuality.polarity is Polarity.NEGATIVE or CueKind.DENIAL in kinds:
        return Status.DENIED
    if factuality.time is Tense.FUTURE:
        return Status.PREDICTED
    if factuality.certainty is not Certainty.CERTAIN or (kinds and kinds[-1] is CueKind.BELIEF):
        return Status.HEDGED
    if factuality.distanced or CueKind.DISTANCING in kinds:
        return Status.ALLEGED
    if chain:
        return Status.REPORTED
    return Status.ASSERTED


def status_confidence(factuality: Factuality, chain: Sequence[SourceLink]) -> float:
    """How sure the rules are of ``derive_status(factuality, chain)``, in [0, 1]."""
    status = derive_status(factuality, chain)
    score = _BASE_CONFIDENCE[status]
    score -= _PER_EXTRA_CUE * max(0, len(factuality.cues) - 1)
    score -= _PER_NESTING * max(0, len(chain) - 1)
    if status is Status.REPORTED and all(link.kind is SourceKind.UNNAMED_SOURCE for link in chain):
        score -= _PER_EXTRA_CUE
    return round(max(_FLOOR, min(1.0, score)), 3)
