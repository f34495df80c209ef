"""Factuality axes on hand-written sentences."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.attribution import chain_for, find_attributions
from claimgraph.records import Factuality
from claimgraph.status import assess, derive_status
from claimgraph.vocab import Certainty, Polarity, Status, Tense


def _assess(nlp: Any, text: str, word: str) -> tuple[Factuality, Status]:
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    atts = find_attributions(doc)
    factuality = assess(doc, token.i, attributions=atts)
    chain = chain_for((token.idx, token.idx + len(token.text)), atts)
    return factuality, derive_status(factuality, chain)


def test_factuality_plain_past_is_asserted(nlp: Any) -> None:
    fact, status = _assess(nlp, "Turkish jets struck the depot on Sunday.", "struck")
    assert fact == Factuality(cues=())
    assert status is Status.ASSERTED


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The army did not attack the village.", "attack"),
        ("The rebels never received the shipment.", "received"),
        ("Beijing refused to sign the accord.", "sign"),
    ],
)
def test_factuality_negation(nlp: Any, text: str, word: str) -> None:
    fact, status = _assess(nlp, text, word)
    assert fact.polarity is Polarity.NEGATIVE
    assert status is Status.DENIED


def test_factuality_double_negation_is_positive(nlp: Any) -> None:
    fact, _ = _assess(nlp, "The army did not stop shelling the town.", "shelling")
    assert fact.polarity is Polarity.POSITIVE


def test_factuality_no_evidence_scope(nlp: Any) -> None:
    text = "There is no evidence indicating Tehran's alleged role in the bombing."
    fact, status = _assess(nlp, text, "role")
    assert fact.polarity is Polarity.NEGATIVE
    assert status is Status.DENIED


def test_factuality_no_clear_evidence_that(nlp: Any) -> None:
    text = "While there is no clear evidence that the generals knew about the raid, the unit moved."
    _, status = _assess(nlp, text, "knew")
    assert status is Status.DENIED
    # the main clause is not under the evidence noun
    fact_main, status_main = _assess(nlp, text, "moved")
    assert fact_main.polarity is Polarity.POSITIVE
    assert status_main is Status.ASSERTED


@pytest.mark.parametrize(
    ("text", "word", "certainty"),
    [
        ("The militia may have shot down the drone.", "shot", Certainty.POSSIBLE),
        ("The convoy was likely hit by artillery.", "hit", Certainty.PROBABLE),
        ("The cell is believed to have planned the bombing.", "planned", Certainty.PROBABLE),
        (
            "There is speculation of Syrian involvement in the plot.",
            "involvement",
            Certainty.POSSIBLE,
        ),
    ],
)
def test_factuality_hedges(nlp: Any, text: str, word: str, certainty: Certainty) -> None:
    fact, status = _assess(nlp, text, word)
    assert fact.certainty is certainty
    assert fact.time is Tense.PAST_OR_PRESENT
    assert status is Status.HEDGED


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Egypt will send troops to the border.", "send"),
        ("The sale could shift the balance of power in the region.", "shift"),
        ("Ankara is considering a deal to sell drones to Baku.", "sell"),
        ("The government plans to expand the blockade.", "expand"),
        ("The rebels threatened to storm the capital.", "storm"),
    ],
)
def test_factuality_future(nlp: Any, text: str, word: str) -> None:
    fact, status = _assess(nlp, text, word)
    assert fact.time is Tense.FUTURE
    assert status is Status.PREDICTED


def test_factuality_modal_perfect_is_not_future(nlp: Any) -> None:
    fact, _ = _assess(nlp, "The strike could have killed dozens.", "killed")
    assert fact.time is Tense.PAST_OR_PRESENT
    assert fact.certainty is Certainty.POSSIBLE


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The so-called volunteers allegedly trained the fighters.", "trained"),
        ("Moscow's alleged role in the coup was discussed.", "role"),
    ],
)
def test_factuality_author_distancing(nlp: Any, text: str, word: str) -> None:
    fact, status = _assess(nlp, text, word)
    assert fact.distanced
    assert status is Status.ALLEGED


def test_factuality_unconfirmed_reports_allege(nlp: Any) -> None:
    text = (
        "Though unconfirmed, numerous reports out of Lebanon allege the militia was "
        "instrumental in training the gunmen."
    )
    _, status = _assess(nlp, text, "training")
    assert status is Status.ALLEGED


def test_factuality_reported_by_source(nlp: Any) -> None:
    _, status = _assess(nlp, "Officials said the army shelled the town.", "shelled")
    assert status is Status.REPORTED


def test_factuality_negation_inside_report(nlp: Any) -> None:
    _, status = _assess(nlp, "Officials said the army did not shell the town.", "shell")
    assert status is Status.DENIED


def test_factuality_source_denial(nlp: Any) -> None:
    _, status = _assess(nlp, "The ministry denied that its troops shelled the town.", "shelled")
    assert status is Status.DENIED


def test_factuality_question_is_underspecified(nlp: Any) -> None:
    fact, status = _assess(nlp, "Did the navy sink the ferry?", "sink")
    assert fact.certainty is Certainty.UNDERSPECIFIED
    assert status is Status.HEDGED
