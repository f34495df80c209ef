"""Claim candidates: every ordered-by-text pair of actor mentions in a sentence.

A candidate is two argument mentions of one sentence, ``first`` before ``second`` in the
text, standing for two distinct actors. The learned model (``claims.model``) decides whether
the pair is a claim, its PLOVER type and which side acts; this module only proposes.

Argument mentions are

- the actor mentions of the resolver (tables, NER, office holders, coreference, first person
  inside quotations), and
- *phrases*: noun chunks in an argument position (subject, object, object of a preposition,
  agent, dative, conjunct, apposition) that no actor mention covers ("the aid convoy",
  "asylum seekers", "local airlines"). They get an ad-hoc actor (slug id, kind ``other``,
  ``via="phrase"``). A pair of two common-noun phrases is not proposed: one side must be a
  resolved actor or a proper-noun phrase.

The rule extractor's events (``claims.predicates`` + ``claims.events``) are attached to the
pair they connect, as features; a rule event whose arguments are not among the mentions adds
its own pair, so the candidates always include what the rules find.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimgraph.nlp.model import doc_text
from claimgraph.records import Actor, ActorId, EventCandidate, Mention
from claimgraph.vocab import ActorKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Dependency labels of a noun chunk's root that make it an argument phrase.
ARGUMENT_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "dative", "agent", "conj", "appos", "attr", "poss"}
)
#: Entity labels of things that are never an actor ("on Friday", "$90 million").
NON_ACTOR_ENTS = frozenset(
    {"DATE", "TIME", "MONEY", "CARDINAL", "QUANTITY", "PERCENT", "ORDINAL", "LAW", "LANGUAGE"}
)
#: Words dropped from the front of a phrase's name ("the", "these", "200").
_NAME_SKIP_POS = frozenset({"DET", "NUM", "PUNCT", "PRON"})
#: The most tokens between two mentions of one candidate (longer gaps are never claims in
#: the training data's sentences and would only cost time).
MAX_TOKEN_GAP = 45
#: Longest "of" complement kept inside a phrase ("the Secretary of State").
MAX_OF_TOKENS = 6
#: ``via`` of an argument phrase's ad-hoc actor.
PHRASE_VIA = "phrase"
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class RuleEvent:
    """What the rule extractor said about a pair: an event, and whether ``first`` acts."""

    event: EventCandidate
    forward: bool


@dataclass(frozen=True, slots=True)
class PairCandidate:
    """Two argument mentions of one sentence, in text order."""

    sent_index: int
    sent_start: int  # token index of the sentence's first token
    sent_end: int  # token index after its last token
    first: Mention
    second: Mention
    first_head: int  # token index of the mention's syntactic head
    second_head: int
    rules: tuple[RuleEvent, ...] = ()


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


def _head(doc: Doc, mention: Mention) -> int | None:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return int(span.root.i)


def _phrase_end(root: Token) -> int:
    """Token index after the phrase: the root, or the end of a short "of" complement
    ("the Secretary of State", "the leader of the group")."""
    end = root.i + 1
    for child in root.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                last = max(t.i for t in objects[0].subtree)
                if last - root.i <= MAX_OF_TOKENS:
                    end = last + 1
            break
    return end


def phrase_mentions(doc: Doc, mentions: Sequence[Mention]) -> list[Mention]:
    """Argument noun chunks headed by a word no actor mention covers, as ad-hoc actors.

    The phrase is the chunk without leading determiners and numbers, plus a short "of"
    complement. Its head noun's sector (``sector_nouns.tsv``: "officials" GOV, "rebels" REB)
    marks it as a noun for people or bodies; a phrase with none ("the pipelines", "a
    concession") is rarely an actor. It may contain an actor mention as a modifier ("Syrian
    opposition forces", "our Kurdish partners", "the leader of Hamas"): then it is an
    alternative reading of that stretch of text, with the modifier's state as its
    ``country``.
    """
    from claimgraph.actors.tables import load_tables

    agent_nouns = load_tables().sector_nouns
    text = doc_text(doc)
    spans = sorted((m.start, m.end, m) for m in mentions)
    out: list[Mention] = []
    for chunk in doc.noun_chunks:
        root = chunk.root
        if root.pos_ not in ("NOUN", "PROPN") or root.dep_ not in ARGUMENT_DEPS:
            continue
        if root.ent_type_ in NON_ACTOR_ENTS or not any(ch.isalpha() for ch in root.text):
            continue
        if len(root.text) < 3:
            continue
        words = [t for t in chunk if t.i <= root.i]
        while words and words[0].pos_ in _NAME_SKIP_POS:
            words = words[1:]
        if not words:
            continue
        last = doc[_phrase_end(root) - 1]
        start, end = words[0].idx, last.idx + len(last.text)
        root_start, root_end = root.idx, root.idx + len(root.text)
        inner = [m for s_, e_, m in spans if s_ < end and start < e_]
        if any(m.start <= root_start and root_end <= m.end for m in inner):
            continue  # the head is an actor mention: that mention is the argument
        if any(m.start < start or m.end > end for m in inner):
            continue  # a mention straddles the phrase's edge
        name = text[start:end]
        slug = _slug(name)
        if not slug:
            continue
        country = next(
            (
                m.actor.country or (m.actor.id if m.actor.kind is ActorKind.STATE else None)
                for m in inner
            ),
            None,
        )
        sector = agent_nouns.get(root.lemma_.lower()) or agent_nouns.get(root.lower_)
        actor = Actor(
            id=ActorId(slug), name=name, kind=ActorKind.OTHER, country=country, sector=sector
        )
        out.append(Mention(start=start, end=end, text=name, actor=actor, via=PHRASE_VIA))
    return out


def is_named(mention: Mention, head: Token) -> bool:
    """A resolved actor, or a phrase headed by a proper noun (a name the tables miss)."""
    return mention.via != PHRASE_VIA or head.pos_ == "PROPN"


def _sentence_of(sents: Sequence[Span], token_i: int) -> int:
    lo, hi = 0, len(sents) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sents[mid].start <= token_i:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def build_candidates(
    doc: Doc,
    mentions: Sequence[Mention],
    rule_events: Sequence[EventCandidate] = (),
) -> list[PairCandidate]:
    """Every candidate pair of ``doc``, sentence by sentence, in text order.

    ``mentions`` are the resolver's actor mentions; argument phrases are added here.
    """
    sents = list(doc.sents)
    if not sents:
        return []
    phrases = phrase_mentions(doc, mentions)
    by_sent: dict[int, list[tuple[Mention, int]]] = {}
    for mention in [*mentions, *phrases]:
        head = _head(doc, mention)
        if head is None:
            continue
        by_sent.setdefault(_sentence_of(sents, head), []).append((mention, head))
    for items in by_sent.values():
        items.sort(key=lambda item: (item[0].start, item[0].end))
    pairs: dict[tuple[int, int, int, int], PairCandidate] = {}
    for index, items in by_sent.items():
        sent = sents[index]
        for a, (first, first_head) in enumerate(items):
            for second, second_head in items[a + 1 :]:
                if first.actor.id == second.actor.id or _overlaps(first, second):
                    continue
                if not (is_named(first, doc[first_head]) or is_named(second, doc[second_head])):
                    continue
                if abs(second_head - first_head) > MAX_TOKEN_GAP:
                    continue
                key = (first.start, first.end, second.start, second.end)
                pairs[key] = PairCandidate(
                    index, sent.start, sent.end, first, second, first_head, second_head
                )
    _attach_rules(doc, sents, pairs, rule_events)
    return sorted(pairs.values(), key=lambda c: (c.first.start, c.second.start))


def _attach_rules(
    doc: Doc,
    sents: Sequence[Span],
    pairs: dict[tuple[int, int, int, int], PairCandidate],
    rule_events: Sequence[EventCandidate],
) -> None:
    """Give each rule event to the pair it connects (adding the pair when it is missing)."""
    from dataclasses import replace

    for event in rule_events:
        subject, obj = event.subject, event.object
        forward = subject.start <= obj.start
        first, second = (subject, obj) if forward else (obj, subject)
        match = None
        for key, cand in pairs.items():
            if _overlaps(cand.first, first) and _overlaps(cand.second, second):
                match = key
                if (cand.first.start, cand.first.end) == (first.start, first.end):
                    break
        if match is None:
            first_head, second_head = _head(doc, first), _head(doc, second)
            if first_head is None or second_head is None:
                continue
            index = _sentence_of(sents, first_head)
            sent = sents[index]
            match = (first.start, first.end, second.start, second.end)
            pairs[match] = PairCandidate(
                index, sent.start, sent.end, first, second, first_head, second_head
            )
        cand = pairs[match]
        pairs[match] = replace(cand, rules=(*cand.rules, RuleEvent(event, forward)))
