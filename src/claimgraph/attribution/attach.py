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
  as ``status/attach.npz``); the chain is the candidates over the threshold chosen on dev,
  the likeliest one per source (a source quoted twice is one link), outermost first (an
  attribution whose content holds another's cue comes before it).

A trigger counts as quoted when an odd number of quote marks precede it since the paragraph
began, so a quotation that runs over several sentences is seen as one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimgraph.attribution.finder import holds, source_link
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
#: Where a document's lookups are cached (``Doc.user_data``).
_INDEX_KEY = "claimgraph.attach_index"


@dataclass(frozen=True, slots=True)
class EventSite:
    """Where an event sits: its trigger token and, when known, its subject's span."""

    trigger_i: int
    subject: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class _DocIndex:
    """Per-document lookups, built once: token starts, sentence and quotation of each token."""

    starts: list[int]  # character offset of every token
    sentence: list[int]  # sentence number of every token
    quoted: list[bool]  # inside a quotation (odd number of quote marks since the paragraph began)


def _doc_index(doc: Doc) -> _DocIndex:
    cached = doc.user_data.get(_INDEX_KEY)
    if isinstance(cached, _DocIndex) and len(cached.starts) == len(doc):
        return cached
    sentence = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            sentence[i] = n
    quoted: list[bool] = []
    marks = 0
    for token in doc:
        if "\n" in token.text or (token.i and "\n" in doc[token.i - 1].whitespace_):
            marks = 0  # a quotation does not run over a paragraph break unannounced
        quoted.append(marks % 2 == 1)
        if token.text in _QUOTE_MARKS:
            marks += 1
    index = _DocIndex([int(t.idx) for t in doc], sentence, quoted)
    doc.user_data[_INDEX_KEY] = index
    return index


def _token_at(index: _DocIndex, char: int) -> int:
    return max(0, bisect_right(index.starts, char) - 1)


def attach_candidates(
    doc: Doc, site: EventSite, attributions: Sequence[Attribution]
) -> list[tuple[int, int]]:
    """(attribution index, sentence distance) of every candidate, nearest first.

    Distance is the event's sentence minus the cue's (positive: the cue comes before).
    """
    if not len(doc):
        return []
    index = _doc_index(doc)
    token = doc[site.trigger_i]
    start, end = token.idx, token.idx + len(token.text)
    here = index.sentence[site.trigger_i]
    out: list[tuple[int, int, int, int]] = []
    for k, att in enumerate(attributions):
        distance = here - index.sentence[_token_at(index, att.cue[0])]
        contains = att.content[0] <= start and end <= att.content[1]
        if contains or -SENTENCES_AFTER <= distance <= SENTENCES_BEFORE:
            out.append((abs(distance), abs(att.cue[0] - start), k, distance))
    out.sort()
    return [(k, distance) for _d, _chars, k, distance in out]


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
    quoted = _doc_index(doc).quoted[site.trigger_i]
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
    """(attribution index, features) of every candidate of one event, nearest first."""
    token = doc[site.trigger_i]
    span = (token.idx, token.idx + len(token.text))
    rows = []
    for rank, (k, distance) in enumerate(attach_candidates(doc, site, attributions)):
        att = attributions[k]
        feats = attach_features(
            doc, site, att, distance=distance, rank=rank, in_rule_chain=holds(att, span)
        )
        rows.append((k, feats))
    return rows


def _source_key(att: Attribution, k: int) -> str:
    """Who speaks: the source actor, else the source words (an unnamed source: its own key)."""
    if att.source_actor is not None:
        return f"actor:{att.source_actor.id}"
    if att.source_text:
        return "text:" + " ".join(att.source_text.lower().split())
    return f"cue:{k}"


def order_chain(chosen: Sequence[Attribution]) -> list[Attribution]:
    """Outermost first: an attribution whose content holds another's cue comes before it."""

    def depth(att: Attribution) -> int:
        return sum(
            1
            for other in chosen
            if other is not att and other.content[0] <= att.cue[0] < other.content[1]
        )

    return sorted(chosen, key=lambda att: (depth(att), -(att.content[1] - att.content[0])))


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
        self,
        doc: Doc,
        trigger_i: int,
        attributions: Sequence[Attribution],
        subject: tuple[int, int] | None = None,
    ) -> tuple[SourceLink, ...]:
        """``chain`` of the event at ``trigger_i`` (with its subject's span when known)."""
        return self.chain(doc, EventSite(trigger_i, subject), attributions)

    def chain(
        self, doc: Doc, site: EventSite, attributions: Sequence[Attribution]
    ) -> tuple[SourceLink, ...]:
        """The event's attribution chain: candidates over the threshold, one per source (the
        likeliest), outermost first."""
        best: dict[str, tuple[float, int]] = {}
        for k, p in self.probabilities(doc, site, attributions):
            if p < self.threshold:
                continue
            key = _source_key(attributions[k], k)
            if key not in best or p > best[key][0]:
                best[key] = (p, k)
        chosen = [attributions[k] for _p, k in best.values()]
        return tuple(source_link(att) for att in order_chain(chosen))


__all__ = [
    "ATTACH_FEATURE_SET",
    "ATTACH_FILE",
    "AttachModel",
    "EventSite",
    "attach_candidates",
    "attach_features",
    "candidate_rows",
]
