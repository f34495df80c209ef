"""The spaCy pipeline as claimgraph loads it."""

from __future__ import annotations

from claimgraph.nlp.model import PARAGRAPH_COMPONENT, load_nlp


def test_model_loads_once_with_the_paragraph_component() -> None:
    nlp = load_nlp()
    assert load_nlp() is nlp
    names = nlp.pipe_names
    assert names.index(PARAGRAPH_COMPONENT) < names.index("parser")


def test_model_paragraph_break_is_a_sentence_boundary(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Regional Security\n\nRussia attacked Ukraine on Monday. Kyiv said so.")
    sents = [sent.text.strip() for sent in doc.sents]
    assert sents[0] == "Regional Security"
    assert sents[1] == "Russia attacked Ukraine on Monday."


def test_model_actor_mentions_never_start_on_whitespace(nlp) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.actors import load_resolver

    doc = nlp("March 4, 2025\n\nIran attacked Ukraine.\n\n Israel replied.")
    mentions = load_resolver().find_mentions(doc)
    assert mentions
    assert all(m.text == m.text.strip() for m in mentions)
