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


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The foreign minister did not comment on the attack.", "attack"),
        ("The rebels not only shelled the town but also burned the market.", "shelled"),
        ("The glitch was not reported by the ministry.", "glitch"),
        ("Kyiv did not confirm the losses but sent reinforcements.", "sent"),
        ("The envoy rejected the proposal in October.", "proposal"),
        ("The army halted the offensive after two weeks.", "offensive"),
    ],
)
def test_factuality_negation_needs_scope(nlp: Any, text: str, word: str) -> None:
    fact, _ = _assess(nlp, text, word)
    assert fact.polarity is Polarity.POSITIVE


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The ministers cancelled the visit to Ankara.", "visit"),
        ("The arms deal was scrapped last year.", "deal"),
        ("Iran no longer supplies drones to the militia.", "supplies"),
        ("The militia left the city without paying the fighters.", "paying"),
        ("The new treaty will not be a threat to its neighbours.", "threat"),
        ("The border guards are not able to stop the smugglers.", "able"),
    ],
)
def test_factuality_negation_in_scope(nlp: Any, text: str, word: str) -> None:
    fact, _ = _assess(nlp, text, word)
    assert fact.polarity is Polarity.NEGATIVE


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The two leaders are to meet in Geneva on Friday.", "meet"),
        ("Troops were sent in order to protect the pipeline.", "protect"),
        ("Turkey sent drones to support the offensive.", "support"),
        ("Navy to deploy frigates in the Red Sea", "deploy"),
        ("The army withdraws from the border town next month.", "withdraws"),
        ("The ministers meet again later this week in Doha.", "meet"),
        ("The talks scheduled for Friday were welcomed by Qatar.", "talks"),
        ("The general will resign when the inquiry ends.", "ends"),
        ("The government agreed to release the prisoners.", "release"),
        ("Washington urged Riyadh to lift the blockade.", "lift"),
        ("Seoul will provide military training to the brigade.", "training"),
        ("The rebels rejected an offer to disarm the militias.", "disarm"),
        ("The two ministers launched an effort to revive the ceasefire.", "revive"),
        ("Officials said the convoy would be escorted by the navy.", "escorted"),
    ],
)
def test_factuality_future_constructions(nlp: Any, text: str, word: str) -> None:
    fact, _ = _assess(nlp, text, word)
    assert fact.time is Tense.FUTURE


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The militia began to shell the port in May.", "shell"),
        ("The regime was forced to withdraw its troops.", "withdraw"),
        ("Estonia was the first country to expel the envoys.", "expel"),
        ("The army withdrew from the town next to the river.", "withdrew"),
        ("The drones are said to have struck the depot.", "struck"),
        ("Qatar will host talks on the attack that killed ten soldiers.", "killed"),
        ("The ministers met later that day in Doha.", "met"),
    ],
)
def test_factuality_not_future(nlp: Any, text: str, word: str) -> None:
    fact, _ = _assess(nlp, text, word)
    assert fact.time is Tense.PAST_OR_PRESENT


def test_factuality_planned_noun_is_predicted(nlp: Any) -> None:
    _, status = _assess(nlp, "The planned offensive against the rebels alarmed Cairo.", "offensive")
    assert status is Status.PREDICTED


def test_factuality_considering_a_deal_to_sell_is_predicted(nlp: Any) -> None:
    _, status = _assess(nlp, "Belgrade is considering a deal to sell rifles to Kyiv.", "sell")
    assert status is Status.PREDICTED


def test_factuality_could_shift_is_predicted(nlp: Any) -> None:
    fact, status = _assess(nlp, "The new missiles could shift the balance of power.", "shift")
    assert fact.certainty is Certainty.POSSIBLE
    assert status is Status.PREDICTED


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Ankara said it would not take part in any strike on Syria.", "strike"),
        ("The navy did not launch an attack on the port.", "attack"),
    ],
)
def test_factuality_negated_support_verb_negates_event(nlp: Any, text: str, word: str) -> None:
    fact, _ = _assess(nlp, text, word)
    assert fact.polarity is Polarity.NEGATIVE


def test_factuality_past_conjunct_of_infinitive_is_not_future(nlp: Any) -> None:
    text = "The guards had trained fighters to fly the drones and supplied their parts."
    fact, _ = _assess(nlp, text, "supplied")
    assert fact.time is Tense.PAST_OR_PRESENT


def test_factuality_stray_lemma_still_governs(nlp: Any) -> None:
    fact, _ = _assess(nlp, "Turkey hoped to receive the jets.", "receive")
    assert fact.time is Tense.FUTURE
