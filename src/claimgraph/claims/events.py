"""From predicates to event candidates: actor arguments and the event date."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from claimgraph.claims.tables import load_collective_nouns
from claimgraph.nlp.model import doc_text
from claimgraph.records import Actor, ActorId, EventCandidate, Mention, Predicate
from claimgraph.vocab import ActorKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

logger = logging.getLogger(__name__)

#: Dependency-path cost of reaching a mention through a possessor: "Putin's company, the
#: Wagner Group" should resolve to the apposition, not the possessor.
POSS_EDGE_COST = 2
#: Tree distance beyond which a mention inside an argument phrase is not its referent.
MAX_ARG_DISTANCE = 6
#: Date expressions too vague to be an event date.
VAGUE_DATE = re.compile(
    r"^(the )?(day|days|week|weeks|month|months|year|years|decade|time|times|now|today's|"
    r"recent|recently|past|future)\b|\b(few|several|many|some)\b|^\d{4}s?$|^the \d{4}s$",
    re.IGNORECASE,
)


def _token_distance(a: Token, b: Token) -> int:
    """Cost of the dependency path between two tokens (``poss`` edges cost more)."""
    cost_up: dict[int, int] = {}
    cost = 0
    node = a
    for _ in range(64):
        cost_up[node.i] = cost
        if node.head.i == node.i:
            break
        cost += POSS_EDGE_COST if node.dep_ == "poss" else 1
        node = node.head
    cost = 0
    node = b
    for _ in range(64):
        if node.i in cost_up:
            return cost + cost_up[node.i]
        if node.head.i == node.i:
            break
        cost += POSS_EDGE_COST if node.dep_ == "poss" else 1
        node = node.head
    return 1000


def _span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def select_mention(doc: Doc, arg: tuple[int, int], mentions: Sequence[Mention]) -> Mention | None:
    """The actor mention an argument phrase refers to.

    A mention covering the phrase's syntactic head wins; else the mention nearest the head in
    the dependency tree (within ``MAX_ARG_DISTANCE``); else ``None``.
    """
    start, end = arg
    inside = [m for m in mentions if m.start >= start and m.end <= end]
    if not inside:
        # A mention overlapping the phrase (e.g. the phrase is part of a longer name).
        inside = [m for m in mentions if m.start < end and m.end > start]
    if not inside:
        return None
    span = _span(doc, start, end)
    if span is None:
        return inside[0]
    root = span.root
    best: tuple[int, int, Mention] | None = None
    for mention in inside:
        if mention.start <= root.idx < mention.end:
            return mention
        mention_span = _span(doc, mention.start, mention.end)
        if mention_span is None:
            continue
        distance = _token_distance(root, mention_span.root)
        if distance <= MAX_ARG_DISTANCE and (best is None or (distance, mention.start) < best[:2]):
            best = (distance, mention.start, mention)
    return best[2] if best is not None else None


#: Determiners and quantifiers dropped from the name of a described actor ("the hackers").
_DESCRIPTION_SKIP = frozenset({"DET", "NUM", "PUNCT"})


def _sector_nouns() -> dict[str, str]:
    from claimgraph.actors.tables import load_tables

    return load_tables().sector_nouns


def describe_actor(doc: Doc, arg: tuple[int, int]) -> Mention | None:
    """An ad-hoc actor for an argument that names a kind of people rather than a listed
    actor ("hackers", "critics", "the victims", "local airlines", "the international
    community"): its head noun must be a plural agent noun of the sector table
    (``sector_nouns.tsv``), or a singular one of ``collective_nouns.tsv`` with its
    determiner. The actor id is the slug of the phrase without determiners, kind
    ``other``; ``None`` when the head is no agent noun."""
    span = _span(doc, arg[0], arg[1])
    if span is None:
        return None
    root = span.root
    if root.pos_ != "NOUN" or root.tag_ not in ("NNS", "NN"):
        return None  # an agent noun: "the town", "a house" are places and things
    if root.tag_ == "NN":
        # a singular must name acting people and carry its determiner: "the secretary"
        sector = load_collective_nouns().get(root.lemma_.lower())
        if not any(t.dep_ == "det" for t in root.children):
            return None
    else:
        sector = _sector_nouns().get(root.lemma_.lower())
    if sector is None:
        return None
    words = [t for t in span if t.pos_ not in _DESCRIPTION_SKIP and t.i <= root.i]
    if not words:
        return None
    name = doc[words[0].i : root.i + 1].text
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not slug:
        return None
    actor = Actor(id=ActorId(slug), name=name, kind=ActorKind.OTHER, sector=sector)
    start, end = words[0].idx, root.idx + len(root.text)
    return Mention(
        start=start, end=end, text=doc_text(doc)[start:end], actor=actor, via="description"
    )


@lru_cache(maxsize=1)
def _dateparser_settings() -> dict[str, object]:
    return {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}


def _parse_date(text: str, published: dt.date) -> dt.date | None:
    import dateparser

    settings = dict(_dateparser_settings())
    settings["RELATIVE_BASE"] = dt.datetime(published.year, published.month, published.day)
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed is not None else None


def resolve_event_date(
    doc: Doc, sent: Span, published: dt.date | None, *, trigger_i: int | None = None
) -> dt.date | None:
    """The date of the event a sentence reports, resolved against the publication date.

    Looks at the sentence's DATE entities ("on Oct. 23", "on Monday", "yesterday", "last
    week"), nearest the trigger first, and parses them with dateparser (``RELATIVE_BASE`` =
    ``published``, past preferred). A date after ``published`` is moved back a year when it
    has no explicit year. ``None`` when the sentence has no usable date or ``published`` is
    unknown.
    """
    if published is None:
        return None
    ents = [ent for ent in sent.ents if ent.label_ == "DATE"]
    if trigger_i is not None:
        ents.sort(key=lambda ent: min(abs(ent.start - trigger_i), abs(ent.end - 1 - trigger_i)))
    for ent in ents:
        text = ent.text.strip()
        if text.lower().startswith("the "):
            text = text[4:]
        if not text or VAGUE_DATE.search(text):
            continue
        parsed = _parse_date(text, published)
        if parsed is None:
            continue
        if parsed > published and not re.search(r"\b\d{4}\b", text):
            try:
                parsed = parsed.replace(year=parsed.year - 1)
            except ValueError:  # 29 February
                parsed = parsed - dt.timedelta(days=365)
        logger.debug("event date %r -> %s", ent.text, parsed)
        return parsed
    return None


def _same_event(doc: Doc, first: int, second: int) -> bool:
    """Two triggers code one event when they are the same word or one governs the other
    directly ("supplied arms shipments"); "delivered jets and is considering a deal to sell
    more" are two events."""
    if first == second:
        return True
    a, b = doc[first], doc[second]
    return a.head.i == b.i or b.head.i == a.i


def build_events(
    doc: Doc,
    predicates: Sequence[Predicate],
    mentions: Sequence[Mention],
    *,
    published: dt.date | None = None,
) -> list[EventCandidate]:
    """Predicates whose agent and patient resolve to two distinct actors.

    Self-relations (the same actor id on both sides) and predicates with a missing or
    actorless argument are dropped. The same (subject, type, object) from one sentence is
    kept once when its triggers are one event (a verb and its noun object: "supplied arms
    shipments"), and kept for each trigger otherwise ("delivered jets ... and is considering
    a deal to sell more"). ``event_date`` comes from ``resolve_event_date``.
    """
    out: list[EventCandidate] = []
    seen: dict[tuple[int, str, str, str], list[int]] = {}
    dates: dict[tuple[int, int], dt.date | None] = {}
    for predicate in predicates:
        if predicate.agent is None or predicate.patient is None:
            continue
        subject = select_mention(doc, predicate.agent, mentions)
        obj = select_mention(doc, predicate.patient, mentions)
        if subject is None and obj is not None:
            subject = describe_actor(doc, predicate.agent)
        elif obj is None and subject is not None:
            obj = describe_actor(doc, predicate.patient)
        if subject is None or obj is None:
            continue
        if subject.actor.id == obj.actor.id:
            continue
        key = (predicate.sent_start, subject.actor.id, predicate.type.value, obj.actor.id)
        kept = seen.setdefault(key, [])
        if any(_same_event(doc, i, predicate.trigger_i) for i in kept):
            continue
        kept.append(predicate.trigger_i)
        date_key = (predicate.sent_start, predicate.trigger_i)
        if date_key not in dates:
            sent = doc[predicate.trigger_i].sent
            dates[date_key] = resolve_event_date(
                doc, sent, published, trigger_i=predicate.trigger_i
            )
        out.append(
            EventCandidate(
                predicate=predicate, subject=subject, object=obj, event_date=dates[date_key]
            )
        )
    return out
