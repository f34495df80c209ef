"""Behaviour of the claims stage on hand-written sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from claimgraph.claims import build_events, classify_trigger, find_predicates, resolve_event_date
from claimgraph.records import Actor, ActorId, Mention
from claimgraph.vocab import ActorKind, PloverType


def _args(doc, predicate):  # type: ignore[no-untyped-def]
    agent = doc.text[slice(*predicate.agent)] if predicate.agent else None
    patient = doc.text[slice(*predicate.patient)] if predicate.patient else None
    return agent, patient


def _find(doc, trigger):  # type: ignore[no-untyped-def]
    return [p for p in find_predicates(doc) if p.trigger == trigger]


def test_predicates_passive_agent_and_patient(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Hezbollah fighters were trained by Wagner instructors in Syria.")
    (pred,) = _find(doc, "trained")
    assert pred.passive
    assert pred.type == PloverType.AID
    assert _args(doc, pred) == ("Wagner instructors", "Hezbollah fighters")


def test_predicates_nominalization_possessive(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Analysts in Warsaw discussed Russia's invasion of Ukraine at length.")
    (pred,) = _find(doc, "invasion")
    assert pred.nominal and pred.type == PloverType.ASSAULT
    assert _args(doc, pred) == ("Russia's", "Ukraine")


def test_predicates_nominalization_compound_agent(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The Hamas attack on Israel stunned diplomats across Europe.")
    (pred,) = _find(doc, "attack")
    assert _args(doc, pred) == ("Hamas", "Israel")


def test_predicates_coordination_gives_pairs(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Egypt and Jordan condemned Syria and Iraq on Tuesday.")
    pairs = {_args(doc, p) for p in _find(doc, "condemned")}
    assert pairs == {("Egypt", "Syria"), ("Egypt", "Iraq"), ("Jordan", "Syria"), ("Jordan", "Iraq")}


def test_predicates_ditransitive_delivery_recipient(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Belgrade has delivered armored vehicles to Hungary's army.")
    (pred,) = _find(doc, "delivered")
    assert pred.type == PloverType.AID and pred.mode == "military"
    assert _args(doc, pred) == ("Belgrade", "Hungary's army")


def test_predicates_deal_to_sell(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Washington is considering a deal to sell Taiwan F-16 fighter jets.")
    (pred,) = _find(doc, "sell")
    assert pred.type == PloverType.AID and pred.mode == "military"
    agent, patient = _args(doc, pred)
    assert agent == "Washington"
    assert patient is not None and patient.startswith("Taiwan")


def test_predicates_light_verb_takes_noun_type(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Canada imposed sanctions on Belarus after the vote.")
    (pred,) = _find(doc, "sanctions")
    assert pred.type == PloverType.SANCTION
    assert _args(doc, pred) == ("Canada", "Belarus")


def test_predicates_support_diplomatically(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Beijing has stepped up its support for Pyongyang diplomatically.")
    (pred,) = _find(doc, "support")
    assert pred.type == PloverType.SUPPORT
    assert _args(doc, pred) == ("Beijing", "Pyongyang")


def test_predicates_relative_clause_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Iran, which has been supplying drones to Russia, denied the report.")
    (pred,) = _find(doc, "supplying")
    assert pred.type == PloverType.AID and pred.mode == "military"
    assert _args(doc, pred) == ("Iran", "Russia")


@pytest.mark.parametrize(
    "text",
    ["The foreign ministry said the talks would resume.", "Reuters reported the figures."],
)
def test_predicates_reporting_verbs_are_not_events(nlp, text) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    assert not [p for p in find_predicates(doc) if p.lemma in ("say", "report")]


def test_predicates_accuse_between_actors(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Armenia accused Azerbaijan of shelling border villages.")
    (pred,) = _find(doc, "accused")
    assert pred.type == PloverType.ACCUSE
    assert _args(doc, pred) == ("Armenia", "Azerbaijan")


def test_classify_trigger_context_changes_type() -> None:
    assert classify_trigger("supply", context=["drone"]) == (PloverType.AID, "military")
    assert classify_trigger("support", context=["diplomatically"])[0] == PloverType.SUPPORT  # type: ignore[index]
    assert classify_trigger("support", context=["weapon"]) == (PloverType.AID, "military")
    assert classify_trigger("say") is None


def _mention(doc, text: str, actor_id: str, kind: ActorKind = ActorKind.STATE) -> Mention:  # type: ignore[no-untyped-def]
    start = doc.text.index(text)
    actor = Actor(id=ActorId(actor_id), name=text, kind=kind, country=actor_id.upper()[:3])
    return Mention(start=start, end=start + len(text), text=text, actor=actor)


def test_events_distinct_actors_and_date(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Sergei Lavrov visited Tehran on Oct. 23 to meet officials.")
    mentions = [
        _mention(doc, "Sergei Lavrov", "sergei-lavrov", ActorKind.PERSON),
        _mention(doc, "Tehran", "IRN"),
    ]
    events = build_events(doc, find_predicates(doc), mentions, published=dt.date(2023, 10, 30))
    (event,) = [e for e in events if e.predicate.trigger == "visited"]
    assert event.predicate.type == PloverType.CONSULT
    assert event.subject.actor.id == "sergei-lavrov" and event.object.actor.id == "IRN"
    assert event.event_date == dt.date(2023, 10, 23)


def test_events_self_relation_dropped(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Moscow criticized the Kremlin's own envoys.")
    mentions = [_mention(doc, "Moscow", "RUS"), _mention(doc, "Kremlin", "RUS")]
    assert build_events(doc, find_predicates(doc), mentions) == []


def test_events_actorless_predicate_dropped(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Rebels attacked the convoy near the border.")
    assert build_events(doc, find_predicates(doc), []) == []


def test_resolve_event_date_relative_and_absent(nlp) -> None:  # type: ignore[no-untyped-def]
    published = dt.date(2023, 10, 30)
    doc = nlp("Troops shelled the town yesterday.")
    assert resolve_event_date(doc, next(doc.sents), published) == dt.date(2023, 10, 29)
    doc = nlp("Troops shelled the town.")
    assert resolve_event_date(doc, next(doc.sents), published) is None
    assert resolve_event_date(doc, next(doc.sents), None) is None


def test_predicates_phrasal_verb_changes_type(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The Kenyan president called on Ethiopia to reopen the border crossing.")
    (pred,) = _find(doc, "called")
    assert pred.type == PloverType.REQUEST and pred.lemma == "call on"
    assert _args(doc, pred) == ("The Kenyan president", "Ethiopia")


def test_predicates_recipient_inside_object_phrase(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Norway has provided over $4 million in emergency funding to Sudan this year.")
    (pred,) = _find(doc, "provided")
    assert _args(doc, pred) == ("Norway", "Sudan")


def test_predicates_date_is_not_a_patient(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Chile called on Monday for Peru to withdraw its envoy.")
    (pred,) = _find(doc, "called")
    assert _args(doc, pred)[1] != "Monday"


def test_predicates_controlling_verb_inherits_patient(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Ankara refused to lift the embargo on Armenian cargo ships.")
    (pred,) = _find(doc, "refused")
    assert pred.type == PloverType.REJECT
    assert _args(doc, pred)[0] == "Ankara" and _args(doc, pred)[1] is not None


def test_predicates_coordinated_agents_are_reciprocal(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Serbia and Kosovo agreed in Brussels last week.")
    pairs = {_args(doc, p) for p in _find(doc, "agreed")}
    assert pairs == {("Serbia", "Kosovo"), ("Kosovo", "Serbia")}


def test_predicates_purpose_clause_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Poland is working with its allies to defeat the militia in the north.")
    (pred,) = _find(doc, "defeat")
    assert pred.type == PloverType.ASSAULT
    assert _args(doc, pred) == ("Poland", "the militia")


def test_predicates_reported_pronoun_takes_reporter(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Hungary says it will not accept migrants from Libya.")
    (pred,) = _find(doc, "accept")
    assert _args(doc, pred)[0] == "Hungary"


@pytest.mark.parametrize(
    ("sentence", "trigger", "penta"),
    [
        ("Canada urged Venezuela to free the detained journalists.", "urged", 0),
        ("Japan expelled two Chinese diplomats on Tuesday.", "expelled", 3),
        ("Egypt eased restrictions on Gaza crossings.", "eased", 2),
    ],
)
def test_selection_penta_class_from_cameo_root(nlp, sentence, trigger, penta) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.claims.selection import penta_class

    (pred,) = _find(nlp(sentence), trigger)[:1]
    assert penta_class(pred) == penta


def _events(nlp, text: str):  # type: ignore[no-untyped-def]
    from claimgraph.actors import load_resolver

    doc = nlp(text)
    mentions = load_resolver().find_mentions(doc, published=dt.date(2024, 3, 1))
    return build_events(doc, find_predicates(doc), mentions, published=dt.date(2024, 3, 1))


def _triples(nlp, text: str) -> set[tuple[str, PloverType, str]]:  # type: ignore[no-untyped-def]
    return {(e.subject.actor.id, e.predicate.type, e.object.actor.id) for e in _events(nlp, text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Diplomats in Cairo met envoys of the Iranian-sponsored militia Hezbollah.",
            ("IRN", PloverType.SUPPORT, "hezbollah"),
        ),
        (
            "The Turkish-backed Syrian National Army shelled the town overnight.",
            ("TUR", PloverType.SUPPORT, "free-syrian-army"),
        ),
    ],
)
def test_predicates_compound_participle_agent(nlp, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert expected in _triples(nlp, text)


def test_predicates_compound_participle_needs_hyphen(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The sponsored group Hamas held a rally in Gaza.")
    assert all(p.agent is None for p in _find(doc, "sponsored"))


def test_predicates_instrumental_in_gerund(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Officials said the Wagner Group was instrumental in training Hamas fighters.")
    (pred,) = _find(doc, "training")
    assert pred.type == PloverType.AID
    assert _args(doc, pred) == ("the Wagner Group", "Hamas fighters")


def test_predicates_apposition_names_the_common_noun(nlp) -> None:  # type: ignore[no-untyped-def]
    triples = _triples(
        nlp,
        "The Kremlin's private army, the Wagner Group, trained Hamas fighters in Syria.",
    )
    assert ("wagner-group", PloverType.AID, "hamas") in triples


def test_predicates_participate_in_event_noun(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(
        "Russian instructors were sent to Gaza and participated in the training of Hamas fighters."
    )
    (pred,) = _find(doc, "training")
    assert _args(doc, pred) == ("Russian instructors", "Hamas fighters")


def test_predicates_in_support_of_takes_clause_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("In support of the Kurdish Peshmerga, French jets bombed positions near Sinjar.")
    (pred,) = _find(doc, "support")
    assert _args(doc, pred) == ("French jets", "the Kurdish Peshmerga")


def test_predicates_with_the_support_of_is_the_helper(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("With the support of Turkey, the rebels retook the airport.")
    (pred,) = _find(doc, "support")
    assert _args(doc, pred) == ("Turkey", "the rebels")


def test_predicates_involvement_in_operation(nlp) -> None:  # type: ignore[no-untyped-def]
    triples = _triples(nlp, "Kyiv denied any Ukrainian involvement in the Hezbollah operation.")
    assert ("UKR", PloverType.SUPPORT, "hezbollah") in triples


def test_events_two_triggers_same_relation_kept(nlp) -> None:  # type: ignore[no-untyped-def]
    events = _events(
        nlp, "Beijing shipped drones to Serbia and is weighing a deal to sell Serbia missiles."
    )
    triggers = {e.predicate.trigger for e in events if e.subject.actor.id == "CHN"}
    assert {"shipped", "sell"} <= triggers


def test_events_described_actor_for_people_nouns(nlp) -> None:  # type: ignore[no-untyped-def]
    events = _events(nlp, "Hackers attacked the website of the Kenyan parliament on Monday.")
    subjects = {(e.subject.actor.kind, e.subject.actor.id) for e in events}
    assert (ActorKind.OTHER, "hackers") in subjects


@pytest.mark.parametrize(
    "text",
    [
        "Heavy rains damaged bridges across Kenya in April.",
        "Kenyan police raided the town on Monday.",  # a singular place noun is no actor
    ],
)
def test_events_no_described_actor_for_things(nlp, text) -> None:  # type: ignore[no-untyped-def]
    events = _events(nlp, text)
    assert all(e.object.actor.kind != ActorKind.OTHER for e in events)
