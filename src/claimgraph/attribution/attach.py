"""Attaching an event to the attributions that report it: a learned choice over candidates.

``chain_for`` (the rule) attaches an event to every attribution whose content span holds its
trigger. That misses the common cases where the content span is cut short (a quotation that
runs on after "he said", a release quoted over two sentences, "according to" on a clause the
parser attached elsewhere) and keeps attributions that only mention the event. The learned
choice scores every attribution near the event:

- **candidates** (``attach_candidates``): attributions whose content holds the trigger, or
  whose cue sits in the event's sentence, the two sentences before it or the one after;
- **features** (``attach_features``): the rule's own decision, containment, sentence
  distance, cue side, the cue's lemma and kind, the source's kind, whether the trigger is
  quoted, whether the cue is the trigger itself or the source is the event's own subject,
  and the candidate's rank by distance;
- **model** (``AttachModel``): one binary linear model (trained by
  ``claimgraph.learn.train_attach`` from the annotated sources of ``data/training``, shipped
  as ``status/attach.npz``); the chain is every candidate over the threshold chosen on dev,
  outermost first, the same order as ``chain_for``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimgraph.attribution.finder import chain_for, source_link
from claimgraph.attribution.lexicon import load_lexicon
from claimgraph.learn.linear import LinearModel
from claimgraph.records import Attribution, SourceLink

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: The feature set of the attachment model (bumped when features change; checked on load).
ATTACH_FEATURE_SET = "attach-1"
#: The artifact file, inside the status model's folder.
ATTACH_FILE = "attach.npz"
#: Classes of the binary model.
ATTACHED, NOT_ATTACHED = "attached", "none"
#: Sentences before (and after) the event's sentence whose cues are candidates.
SENTENCES_BEFORE, SENTENCES_AFTER = 2, 1
#: Characters that open or close a quotation.
_QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d"})


@dataclass(frozen=True, slots=True)
class EventSite:
    """Where an event sits: its trigger token and, when known, its subject's span."""

    trigger_i: int
    subject: tuple[int, int] | None = None


def _sentence_index(doc: Doc) -> list[int]:
    """The sentence number of every token (cached on the doc's user data)."""
    cached = doc.user_data.get("claimgraph.sent_index")
    if isinstance(cached, list) and len(cached) == len(doc):
        return cached
    index = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = n
    doc.user_data["claimgraph.sent_index"] = index
    return index


def _token_at(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is not None and len(span):
        return int(span.start)
    for token in doc:
        if token.idx + len(token.text) > char:
            return int(token.i)
    return len(doc) - 1


def _quoted(doc: Doc, i: int) -> bool:
    sent = doc[i].sent
    return sum(1 for t in sent if t.i < i and t.text in _QUOTE_MARKS) % 2 == 1


def attach_candidates(
    doc: Doc, site: EventSite, attributions: Sequence[Attribution]
) -> list[tuple[int, int]]:
    """(attribution index, sentence distance) of every candidate, nearest first.

    Distance is the event's sentence minus the cue's (positive: the cue comes before).
    """
    if not len(doc):
        return []
    sents = _sentence_index(doc)
    token = doc[site.trigger_i]
    start, end = token.idx, token.idx + len(token.text)
    here = sents[site.trigger_i]
    out: list[tuple[int, int, int]] = []
    for k, att in enumerate(attributions):
        cue_i = _token_at(doc, att.cue[0])
        distance = here - sents[cue_i]
        contains = att.content[0] <= start and end <= att.content[1]
        if contains or -SENTENCES_AFTER <= distance <= SENTENCES_BEFORE:
            out.append((abs(distance) * 10_000 + abs(att.cue[0] - start), k, distance))
    out.sort()
    return [(k, distance) for _key, k, distance in out]


def _bucket(chars: int) -> str:
    for limit in (40, 120, 300, 800):
        if chars <= limit:
            return f"<={limit}"
    return ">800"


def attach_features(
    doc: Doc,
    site: EventSite,
    att: Attribution,
    *,
    distance: int,
    rank: int,
    in_rule_chain: bool,
) -> list[str]:
    """The features of one (event, attribution) candidate."""
    token = doc[site.trigger_i]
    start, end = token.idx, token.idx + len(token.text)
    contains = att.content[0] <= start and end <= att.content[1]
    lemma = att.cue_lemma.lower()
    side = "before" if att.cue[1] <= start else ("after" if att.cue[0] >= end else "on")
    dist = f"sd={max(-1, min(distance, 2))}"
    kind = f"cue_kind={att.cue_kind.value}"
    quoted = _quoted(doc, site.trigger_i)
    feats = [
        "bias",
        f"rule={in_rule_chain}",
        f"contains={contains}",
        dist,
        f"side={side}",
        f"lemma={lemma}",
        kind,
        f"src_kind={att.source_kind.value}",
        f"src_actor={att.source_actor is not None}",
        f"src_text={att.source_text is not None}",
        f"outlet={att.outlet is not None}",
        f"non_evidential={lemma in load_lexicon().non_evidential}",
        f"nested={att.parent is not None}",
        f"content={_bucket(att.content[1] - att.content[0])}",
        f"quoted={quoted}",
        f"rank={min(rank, 3)}",
        f"contains={contains}|{dist}",
        f"contains={contains}|{kind}",
        f"contains={contains}|quoted={quoted}",
        f"{dist}|side={side}",
        f"{dist}|{kind}",
        f"rule={in_rule_chain}|lemma={lemma}",
    ]
    if att.cue[0] <= start < att.cue[1]:
        feats.append("cue_is_trigger")
    if site.subject is not None and att.source is not None:
        s0, s1 = site.subject
        if s0 < att.source[1] and att.source[0] < s1:
            feats.append("source_is_subject")
    return feats


def candidate_rows(
    doc: Doc, site: EventSite, attributions: Sequence[Attribution]
) -> list[tuple[int, list[str]]]:
    """(attribution index, features) of every candidate of one event."""
    token = doc[site.trigger_i]
    rule = chain_for((token.idx, token.idx + len(token.text)), attributions)
    rule_cues = {(link.source, link.cue) for link in rule}
    rows = []
    for rank, (k, distance) in enumerate(attach_candidates(doc, site, attributions)):
        att = attributions[k]
        in_rule = (att.source_text, att.cue_text) in rule_cues
        feats = attach_features(doc, site, att, distance=distance, rank=rank, in_rule_chain=in_rule)
        rows.append((k, feats))
    return rows


@dataclass(frozen=True, slots=True)
class AttachModel:
    """The learned attachment: which nearby attributions report an event."""

    model: LinearModel
    threshold: float = 0.5

    @classmethod
    def load(cls, path: Path) -> AttachModel:
        model = LinearModel.load(path, expect={"feature_set": ATTACH_FEATURE_SET})
        threshold = model.meta.get("threshold", 0.5)
        return cls(
            model=model, threshold=float(threshold) if isinstance(threshold, int | float) else 0.5
        )

    def probabilities(
        self, doc: Doc, site: EventSite, attributions: Sequence[Attribution]
    ) -> list[tuple[int, float]]:
        """(attribution index, probability that it reports the event) per candidate."""
        return [
            (k, self.model.predict(feats)[ATTACHED])
            for k, feats in candidate_rows(doc, site, attributions)
        ]

    def site_chain(
        self, doc: Doc, trigger_i: int, attributions: Sequence[Attribution]
    ) -> tuple[SourceLink, ...]:
        """``chain`` of an event known by its trigger token alone."""
        return self.chain(doc, EventSite(trigger_i), attributions)

    def chain(
        self, doc: Doc, site: EventSite, attributions: Sequence[Attribution]
    ) -> tuple[SourceLink, ...]:
        """The event's attribution chain: candidates over the threshold, outermost first."""
        chosen = [
            attributions[k]
            for k, p in self.probabilities(doc, site, attributions)
            if p >= self.threshold
        ]
        chosen.sort(key=lambda att: (-(att.content[1] - att.content[0]), att.cue[0]))
        return tuple(source_link(att) for att in chosen)


__all__ = [
    "ATTACH_FEATURE_SET",
    "ATTACH_FILE",
    "AttachModel",
    "EventSite",
    "attach_candidates",
    "attach_features",
    "candidate_rows",
]
