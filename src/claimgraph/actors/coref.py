"""Conservative in-document coreference: pronouns and definite descriptions.

A pronoun (he/his/him, she/her, it/its, they/their/them) or a definite description ("the
group", "the country", "the Kremlin leader") takes the actor of the nearest preceding
compatible mention within ``MAX_SENTENCES_BACK`` sentences. A description first looks for an
earlier mention with the same head noun anywhere before it ("the Asad regime" ... "the
regime"), which is how news text names the actor it keeps returning to. Persons are
gender-free (he and she both look for a person). Pleonastic "it" ("it is likely that ...")
and object "it" (usually a thing or a claim) are skipped. "They" with no plural antecedent
takes the first of two coordinated parties in the same or the previous sentence ("Blinken
spoke with Kuleba. They condemned ..."). Each resolved mention has ``via="coref"``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING

from claimgraph.actors.tables import Description
from claimgraph.records import Actor, Mention
from claimgraph.vocab import ActorKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: How far back an antecedent may be, in sentences (0 = same sentence). Two keeps "the group"
#: two sentences after "Hamas" and drops links across paragraphs on hand-written samples.
MAX_SENTENCES_BACK = 2
#: "They" after two coordinated parties looks back this far (0 = same sentence).
COORDINATION_SENTENCES_BACK = 1

PERSON_PRONOUNS = frozenset({"he", "his", "him", "she", "her", "hers"})
SINGULAR_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "their", "them"})
SINGULAR_KINDS = frozenset(
    {ActorKind.STATE, ActorKind.ORGANIZATION, ActorKind.ARMED_GROUP, ActorKind.IGO, ActorKind.MEDIA}
)
#: Heads whose subject "it" is pleonastic when they take a clause ("it is likely that").
PLEONASTIC_HEADS = frozenset(
    {"be", "seem", "appear", "remain", "become", "take", "matter", "happen", "look", "rain"}
)
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "csubj", "acomp", "attr", "advcl"})


def resolve_coreference(
    doc: Doc,
    mentions: list[Mention],
    plural: list[bool],
    *,
    descriptions: dict[str, Description],
    states: Callable[[str], Actor],
) -> list[Mention]:
    """Add coreferent mentions to ``mentions`` (sorted by start, non-overlapping)."""
    taken = sorted((m.start, m.end) for m in mentions)
    taken_starts = [start for start, _ in taken]
    sent_of = {}
    for number, sent in enumerate(doc.sents):
        sent_of[sent.start_char] = number
    starts = sorted(sent_of)

    def sentence(char: int) -> int:
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= char:
                lo = mid
            else:
                hi = mid - 1
        return sent_of[starts[lo]] if starts else 0

    chain: list[tuple[Mention, bool]] = list(zip(mentions, plural, strict=True))
    chain.sort(key=lambda pair: pair[0].start)
    added: list[Mention] = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if _inside(token.idx, taken, taken_starts):
            i += 1
            continue
        found = _description(doc, i, descriptions)
        if found is not None:
            end_i, desc = found
            span = doc[i:end_i]
            antecedent = _same_head(chain, span.start_char, doc[end_i - 1].lower_, _fits(desc))
            if antecedent is None:
                antecedent = _antecedent(chain, span.start_char, sentence, _fits(desc))
            if antecedent is not None:
                actor = antecedent
                if ActorKind.STATE in desc.kinds and actor.kind is ActorKind.STATE:
                    actor = _sector(states(actor.id), desc.sector)
                mention = Mention(span.start_char, span.end_char, span.text, actor, "coref")
                added.append(mention)
                chain.append((mention, desc.plural))
                chain.sort(key=lambda pair: pair[0].start)
            i = end_i
            continue
        accept = _pronoun_filter(token)
        if accept is not None:
            antecedent = _antecedent(chain, token.idx, sentence, accept)
            if antecedent is None and token.lower_ in PLURAL_PRONOUNS:
                antecedent = _coordination(doc, chain, token.idx, sentence)
            if antecedent is not None:
                mention = Mention(
                    token.idx, token.idx + len(token.text), token.text, antecedent, "coref"
                )
                added.append(mention)
                chain.append((mention, token.lower_ in PLURAL_PRONOUNS))
                chain.sort(key=lambda pair: pair[0].start)
        i += 1
    return sorted([*mentions, *added], key=lambda m: m.start)


def _head_i(doc: Doc, mention: Mention) -> int | None:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return int(span.root.i) if span is not None and len(span) else None


def _coordination(
    doc: Doc,
    chain: list[tuple[Mention, bool]],
    char: int,
    sentence: Callable[[int], int],
) -> Actor | None:
    """For "they" with no plural antecedent: the first of two coordinated actor mentions
    ("Blinken and Kuleba met ..." or "Blinken spoke with Kuleba ... They condemned ..."),
    in the same or the previous sentence, nearest first. A mention stands for one actor, so
    "they" takes the first conjunct (the side a readout speaks for). A plural subject between
    them that names no actor ("Protesters gathered outside. They ...") blocks the link."""
    here = sentence(char)
    window = [
        m
        for m, _plural in chain
        if m.end <= char and here - sentence(m.start) <= COORDINATION_SENTENCES_BACK
    ]
    heads = {head: m for m in window if (head := _head_i(doc, m)) is not None}
    for head, mention in sorted(heads.items(), reverse=True):
        first = _first_party(doc, head, heads)
        if first is None or first.actor.id == mention.actor.id:
            continue
        if _plural_subject_between(doc, mention.end, char, heads):
            return None
        return first.actor
    return None


def _plural_subject_between(doc: Doc, start: int, end: int, heads: dict[int, Mention]) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    return any(
        t.tag_ in ("NNS", "NNPS") and t.dep_ in ("nsubj", "nsubjpass") and t.i not in heads
        for t in span
    )


def _first_party(doc: Doc, head: int, heads: dict[int, Mention]) -> Mention | None:
    """The mention this one is coordinated with: "A and B" (B's conjunct) or "A met with B"
    (the subject of the verb that B's "with" attaches to)."""
    token = doc[head]
    if token.dep_ == "conj":
        return heads.get(int(token.head.i))
    prep = token.head
    if token.dep_ == "pobj" and prep.lower_ == "with" and prep.head.pos_ == "VERB":
        for child in prep.head.children:
            if child.dep_ in ("nsubj", "nsubjpass") and int(child.i) in heads:
                return heads[int(child.i)]
    return None


def _fits(desc: Description) -> Callable[[Actor, bool], bool]:
    def accept(actor: Actor, plural: bool) -> bool:
        del plural  # a description carries its own kinds
        return actor.kind in desc.kinds and desc.country in (None, actor.country)

    return accept


def _sector(actor: Actor, sector: str | None) -> Actor:
    return Actor(actor.id, actor.name, actor.kind, actor.country, sector)


def _inside(char: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether ``char`` lies in one of ``spans`` (sorted, non-overlapping; ``starts`` their
    starts): a binary search, so coreference stays linear in the article's length."""
    k = bisect_right(starts, char) - 1
    return k >= 0 and spans[k][0] <= char < spans[k][1]


def _description(
    doc: Doc, i: int, descriptions: dict[str, Description]
) -> tuple[int, Description] | None:
    """A definite description starting at token ``i`` ("the militant group")."""
    if doc[i].lower_ != "the":
        return None
    for width in (3, 2, 1):
        end_i = i + 1 + width
        if end_i > len(doc):
            continue
        words = doc[i + 1 : end_i]
        desc = descriptions.get(words.text) or descriptions.get(words.text.lower())
        if desc is None:
            continue
        if desc.text[:1].islower() and any(t.text[:1].isupper() for t in words):
            continue  # "the Group of Seven": a name, not a description
        if end_i < len(doc) and (doc[end_i].lower_ == "of" or doc[end_i].pos_ == "PROPN"):
            return None  # "the president of France", "the group Amnesty"
        return end_i, desc
    return None


def _pronoun_filter(token: Token) -> Callable[[Actor, bool], bool] | None:
    word = token.lower_
    if token.pos_ != "PRON" and token.tag_ not in ("PRP", "PRP$"):
        return None
    if word in PERSON_PRONOUNS:
        return lambda actor, plural: actor.kind is ActorKind.PERSON
    if word in SINGULAR_PRONOUNS:
        if word == "it" and (token.dep_ not in ("nsubj", "nsubjpass") or _pleonastic(token)):
            return None
        return lambda actor, plural: actor.kind in SINGULAR_KINDS and not plural
    if word in PLURAL_PRONOUNS:
        return lambda actor, plural: plural or actor.kind is ActorKind.ARMED_GROUP
    return None


def _pleonastic(token: Token) -> bool:
    if token.dep_ == "expl":
        return True
    head = token.head
    if head.lemma_ in PLEONASTIC_HEADS:
        return any(child.dep_ in CLAUSE_DEPS for child in head.children)
    return False


def _same_head(
    chain: list[tuple[Mention, bool]],
    char: int,
    head: str,
    accept: Callable[[Actor, bool], bool],
) -> Actor | None:
    """The nearest earlier mention whose last word is ``head`` ("the Asad regime")."""
    for mention, plural in reversed(chain):
        if mention.end > char:
            continue
        words = mention.text.lower().split()
        if len(words) > 1 and words[-1] == head and accept(mention.actor, plural):
            return mention.actor
    return None


def _antecedent(
    chain: list[tuple[Mention, bool]],
    char: int,
    sentence: Callable[[int], int],
    accept: Callable[[Actor, bool], bool],
) -> Actor | None:
    here = sentence(char)
    for mention, plural in reversed(chain):
        if mention.end > char:
            continue
        if here - sentence(mention.start) > MAX_SENTENCES_BACK:
            return None
        if accept(mention.actor, plural):
            return mention.actor
    return None
