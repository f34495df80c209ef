"""Event frames over whole sentences: publisher voice, regimes, receiving, possessors."""

from __future__ import annotations

import datetime as dt

import pytest

from claimgraph.actors import load_resolver
from claimgraph.claims import build_events, find_predicates
from claimgraph.pipeline import analyse_doc
from claimgraph.records import Article, DocId
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


def test_frames_exchange_fire_goes_both_ways(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Indian troops exchanged fire with Pakistani soldiers along the border on Tuesday."
    triples = _triples(nlp, text)
    assert ("IND", PloverType.ASSAULT, "PAK") in triples
    assert ("PAK", PloverType.ASSAULT, "IND") in triples


def test_frames_stance_participle_accuses_the_cause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Norway is deeply concerned by Israel's expansion of settlements."
    assert ("NOR", PloverType.ACCUSE, "ISR") in _triples(nlp, text)


def test_frames_stance_participle_needs_a_cause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Norway is deeply concerned about the weather."
    assert _triples(nlp, text) == set()


def test_frames_failed_to_cooperate_is_a_refusal(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Sudan failed to co-operate with the International Criminal Court."
    triples = _triples(nlp, text)
    assert any(s == "SDN" and t is PloverType.REJECT for s, t, _ in triples)
    assert not any(t is PloverType.COOPERATE for _, t, _ in triples)


def test_frames_weapons_used_against(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Syria used chemical weapons against rebel towns near Turkey, Ankara said."
    predicates = find_predicates(nlp(text))
    assert any(p.lemma == "use against" and p.type is PloverType.ASSAULT for p in predicates)


def test_frames_officials_from_each_country(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Officials from Japan, South Korea and Vietnam met President Biden in Hanoi."
    subjects = {s for s, t, _ in _triples(nlp, text) if t is PloverType.CONSULT}
    assert {"JPN", "KOR", "VNM"} <= subjects


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Egypt invited Qatar to the talks in Cairo.", ("EGY", PloverType.CONSULT, "QAT")),
        ("Kenya joined the African Union mission.", ("KEN", PloverType.COOPERATE, "african-union")),
        ("Canada complimented Ghana on its election.", ("CAN", PloverType.SUPPORT, "GHA")),
    ],
)
def test_frames_new_verbs(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert expected in _triples(nlp, text)


def _claims(nlp, text: str) -> set[tuple[str, PloverType, str]]:  # type: ignore[no-untyped-def]
    article = Article(doc_id=DocId("q" * 40), source="quote.txt", text=text, published=DAY)
    # the rule extractor: this file checks the rules' frames (candidates and features of the model)
    result = analyse_doc(nlp(text), article, extractor="rules")
    return {(c.subject.id, c.type, c.object.id) for c in result.claims}


def test_frames_quoted_we_is_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'Turkish President Erdogan said: "We support Qatar."'
    triples = _claims(nlp, text)
    assert any(t is PloverType.SUPPORT and o == "QAT" for _, t, o in triples)
    assert all(s != "QAT" for s, _, _ in triples)


def test_frames_unquoted_we_stays_unresolved(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'Turkish President Erdogan said: "The talks went well." We support Qatar.'
    assert not any(t is PloverType.SUPPORT for _, t, _ in _claims(nlp, text))


def test_frames_stance_targets_the_doer_of_the_cause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Germany said it was appalled by the shelling of the clinic by the Syrian army."
    triples = _triples(nlp, text)
    assert any(s == "DEU" and t is PloverType.ACCUSE and o == "SYR" for s, t, o in triples)


def test_frames_organisations_acting_on_each_other(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Church of Scientology sued YouTube over the video."
    assert ("church-of-scientology", PloverType.ACCUSE, "youtube") in _triples(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Iran, the main backer of Hezbollah, denied the report.",
        "Hezbollah and its backers, including Iran, rejected the plan.",
    ],
)
def test_frames_named_backer_supports(nlp, text) -> None:  # type: ignore[no-untyped-def]
    assert ("IRN", PloverType.SUPPORT, "hezbollah") in _triples(nlp, text)


def test_frames_unnamed_backers_give_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Hezbollah and its backers rejected the plan."
    assert not any(t is PloverType.SUPPORT for _, t, _ in _triples(nlp, text))


def test_frames_stance_adjective(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Japan is alarmed at North Korea's missile launches."
    assert ("JPN", PloverType.ACCUSE, "PRK") in _triples(nlp, text)


def test_frames_seize_from_targets_the_holder(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Israeli troops seized the border crossing from Hamas on Monday."
    triples = _triples(nlp, text)
    assert ("ISR", PloverType.COERCE, "hamas") in triples


def test_frames_counting_noun_is_transparent(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Israel launched a series of airstrikes on Gaza."
    assert any(s == "ISR" and t is PloverType.ASSAULT for s, t, _ in _triples(nlp, text))
    text = "Israel launched a series of reforms."
    assert _triples(nlp, text) == set()
