"""Event frames over whole sentences: publisher voice, regimes, receiving, possessors."""

from __future__ import annotations

import datetime as dt

import pytest

from claimgraph.actors import load_resolver
from claimgraph.claims import build_events, find_predicates
from claimgraph.vocab import PloverType

DAY = dt.date(2016, 5, 10)


def _triples(nlp, text: str, *, outlet: str | None = None) -> set[tuple[str, PloverType, str]]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    mentions = load_resolver().find_mentions(doc, published=DAY, outlet=outlet)
    events = build_events(doc, find_predicates(doc), mentions, published=DAY)
    return {(e.subject.actor.id, e.predicate.type, e.object.actor.id) for e in events}


def test_frames_publisher_we_is_the_institution(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "We are consulting with the Government of Kenya about the raid."
    triples = _triples(nlp, text, outlet="US State Department")
    assert ("USA", PloverType.CONSULT, "KEN") in triples


def test_frames_news_outlet_we_stays_unresolved(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "We are consulting with the Government of Kenya about the raid."
    assert _triples(nlp, text, outlet="Reuters") == set()


def test_frames_publisher_bare_title(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Prime Minister met Chancellor Scholz in Berlin on Tuesday."
    triples = _triples(nlp, text, outlet="UK Government")
    assert any(s == "GBR" and t is PloverType.CONSULT for s, t, _ in triples)


def test_frames_regime_of_a_leader_is_the_state(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Assad regime shelled rebel fighters near Idlib."
    triples = _triples(nlp, text)
    assert any(s == "SYR" and t is PloverType.ASSAULT for s, t, _ in triples)


def test_frames_regime_description_finds_its_head(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Asad regime bombed Daraya. Britain condemned the strikes. "
        "France urged the regime to stop."
    )
    triples = _triples(nlp, text)
    assert ("FRA", PloverType.REQUEST, "SYR") in triples


def test_frames_receiving_fire_from(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Kenyan troops continued to receive heavy fire from al-Shabaab fighters."
    triples = _triples(nlp, text)
    assert ("al-shabaab", PloverType.ASSAULT, "KEN") in triples


def test_frames_in_touch_with(nlp) -> None:  # type: ignore[no-untyped-def]
    triples = _triples(nlp, "Germany has been in touch with senior Kenyan officials.")
    assert ("DEU", PloverType.CONSULT, "KEN") in triples


def test_frames_passive_controller(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Norway is committed to working together with Japan on Arctic research."
    triples = _triples(nlp, text)
    assert ("NOR", PloverType.COOPERATE, "JPN") in triples


def test_frames_possessor_of_object_is_patient(nlp) -> None:  # type: ignore[no-untyped-def]
    triples = _triples(nlp, "Canada will support Ukraine's efforts at the talks.")
    assert ("CAN", PloverType.SUPPORT, "UKR") in triples


@pytest.mark.parametrize(
    "text",
    [
        "The UN has confirmed reports that ISIL has killed 40 Kenyan soldiers.",
        "Officials cited reports that ISIL had killed 40 Kenyan soldiers.",
    ],
)
def test_frames_clause_after_report_noun_keeps_its_subject(nlp, text) -> None:  # type: ignore[no-untyped-def]
    assert ("islamic-state", PloverType.ASSAULT, "KEN") in _triples(nlp, text)


def test_frames_collective_singular_patient(nlp) -> None:  # type: ignore[no-untyped-def]
    triples = _triples(nlp, "Japan will work with the international community on the crisis.")
    assert ("JPN", PloverType.COOPERATE, "international-community") in triples
