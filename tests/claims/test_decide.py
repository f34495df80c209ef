"""The trigger a learned claim gets when the pair's common ancestor is a reporting cue."""

from __future__ import annotations

from typing import Any

from claimgraph.claims.decide import _below_cue
from claimgraph.claims.features import DocContext


def _index(doc: Any, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


def test_trigger_under_a_cue_is_the_reported_predicate(nlp: Any) -> None:
    doc = nlp("Secretary Blinken emphasized the importance of working with our NATO Allies.")
    ctx = DocContext(doc, ())
    common = _index(doc, "emphasized")
    heads = (_index(doc, "Allies"), _index(doc, "Blinken"))
    assert doc[common].head.i == common  # the cue is the common ancestor of the pair
    below = _below_cue(ctx, common, heads)
    assert below is not None and doc[below].text == "working"


def test_trigger_under_a_non_cue_stays_put(nlp: Any) -> None:
    doc = nlp("The army shelled the town near the border.")
    ctx = DocContext(doc, ())
    heads = (_index(doc, "town"), _index(doc, "army"))
    assert _below_cue(ctx, _index(doc, "shelled"), heads) is None
