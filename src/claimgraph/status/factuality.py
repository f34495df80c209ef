"""Certainty, polarity, time and author distancing of one event, read off its syntactic context.

``assess`` walks from the event's trigger up its clause: through infinitives ("plans to sell"),
objects and prepositions ("no evidence of involvement"), coordinated verbs that share a subject
("will attack and destroy"), and into a noun only through a clause that modifies it ("a deal to
sell", "no evidence indicating"). It stops at a finite clause boundary, and at the cue of any
attribution that reports the event: what the source's verb does is the chain's business
(``derive_status``), except author distancing on it ("Though unconfirmed, reports allege").

On that path, markers from ``data/status/markers.tsv`` set the axes:

- certainty: the weakest marker wins (possible < probable < underspecified < certain); a
  question or an ``if`` clause makes it possible/underspecified;
- polarity: negative when an odd number of negators apply ("not", "never", "refused to",
  "no evidence that"); "did not deny" is positive;
- time: future on "will"/"plans to"/"a deal to", and on a possibility modal over a bare verb
  ("could shift"), not over a perfect ("could have shifted");
- distanced: "allegedly", "so-called", "unconfirmed", "alleged role".
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from claimgraph.records import Attribution, Factuality
from claimgraph.status.markers import Effect, MarkerTable, load_markers
from claimgraph.vocab import Certainty, Polarity, Tense

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

logger = logging.getLogger(__name__)

#: Dependencies along which the event inherits its governor's context.
_CLIMB = frozenset(
    {"xcomp", "dobj", "pobj", "prep", "pcomp", "acomp", "attr", "oprd", "dative", "agent", "amod"}
)
#: Links through which the governor's auxiliaries apply to the event itself: "is expected to
#: sell", "the deal should be completed".
_VERBAL_CLIMB = frozenset({"nsubjpass"})
#: Clausal modifiers of a noun: climb into the noun, but no further unless it is a marker.
_INTO_NOUN = frozenset({"acl", "relcl"})
_MODAL_DEPS = frozenset({"aux", "auxpass"})
_MODIFIER_DEPS = frozenset({"advmod", "amod", "advcl", "acomp", "npadvmod", "prep", "dep"})
_CONDITIONAL_MARKS = frozenset({"if", "unless"})
_MAX_PATH = 12

_CERTAINTY_RANK = {
    "possible": 0,
    "probable": 1,
    "underspecified": 2,
}
_CERTAINTY_OF = {
    "possible": Certainty.POSSIBLE,
    "probable": Certainty.PROBABLE,
    "underspecified": Certainty.UNDERSPECIFIED,
}


def assess(doc: Doc, trigger_i: int, *, attributions: Sequence[Attribution] = ()) -> Factuality:
    """The factuality axes of the event whose trigger is token ``trigger_i``."""
    markers = load_markers()
    trigger = doc[trigger_i]
    cue_tokens = _reporting_cues(doc, trigger, attributions)
    path, stopped_at = _clause_path(trigger, cue_tokens=cue_tokens, markers=markers)
    on_path = {t.i for t in path}
    found: list[tuple[Effect, Token]] = []
    for node in path:
        found.extend(
            _node_effects(node, on_path=on_path, is_trigger=node.i == trigger_i, markers=markers)
        )
    if stopped_at is not None:
        found.extend(
            (effect, child)
            for effect, child in _modifier_effects(stopped_at, on_path=on_path, markers=markers)
            if effect == "distanced"
        )
    top = path[-1]
    sent = trigger.sent
    if top.i == sent.root.i and sent.text.rstrip().endswith("?") and stopped_at is None:
        found.append(("underspecified", top))
    factuality = _combine(found, time_nodes=_time_path(path))
    if factuality.cues:
        logger.debug("status of %r: %s", trigger.text, factuality)
    return factuality


def _reporting_cues(doc: Doc, trigger: Token, attributions: Sequence[Attribution]) -> set[int]:
    start = trigger.idx
    cues: set[int] = set()
    for att in attributions:
        if att.content[0] <= start < att.content[1]:
            cues.update(t.i for t in doc.char_span(*att.cue, alignment_mode="expand") or ())
    return cues


def _clause_path(
    trigger: Token, *, cue_tokens: set[int], markers: MarkerTable
) -> tuple[list[Token], Token | None]:
    """The trigger and the governors it inherits context from; and the cue it stopped at."""
    path = [trigger]
    node = trigger
    while node.head.i != node.i and len(path) < _MAX_PATH:
        dep = node.dep_
        head = node.head
        lemma = head.lemma_.lower()
        if head.i in cue_tokens and not (dep == "xcomp" and lemma in markers.governor):
            # a control verb that is also a cue ("refused to", "is believed to") stays on the
            # path; any other reporting verb ends it
            return path, head
        if lemma in markers.evidence and head.pos_ == "NOUN":
            path.append(head)
            break
        is_marker = lemma in markers.governor
        if dep in _CLIMB or dep in _VERBAL_CLIMB or (dep == "conj" and not _has_subject(node)):
            path.append(head)
            node = head
            continue
        if dep in _INTO_NOUN and (dep == "acl" or _is_infinitive(node)):
            path.append(head)
            if not is_marker:
                break
            node = head
            continue
        if dep == "ccomp" and is_marker:
            path.append(head)
            node = head
            continue
        break
    return path, None


def _time_path(path: Sequence[Token]) -> set[int]:
    """Path nodes whose modals and governors set the event's time: the nodes reached without
    passing through a noun's slot ("plans to cut jobs": the cutting is ahead, the jobs are
    not an event of the future)."""
    out: set[int] = set()
    for node in path:
        out.add(node.i)
        if node.dep_ in _CLIMB and node.dep_ not in _VERBAL_CLIMB and node.dep_ != "xcomp":
            break
    return out


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)


def _is_infinitive(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _node_effects(
    node: Token, *, on_path: set[int], is_trigger: bool, markers: MarkerTable
) -> list[tuple[Effect, Token]]:
    found: list[tuple[Effect, Token]] = []
    for child in node.children:
        if child.i in on_path:
            continue
        if child.dep_ in _MODAL_DEPS:
            found.extend((e, child) for e in markers.lookup("modal", child.lower_, child.lemma_))
        elif child.dep_ == "neg" or (
            child.dep_ in ("det", "advmod", "preconj") and child.lower_ in markers.negator
        ):
            found.append(("negative", child))
        elif child.dep_ == "mark" and child.lower_ in _CONDITIONAL_MARKS:
            found.append(("possible", child))
    found.extend(_modifier_effects(node, on_path=on_path, markers=markers))
    lemma = node.lemma_.lower()
    if not is_trigger and not _is_active_belief(node, markers=markers):
        found.extend((e, node) for e in markers.governor.get(lemma, ()))
    if lemma in markers.evidence and not is_trigger:
        # "no evidence", "did not find evidence": one negation, however it is spelled
        found = [(e, t) for e, t in found if e != "negative"]
        if _negated(node, markers=markers):
            found.append(("negative", node))
    if node.head.dep_ == "prep" and node.head.lower_ == "without" and node.dep_ == "pobj":
        found.append(("negative", node.head))
    if (
        is_trigger
        and _is_infinitive(node)
        and node.tag_ in ("VB", "VBN")
        and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in node.children)
    ):
        found.append(("future", node))
    return found


def _is_active_belief(node: Token, *, markers: MarkerTable) -> bool:
    """ "X believes that" is an attribution (the chain hedges it); "is believed to" is not."""
    effects = markers.governor.get(node.lemma_.lower(), ())
    return "probable" in effects and any(c.dep_ == "nsubj" for c in node.children)


def _modifier_effects(
    node: Token, *, on_path: set[int], markers: MarkerTable
) -> list[tuple[Effect, Token]]:
    found: list[tuple[Effect, Token]] = []
    for child in node.children:
        if child.i in on_path or child.dep_ not in _MODIFIER_DEPS:
            continue
        found.extend((e, child) for e in markers.lookup("modifier", child.lower_, child.lemma_))
    return found


def _negated(noun: Token, *, markers: MarkerTable) -> bool:
    """ "no evidence", "did not find evidence", "without evidence", "lack of evidence"."""
    if any(c.lower_ in markers.negator and c.dep_ in ("det", "neg") for c in noun.children):
        return True
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "without":
        return True
    if noun.dep_ == "pobj" and head.head.lemma_.lower() in ("lack", "absence"):
        return True
    return noun.dep_ in ("dobj", "attr") and any(c.dep_ == "neg" for c in head.children)


def _combine(found: Sequence[tuple[Effect, Token]], *, time_nodes: set[int]) -> Factuality:
    certainty = Certainty.CERTAIN
    best_rank = len(_CERTAINTY_RANK)
    negatives = 0
    future = False
    distanced = False
    seen: set[tuple[str, int]] = set()
    cues: list[str] = []
    for listed, token in found:
        effect = listed
        if (effect, token.i) in seen:
            continue
        seen.add((effect, token.i))
        cues.append(token.text)
        sets_time = token.i in time_nodes or token.head.i in time_nodes
        if effect == "possible_future":
            effect = "possible"
            if sets_time and token.dep_ in _MODAL_DEPS and _bare_verb(token.head):
                future = True
        if effect in _CERTAINTY_RANK and _CERTAINTY_RANK[effect] < best_rank:
            best_rank = _CERTAINTY_RANK[effect]
            certainty = _CERTAINTY_OF[effect]
        if effect == "negative":
            negatives += 1
        if effect == "future" and sets_time:
            future = True
        if effect == "distanced":
            distanced = True
    return Factuality(
        certainty=certainty,
        polarity=Polarity.NEGATIVE if negatives % 2 else Polarity.POSITIVE,
        time=Tense.FUTURE if future else Tense.PAST_OR_PRESENT,
        distanced=distanced,
        cues=tuple(dict.fromkeys(cues)),
    )


def _bare_verb(verb: Token) -> bool:
    """A modal over a bare verb looks ahead ("could shift"); over a perfect or a progressive it
    does not ("could have shifted", "may be supplying")."""
    if verb.tag_ != "VB":
        return False
    return not any(
        c.dep_ in ("aux", "auxpass") and c.lemma_ in ("have", "be") for c in verb.children
    )
