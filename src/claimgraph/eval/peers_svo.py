"""The textacy SVO peer: ``textacy.extract.subject_verb_object_triples`` on the same docs.

For span tasks (cameo) the peer's source is the subject and its target the object of the
first triple in the sentence. For relation tasks (re3d) every triple is a relation whose
label comes from the verb lemma through our own verb table (``classify_trigger``), the only
place the peer borrows from claimgraph; triples whose verb is not in the table are dropped.
textacy is an optional dependency (``pip install textacy``): when it is missing the peer is
reported as unavailable and skipped.
"""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimgraph.claims.predicates import classify_trigger
from claimgraph.vocab import PloverType

if TYPE_CHECKING:
    from spacy.tokens import Doc

logger = logging.getLogger(__name__)

PEER_NAME = "textacy_svo"


@dataclass(frozen=True, slots=True)
class SvoTriple:
    """One triple as character spans, with the verb's lemma and (if coded) PLOVER type."""

    subject: tuple[int, int]
    verb: tuple[int, int]
    object: tuple[int, int]
    lemma: str
    type: PloverType | None
    mode: str | None


def peer_available() -> bool:
    """Whether textacy can be imported."""
    return importlib.util.find_spec("textacy") is not None


def svo_triples(doc: Doc) -> list[SvoTriple]:
    """textacy's SVO triples of ``doc`` as character spans (document order)."""
    from textacy.extract.triples import subject_verb_object_triples

    out: list[SvoTriple] = []
    for triple in subject_verb_object_triples(doc):
        if not triple.subject or not triple.verb or not triple.object:
            continue
        parts = []
        for tokens in (triple.subject, triple.verb, triple.object):
            first = min(tokens, key=lambda t: t.i)
            last = max(tokens, key=lambda t: t.i)
            parts.append((first.idx, last.idx + len(last.text)))
        main_verb = triple.verb[-1]
        lemma = main_verb.lemma_.lower()
        context = [t.lemma_.lower() for t in triple.object]
        typed = classify_trigger(lemma, context=context)
        out.append(
            SvoTriple(
                subject=parts[0],
                verb=parts[1],
                object=parts[2],
                lemma=lemma,
                type=typed[0] if typed else None,
                mode=typed[1] if typed else None,
            )
        )
    return out
