"""From scored candidates to event candidates: threshold, one claim per actor pair, trigger.

``decide`` keeps the candidates whose ``p_claim`` reaches the model's threshold, best first,
dropping a candidate that reads the same two actors as one already kept in its sentence (the
same ids, or overlapping mentions: "Syrian" and "Syrian opposition forces"), orients each by
the direction model, and builds the ``Predicate`` the later stages expect: the trigger is the
rule event's trigger when a rule event over the pair has the chosen type, else the word on
the dependency path (or between the mentions) whose event-lexicon class is the chosen type,
else the pair's common ancestor; when that ancestor is a reporting cue and the type is not a
speech act, the predicate under the cue that governs a mention ("emphasized the importance of
*working* with our allies"), so that the claim sits in the cue's content and its chain names
the cue's source. Mode comes from the trigger's lexicon row and ``modes.tsv``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from claimgraph.claims.events import resolve_event_date
from claimgraph.claims.features import DocContext
from claimgraph.claims.model import ClaimScore
from claimgraph.claims.predicates import classify_trigger
from claimgraph.records import EventCandidate, Mention, Predicate
from claimgraph.vocab import PloverType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


#: Types whose event can be the act of speaking itself ("spoke about concerns that Russia
#: ..." is the accusation): their trigger may be a reporting cue.
SPEECH_TYPES = frozenset(
    {
        PloverType.ACCUSE,
        PloverType.REQUEST,
        PloverType.SUPPORT,
        PloverType.REJECT,
        PloverType.THREATEN,
        PloverType.CONSULT,
    }
)


def _mention_span(mention: Mention) -> tuple[int, int]:
    return (mention.start, mention.end)


def _trigger(ctx: DocContext, score: ClaimScore) -> Token:
    """The word that carries the chosen event type."""
    doc = ctx.doc
    cand = score.candidate
    for rule in cand.rules:
        if rule.event.predicate.type is score.type:
            return doc[rule.event.predicate.trigger_i]
    a, b = cand.first_head, cand.second_head
    up_a, up_b = ctx.ancestors(a), ctx.ancestors(b)
    common = next((t for t in up_a if t in set(up_b)), None)
    on_path: list[int] = []
    if common is not None:
        on_path = [t for t in up_a if t != a] + [t for t in up_b if t != b]
        on_path = [t for t in on_path if t not in (a, b)]
    lo, hi = sorted((a, b))
    between = [i for i in range(lo + 1, hi) if i not in on_path]
    for i in (*on_path, *between):
        if ctx.event_class(i) == score.type.value:
            return doc[i]
    if cand.rules:
        return doc[cand.rules[0].event.predicate.trigger_i]
    if common is not None and common not in (a, b):
        below = None if score.type in SPEECH_TYPES else _below_cue(ctx, common, (b, a))
        return doc[below if below is not None else common]
    verbs = [doc[i] for i in (*on_path, *between) if doc[i].pos_ in ("VERB", "NOUN")]
    return verbs[0] if verbs else doc[common if common is not None else a]


def _below_cue(ctx: DocContext, common: int, heads: Sequence[int]) -> int | None:
    """When the pair's common ancestor is a reporting cue ("emphasized the importance of
    working with our allies"), the predicate under it that governs one mention: the event
    is what is reported, not the act of reporting, so its trigger sits in the cue's content
    (and its attribution chain then holds the cue's source). The first verb on a mention's
    path up to the cue, else the first noun; ``None`` when the ancestor is no cue."""
    from claimgraph.attribution.lexicon import load_lexicon

    doc = ctx.doc
    lexicon = load_lexicon()
    lemma = doc[common].lemma_.lower()
    if lemma not in lexicon.verbs and lemma not in lexicon.cue_nouns:
        return None
    for head in heads:
        up = ctx.ancestors(head)
        if common not in up:
            continue
        path = up[1 : up.index(common)]
        for pos in ("VERB", "NOUN"):
            found = next((t for t in path if doc[t].pos_ == pos), None)
            if found is not None:
                return found
    return None


def _overlap(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def _same_claim(a: ClaimScore, b: ClaimScore) -> bool:
    """Two candidates of one sentence that read the same two actors (the same ids, or
    overlapping mentions such as "Syrian" and "Syrian opposition forces")."""
    x, y = a.candidate, b.candidate
    if x.sent_index != y.sent_index:
        return False
    if {x.first.actor.id, x.second.actor.id} == {y.first.actor.id, y.second.actor.id}:
        return True
    straight = _side_match(x.first, y.first) and _side_match(x.second, y.second)
    crossed = _side_match(x.first, y.second) and _side_match(x.second, y.first)
    return straight or crossed


def _side_match(a: Mention, b: Mention) -> bool:
    return a.actor.id == b.actor.id or _overlap(a, b)


def _mode(token: Token, type_: PloverType) -> str | None:
    context = [child.lemma_ for child in token.children]
    coded = classify_trigger(token.lemma_, context=context, nominal=token.pos_ == "NOUN")
    if coded is not None and coded[0] is type_:
        return coded[1]
    return None


def decide(
    ctx: DocContext,
    scores: Sequence[ClaimScore],
    *,
    threshold: float,
    published: dt.date | None = None,
) -> list[EventCandidate]:
    """The claims the model keeps, as event candidates in text order."""
    doc: Doc = ctx.doc
    kept: list[ClaimScore] = []
    for score in sorted(scores, key=lambda s: -s.p_claim):
        if score.p_claim < threshold:
            break
        if not any(_same_claim(score, other) for other in kept):
            kept.append(score)
    events: list[EventCandidate] = []
    dates: dict[int, dt.date | None] = {}
    for score in sorted(kept, key=lambda s: (s.candidate.first.start, s.candidate.second.start)):
        cand = score.candidate
        subject, obj = (cand.first, cand.second) if score.forward else (cand.second, cand.first)
        trigger = _trigger(ctx, score)
        sent = doc[cand.sent_start : cand.sent_end]
        predicate = Predicate(
            trigger_i=trigger.i,
            trigger_start=trigger.idx,
            trigger_end=trigger.idx + len(trigger.text),
            trigger=trigger.text,
            lemma=trigger.lemma_.lower(),
            type=score.type,
            mode=_mode(trigger, score.type),
            agent=_mention_span(subject),
            patient=_mention_span(obj),
            sent_start=sent.start_char,
            sent_end=sent.end_char,
            nominal=trigger.pos_ == "NOUN",
            passive=any(child.dep_ == "auxpass" for child in trigger.children),
        )
        if trigger.i not in dates:
            dates[trigger.i] = resolve_event_date(doc, sent, published, trigger_i=trigger.i)
        events.append(
            EventCandidate(
                predicate=predicate,
                subject=subject,
                object=obj,
                event_date=dates[trigger.i],
                score=score.confidence,
            )
        )
    return events
