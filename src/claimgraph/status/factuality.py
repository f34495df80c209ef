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
  "no evidence that"); "did not deny" is positive. A negator counts only where it governs the
  event's own verbal chain (the trigger, the verbs it complements, "no plan to"): "did not
  comment on the attack" leaves the attack positive, "not only" is no negation, and a
  contrastive conjunct ("did not say X but wanted Y") does not inherit it. Verbs that undo
  their object ("cancelled the visit", "the deal was scrapped") negate a nominal event;
- time: future on "will"/"plans to"/"a deal to"/"is to", on a possibility modal over a bare
  verb ("could shift"), not over a perfect ("could have shifted"); on a purpose infinitive
  ("to protect", "in order to"), a headline infinitive ("Airline to buy jets"), a time
  adverbial ahead ("next month", "tomorrow", "later this week"), a noun marked ahead ("the
  planned offensive", "talks scheduled for Friday"), and a temporal or conditional clause of
  a future clause ("will resign when the inquiry ends");
- distanced: "allegedly", "so-called", "unconfirmed", "alleged role".
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from itertools import pairwise
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
#: A negative modifier ("cancelled", "unlikely") negates only as an attribute of the event,
#: not as the head of an adverbial clause ("after the plan failed, ...").
_NEGATIVE_MODIFIER_DEPS = frozenset({"amod", "advmod", "acomp"})
#: Links along which the event's own verbal chain continues: a negator on any node of the
#: chain negates the event ("refused to sign", "did not attack and destroy").
_CHAIN_DEPS = frozenset({"xcomp", "conj", "ccomp", "acl", "relcl"})
#: A copula's negator negates its predicate ("is not efficient", "will not be a threat").
_COPULA_DEPS = frozenset({"acomp", "attr"})
_COPULAS = frozenset({"be", "become", "remain"})
#: Coordinators that contrast the conjuncts: the second does not inherit the first's negation.
_CONTRASTIVE_CC = frozenset({"but", "yet", "instead", "rather", "whereas"})
#: Links through which a verb's object-undoing sense reaches a nominal event.
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass"})
#: Subordinators of a clause whose time follows its governing clause ("will resign when ...").
_TEMPORAL_MARKS = frozenset({"when", "before", "after", "until", "once", "if", "unless", "as"})
#: Dependencies of a time adverbial on its verb.
_TIMEX_DEPS = frozenset({"npadvmod", "advmod", "prep", "tmod", "obl"})
#: Future auxiliaries that put their own clause ahead (for the clause a temporal clause hangs on).
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_MAX_PATH = 12
#: Verb endings tried (longest first) when the lemmatizer's lemma is not in the table.
_INFLECTIONS = (
    ("ied", "y"),
    ("ies", "y"),
    ("ing", "e"),
    ("ing", ""),
    ("ed", "e"),
    ("ed", ""),
    ("es", ""),
    ("s", ""),
)
#: Modifiers that make "the X to do" a ranking of realised facts ("the first airline to fly").
_RANKING_WORDS = frozenset({"first", "last", "only", "next", "second", "third"})
#: Argument slots through which a verb's time reaches a nominal event (one hop at most).
_TIME_HOP_DEPS = frozenset({"dobj", "attr", "acomp", "oprd", "dative", "nsubjpass", "pcomp"})
#: Longest time adverbial read for a future marker ("in the coming two weeks"): longer
#: subtrees are clauses, not adverbials.
_MAX_TIMEX = 6

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
    chain = _verbal_chain(path, markers=markers)
    found: list[tuple[Effect, Token]] = []
    for node in path:
        effects = _node_effects(
            node, on_path=on_path, is_trigger=node.i == trigger_i, markers=markers
        )
        if node.i not in chain:
            effects = [
                (e, t)
                for e, t in effects
                if e != "negative" or _evidence_negation(t, markers=markers)
            ]
        found.extend(effects)
    found.extend(_object_negation(path, chain=chain, markers=markers))
    found.extend(_future_context(path, trigger=trigger, markers=markers))
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
        lemma = _lemma(head, markers=markers)
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
    """Path nodes whose modals and governors set the event's time: the nodes reached through
    verbal links and at most one argument slot of a verb ("will provide military training":
    the training is ahead), not through adjuncts or a second noun ("will pay the average of
    the estimates": the estimates are not ahead)."""
    out: set[int] = set()
    hopped = False
    for node in path:
        out.add(node.i)
        if node.dep_ in _CLIMB and node.dep_ not in _VERBAL_CLIMB and node.dep_ != "xcomp":
            if node.dep_ not in _TIME_HOP_DEPS or hopped:
                break
            hopped = True
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
        elif (
            child.dep_ == "neg"
            or (child.dep_ in ("det", "advmod", "preconj") and child.lower_ in markers.negator)
        ) and not _not_only(child):
            found.append(("negative", child))
        elif (
            child.dep_ == "advmod"
            and child.lower_ == "longer"
            and any(c.lower_ == "no" for c in child.children)
        ):
            # "no longer supplies": the event has stopped
            found.append(("negative", child))
        elif child.dep_ == "mark" and child.lower_ in _CONDITIONAL_MARKS:
            found.append(("possible", child))
    found.extend(_modifier_effects(node, on_path=on_path, markers=markers))
    lemma = _lemma(node, markers=markers)
    as_preposition = any(c.i in on_path and c.dep_ in ("pobj", "pcomp") for c in node.children)
    if not is_trigger and not as_preposition and not _is_active_belief(node, markers=markers):
        found.extend((e, node) for e in markers.governor.get(lemma, ()))
    if lemma in markers.evidence and not is_trigger:
        # "no evidence", "did not find evidence": one negation, however it is spelled
        found = [(e, t) for e, t in found if e != "negative"]
        if _negated(node, markers=markers):
            found.append(("negative", node))
    if node.head.lower_ == "without" and node.dep_ in ("pobj", "pcomp"):
        found.append(("negative", node.head))
    return found


def _lemma(token: Token, *, markers: MarkerTable) -> str:
    """The token's lemma, or the listed verb its inflected form comes from where the
    lemmatizer strays ("hoped" -> "hop" is read as "hope")."""
    lemma = token.lemma_.lower()
    if token.pos_ not in ("VERB", "AUX") or markers.knows(lemma):
        return lemma
    text = token.lower_
    for suffix, replacement in _INFLECTIONS:
        if text.endswith(suffix):
            candidate = text[: len(text) - len(suffix)] + replacement
            if markers.knows(candidate):
                return candidate
    return lemma


def _not_only(negator: Token) -> bool:
    """ "not only ... but also" adds, it does not negate."""
    doc = negator.doc
    return negator.i + 1 < len(doc) and doc[negator.i + 1].lower_ in ("only", "just", "merely")


def _verbal_chain(path: Sequence[Token], *, markers: MarkerTable) -> set[int]:
    """The path nodes whose negators negate the event: the trigger and the verbs (or marker
    nouns) it complements, up to the first nominal slot or contrastive conjunction."""
    chain = {path[0].i}
    for node, head in pairwise(path):
        dep = node.dep_
        if dep not in _CHAIN_DEPS and not (dep in _COPULA_DEPS and head.lemma_ in _COPULAS):
            break
        if dep == "conj" and any(
            c.dep_ == "cc" and c.lower_ in _CONTRASTIVE_CC and head.i < c.i < node.i
            for c in head.children
        ):
            break
        chain.add(head.i)
        if dep in _INTO_NOUN and _lemma(head, markers=markers) not in markers.governor:
            break
    return chain


def _takes_part(prep: Token) -> bool:
    """ "take part in the attack", "took no part in": the preposition of "part"."""
    if prep.lower_ != "in":
        return False
    head = prep.head
    if head.lower_ == "part":
        return head.dep_ == "dobj"
    return any(c.lower_ == "part" and c.dep_ == "dobj" for c in head.children)


def _evidence_negation(token: Token, *, markers: MarkerTable) -> bool:
    return token.lemma_.lower() in markers.evidence


def _object_negation(
    path: Sequence[Token], *, chain: set[int], markers: MarkerTable
) -> list[tuple[Effect, Token]]:
    """ "cancelled the visit", "the deal was scrapped": the first verb past the chain undoes
    the event it takes as object (unless that verb is itself negated)."""
    for node, head in pairwise(path):
        if head.i in chain:
            continue
        verb = head
        if node.dep_ == "pobj" and _takes_part(head):
            verb = head.head if head.head.lower_ != "part" else head.head.head
        elif node.dep_ not in _OBJECT_DEPS:
            break
        negated = any(c.dep_ == "neg" and not _not_only(c) for c in verb.children)
        lemma = _lemma(verb, markers=markers)
        if lemma in markers.object_negator and not negated:
            return [("negative", verb)]
        if lemma in markers.support_verb and negated:
            # "did not launch the offensive": the support verb carries the event's negation
            return [("negative", verb)]
        break
    return []


def _future_context(
    path: Sequence[Token], *, trigger: Token, markers: MarkerTable
) -> list[tuple[Effect, Token]]:
    """Future time read off constructions rather than single marker words."""
    found: list[tuple[Effect, Token]] = []
    if _is_infinitive(trigger) and trigger.tag_ in ("VB", "VBN") and not _has_perfect(trigger):
        head = trigger.head
        purpose = trigger.dep_ == "advcl" or (
            trigger.dep_ == "acl" and head.lower_ == "order" and head.head.lower_ in ("in", "so")
        )
        is_to = trigger.dep_ == "xcomp" and head.lemma_ == "be"
        # "an effort to evade", "the option to buy"; not "the first airline to fly"
        noun_modifier = (
            trigger.dep_ in _INTO_NOUN and head.pos_ in ("NOUN", "PROPN") and not _is_ranked(head)
        )
        if purpose or is_to or noun_modifier or _is_headline_infinitive(trigger):
            found.append(("future", trigger))
    for child in trigger.children:
        # "talks scheduled for Friday", "the visit planned for May"
        if (
            child.dep_ == "acl"
            and child.tag_ == "VBN"
            and "future" in markers.governor.get(_lemma(child, markers=markers), ())
        ):
            found.append(("future", child))
    time_nodes = _time_path(path)
    for node, head in pairwise(path):
        # an infinitive complement is unrealised unless its verb implies it took place
        if node.i not in time_nodes or head.i not in time_nodes:
            break
        if (
            trigger.tag_ != "VBD"
            and node.dep_ == "xcomp"
            and _is_infinitive(node)
            and not _has_perfect(node)
            and head.pos_ in ("VERB", "AUX")
            and head.lemma_ != "be"
            and _lemma(head, markers=markers) not in markers.implicative
        ):
            found.append(("future", node))
            break
    for node in path:
        if node.i in time_nodes:
            found.extend(_time_adverbials(node, markers=markers))
    top = path[-1]
    for node in (trigger, top):
        if (
            node.dep_ == "advcl"
            and node.tag_ != "VBD"
            and any(
                c.dep_ in ("mark", "advmod") and c.lower_ in _TEMPORAL_MARKS for c in node.children
            )
            and _clause_is_future(node.head)
        ):
            found.append(("future", node))
    return found


def _is_ranked(noun: Token) -> bool:
    """ "the first/last/only/largest X to ...": the infinitive describes a realised fact."""
    return any(
        c.lower_ in _RANKING_WORDS or c.tag_ in ("JJS", "RBS") or c.ent_type_ == "ORDINAL"
        for c in noun.children
    )


def _is_past(verb: Token) -> bool:
    """A simple past, a perfect, or a past auxiliary ("was held", "did meet")."""
    if verb.tag_ == "VBD" or _has_perfect(verb):
        return True
    return any(c.dep_ in _MODAL_DEPS and c.tag_ == "VBD" for c in verb.children)


def _has_perfect(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _is_headline_infinitive(verb: Token) -> bool:
    """ "Airline to buy twenty jets": a headline with no finite verb announces what is ahead."""
    sent = verb.sent
    if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in sent):
        return False
    return verb.dep_ == "ROOT" or (verb.dep_ in ("relcl", "acl") and verb.head.dep_ == "ROOT")


def _time_adverbials(node: Token, *, markers: MarkerTable) -> list[tuple[Effect, Token]]:
    """ "next month", "tomorrow", "in the coming weeks", "later this week" on a non-past verb."""
    if _is_past(node):
        return []
    found: list[tuple[Effect, Token]] = []
    for child in node.children:
        if child.dep_ not in _TIMEX_DEPS:
            continue
        words = list(child.subtree)
        if len(words) > _MAX_TIMEX:
            continue
        for word in words:
            after = word.nbor(1).lower_ if word.i + 1 < len(word.doc) else ""
            if (word.lower_ in markers.timex and after != "to") or (
                word.lower_ == "later" and after in ("this", "today", "tonight")
            ):
                found.append(("future", node))
                break
    return found


def _clause_is_future(verb: Token) -> bool:
    """A clause put ahead by its own auxiliary ("will resign") or by "is to"/"going to"."""
    if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in verb.children):
        return True
    return (
        verb.dep_ == "xcomp"
        and _is_infinitive(verb)
        and verb.head.lemma_ in ("be", "go")
        and verb.head.tag_ != "VBD"
    )


def _is_active_belief(node: Token, *, markers: MarkerTable) -> bool:
    """ "X believes that" is an attribution (the chain hedges it); "is believed to" is not."""
    effects = markers.governor.get(_lemma(node, markers=markers), ())
    return "probable" in effects and any(c.dep_ == "nsubj" for c in node.children)


def _modifier_effects(
    node: Token, *, on_path: set[int], markers: MarkerTable
) -> list[tuple[Effect, Token]]:
    found: list[tuple[Effect, Token]] = []
    for child in node.children:
        if child.i in on_path or child.dep_ not in _MODIFIER_DEPS:
            continue
        last = child.lower_.rsplit("-", 1)[-1]
        effects = markers.lookup("modifier", child.lower_, child.lemma_, last)
        found.extend(
            (e, child) for e in effects if e != "negative" or child.dep_ in _NEGATIVE_MODIFIER_DEPS
        )
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
    helpers = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VBN":
        # "would be replaced": a passive over a bare "be" looks ahead like its active
        return any(c.dep_ == "auxpass" and c.tag_ == "VB" for c in helpers) and not any(
            c.lemma_ == "have" for c in helpers
        )
    if verb.tag_ != "VB":
        return False
    return not any(c.lemma_ in ("have", "be") for c in helpers)
