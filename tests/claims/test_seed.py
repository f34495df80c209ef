"""The claims stage on the seed article (read in place)."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import pytest

from claimgraph.claims import build_events, find_predicates
from claimgraph.vocab import PloverType


def test_seed_predicates_found(nlp, seed_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(seed_path.read_text(encoding="utf-8"))
    found = {(p.lemma, p.type) for p in find_predicates(doc)}
    assert ("visit", PloverType.CONSULT) in found
    assert ("invasion", PloverType.ASSAULT) in found
    assert ("attack", PloverType.ASSAULT) in found
    assert ("supply", PloverType.AID) in found
    assert ("deliver", PloverType.AID) in found


def test_seed_events_with_actor_mentions(nlp, seed_path: Path) -> None:  # type: ignore[no-untyped-def]
    actors = importlib.import_module("claimgraph.actors")
    if not hasattr(actors, "load_resolver"):
        pytest.skip("claimgraph.actors.load_resolver is not available yet")
    published = dt.date(2023, 10, 30)
    doc = nlp(seed_path.read_text(encoding="utf-8"))
    mentions = actors.load_resolver().find_mentions(doc, published=published)
    events = build_events(doc, find_predicates(doc), mentions, published=published)
    triples = {
        (
            e.subject.actor.country or e.subject.actor.id,
            e.predicate.type,
            e.object.actor.country or e.object.actor.id,
        )
        for e in events
    }
    assert ("RUS", PloverType.AID, "IRN") in triples
    assert ("IRN", PloverType.AID, "RUS") in triples
    assert ("RUS", PloverType.CONSULT, "IRN") in triples
    assert ("RUS", PloverType.ASSAULT, "UKR") in triples
    assert any(
        e.predicate.type == PloverType.ASSAULT and e.subject.actor.id == "hamas" for e in events
    )


@pytest.mark.parametrize(
    ("subject", "type_", "obj", "trigger"),
    [
        ("IRN", PloverType.AID, "RUS", "supplying"),
        ("RUS", PloverType.AID, "IRN", "delivered"),
        ("RUS", PloverType.AID, "IRN", "sell"),
        ("IRN", PloverType.SUPPORT, "hamas", "sponsored"),
        ("IRN", PloverType.SUPPORT, "hamas", "ties"),
        ("hamas", PloverType.ASSAULT, "ISR", "attack"),
        ("RUS", PloverType.ASSAULT, "UKR", "invasion"),
        ("wagner-group", PloverType.AID, "hamas", "training"),
        ("RUS", PloverType.AID, "hamas", "contribution"),
        ("RUS", PloverType.SUPPORT, "hamas", "involvement"),
    ],
)
def test_seed_main_relations(nlp, seed_path: Path, subject, type_, obj, trigger) -> None:  # type: ignore[no-untyped-def]  # noqa: PLR0917
    from claimgraph.actors import load_resolver

    published = dt.date(2023, 10, 30)
    doc = nlp(seed_path.read_text(encoding="utf-8"))
    mentions = load_resolver().find_mentions(doc, published=published)
    events = build_events(doc, find_predicates(doc), mentions, published=published)
    found = {
        (e.subject.actor.id, e.predicate.type, e.object.actor.id, e.predicate.trigger)
        for e in events
    }
    assert (subject, type_, obj, trigger) in found
