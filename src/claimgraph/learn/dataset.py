"""Annotated articles as training examples for the claim model.

``load_documents`` reads the claim gold files of ``data/training/claims`` (the format of
``claimgraph.eval.claims``, plus the training fields of docs/annotation.md §9) with the split
of each article. ``ParsedArticle`` runs the pipeline's shared stages once per article (parse,
actors, attributions, rule events, candidates). ``align`` finds, for every gold claim, the
candidate pairs of its evidence sentence whose two mentions match its two actors: those pairs
are the positive examples (with type and direction), every other candidate is a negative.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from claimgraph.claims.candidates import PairCandidate, build_candidates
from claimgraph.claims.extract import PreparedDoc, prepare_doc
from claimgraph.claims.features import DocContext, pair_features, pair_vector
from claimgraph.eval.claims import (
    SYMMETRIC_TYPES,
    ArticleLoader,
    GoldClaim,
    GoldDocument,
    evidence_overlap,
    name_matches,
    parse_gold,
)
from claimgraph.records import Article, DocId, Mention
from claimgraph.vocab import Status

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

logger = logging.getLogger(__name__)

#: Least evidence overlap with a sentence for a gold claim to be placed in it.
MIN_SENTENCE_OVERLAP = 0.6


@dataclass(frozen=True, slots=True)
class TrainingClaim:
    """A gold claim with the training fields (all optional for non-training gold)."""

    gold: GoldClaim
    status: Status | None = None
    trigger: str | None = None
    subject_text: str | None = None
    object_text: str | None = None
    cue: str | None = None
    types: tuple[str, ...] = ()  # the gold types in the annotator's order (likeliest first)


@dataclass(frozen=True, slots=True)
class TrainingDocument:
    document: GoldDocument
    claims: tuple[TrainingClaim, ...]
    split: str
    exhaustive: bool = False


def _optional(raw: Mapping[str, object], key: str) -> str | None:
    value = raw.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _status(raw: Mapping[str, object]) -> Status | None:
    value = raw.get("status")
    try:
        return Status(value) if isinstance(value, str) else None
    except ValueError:
        return None


def load_documents(claims_dir: Path, splits: Mapping[str, str]) -> list[TrainingDocument]:
    """Every annotated article under ``claims_dir`` whose id has a split."""
    out: list[TrainingDocument] = []
    for path in sorted(claims_dir.glob("*.json")):
        payload = json.loads(path.read_text(encoding="utf-8"))
        documents = parse_gold(payload, path=path)
        for raw, document in zip(payload["documents"], documents, strict=True):
            split = splits.get(document.id)
            if split is None:
                logger.warning("%s: %s has no split; skipped", path.name, document.id)
                continue
            claims = tuple(
                TrainingClaim(
                    gold=gold,
                    status=_status(raw_claim),
                    trigger=_optional(raw_claim, "trigger"),
                    subject_text=_optional(raw_claim, "subject_text"),
                    object_text=_optional(raw_claim, "object_text"),
                    cue=_optional(raw_claim, "cue"),
                    types=tuple(str(t) for t in raw_claim.get("types", [])),
                )
                for raw_claim, gold in zip(raw["claims"], document.claims, strict=True)
            )
            out.append(
                TrainingDocument(document, claims, split, bool(raw.get("exhaustive", False)))
            )
    return out


@dataclass(slots=True)
class ParsedArticle:
    """One article through the shared stages, with its candidates and their features."""

    article: Article
    doc: Doc
    prepared: PreparedDoc
    candidates: list[PairCandidate]
    ctx: DocContext
    features: list[tuple[str, ...]] = field(default_factory=list)

    @classmethod
    def build(cls, article: Article, doc: Doc) -> ParsedArticle:
        prepared = prepare_doc(doc, article)
        candidates = build_candidates(doc, prepared.mentions, prepared.rule_events)
        ctx = DocContext(doc, prepared.attributions)
        parsed = cls(article, doc, prepared, candidates, ctx)
        parsed.features = [tuple(pair_features(ctx, cand)) for cand in candidates]
        return parsed


def parse_documents(
    documents: Sequence[TrainingDocument], *, loader: ArticleLoader, nlp: Language
) -> Iterator[tuple[TrainingDocument, ParsedArticle]]:
    """Load and parse every article once (``nlp.pipe``), in order."""
    from claimgraph.clean import make_doc_id

    articles: list[Article] = []
    for item in documents:
        text = loader.load(item.document)
        articles.append(
            Article(
                doc_id=DocId(make_doc_id(text.text)),
                source=f"{text.path}#{item.document.id}",
                text=text.text,
                title=text.title,
                published=text.published,
                outlet=text.outlet,
                author=text.author,
            )
        )
    docs = nlp.pipe((a.text for a in articles), batch_size=16)
    for item, article, doc in zip(documents, articles, docs, strict=True):
        yield item, ParsedArticle.build(article, doc)


# ------------------------------------------------------------------------------- alignment


@dataclass(frozen=True, slots=True)
class PairLabel:
    """The gold reading of one candidate: which gold claim, and whether ``first`` acts."""

    claim: int  # index into the document's claims
    forward: bool


def _matches(mention: Mention, names: Sequence[str]) -> bool:
    actor = mention.actor
    return any(
        name_matches(value, names) for value in (actor.id, actor.name, mention.text, actor.country)
    )


def _text_fit(mention: Mention, text: str | None) -> int:
    """2 when the mention is the annotated words, 1 when they overlap, else 0."""
    if not text:
        return 0
    a, b = mention.text.casefold(), text.casefold()
    if a == b:
        return 2
    return 1 if a in b or b in a else 0


@dataclass(slots=True)
class Alignment:
    labels: dict[int, PairLabel]  # candidate index -> label
    unaligned: dict[int, str]  # claim index -> reason ("no_sentence", "no_pair")


def align(parsed: ParsedArticle, claims: Sequence[TrainingClaim]) -> Alignment:
    """Match every gold claim to the candidates of its evidence sentence."""
    sents = list(parsed.doc.sents)
    labels: dict[int, PairLabel] = {}
    unaligned: dict[int, str] = {}
    by_sent: dict[int, list[int]] = {}
    for k, cand in enumerate(parsed.candidates):
        by_sent.setdefault(cand.sent_index, []).append(k)
    for ci, claim in enumerate(claims):
        gold = claim.gold
        overlaps = [evidence_overlap(gold.evidence, s.text) for s in sents]
        if not overlaps or max(overlaps) < MIN_SENTENCE_OVERLAP:
            unaligned[ci] = "no_sentence"
            continue
        sent_i = max(range(len(sents)), key=overlaps.__getitem__)
        found: list[tuple[int, int, bool]] = []
        for k in by_sent.get(sent_i, []):
            cand = parsed.candidates[k]
            if _matches(cand.first, gold.subject) and _matches(cand.second, gold.object):
                fit = _text_fit(cand.first, claim.subject_text)
                fit += _text_fit(cand.second, claim.object_text)
                found.append((fit, k, True))
            elif _matches(cand.first, gold.object) and _matches(cand.second, gold.subject):
                fit = _text_fit(cand.first, claim.object_text)
                fit += _text_fit(cand.second, claim.subject_text)
                found.append((fit, k, False))
        if not found:
            unaligned[ci] = "no_pair"
            continue
        top = max(fit for fit, _k, _f in found)
        for fit, k, forward in found:
            if fit == top and k not in labels:
                labels[k] = PairLabel(ci, forward)
    return Alignment(labels, unaligned)


@dataclass(frozen=True, slots=True)
class PairExample:
    """One candidate as a training example."""

    doc_id: str
    features: tuple[str, ...]
    claim: bool
    type: str | None = None
    forward: bool | None = None  # None: not a claim, or a symmetric type
    weight: float = 1.0  # sample weight (examples from other gold sets count less)
    annotated: bool = True  # from our annotated articles (not another gold set)
    # the dense input of the pair (``pair_vector``); not part of equality
    vector: np.ndarray | None = field(default=None, compare=False)


def pair_examples(
    parsed: ParsedArticle, item: TrainingDocument
) -> tuple[list[PairExample], Alignment]:
    """Every candidate of one article as an example, and the alignment behind the labels."""
    alignment = align(parsed, item.claims)
    out: list[PairExample] = []
    for k, feats in enumerate(parsed.features):
        label = alignment.labels.get(k)
        vector = pair_vector(parsed.ctx, parsed.candidates[k])
        if label is None:
            out.append(PairExample(item.document.id, feats, claim=False, vector=vector))
            continue
        gold = item.claims[label.claim].gold
        primary = item.claims[label.claim].types[0]
        symmetric = gold.types <= SYMMETRIC_TYPES
        out.append(
            PairExample(
                item.document.id,
                feats,
                claim=True,
                type=primary,
                forward=None if symmetric else label.forward,
                vector=vector,
            )
        )
    return out, alignment
