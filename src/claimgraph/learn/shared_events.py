"""Pair examples from public event gold: ConfliBERT's CAMEO span sentences (train only) and
the PLOVER gold records of the ``train`` part (typed; ``plover_examples``).

``cameo_ner/train.txt`` marks, in about 1,150 English news sentences, the source (``S``),
target (``T``) and reciprocal (``R``) actor spans of the sentence's event. Each sentence is
parsed like an article (``learn.dataset.ParsedArticle``); a candidate whose two mentions sit
in a source and a target span is a positive example (for the direction model; the detect
model reads these examples only with ``TrainConfig.shared_detect``)
(``S`` before ``T`` in text order: forward); one with a reciprocal side is a positive with
no direction; a pair with neither side in any span is a negative. Pairs with one side in a
span and the other outside are left out: the sentence may hold a second event the spans do
not mark. The set gives no PLOVER type, so it does not train the type model.

The test file is never read (the CAMEO stage scorer reports on it).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from claimgraph.claims.features import pair_vector
from claimgraph.learn.dataset import PairExample, ParsedArticle
from claimgraph.records import Article, DocId, Mention

if TYPE_CHECKING:
    from spacy.language import Language

#: Where the span sentences sit under the shared data folder.
CONFLIBERT_TRAIN = Path("events") / "conflibert" / "cameo_ner" / "train.txt"
_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "?", "!", ")", "'s", "n't", "%"})


def read_span_sentences(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, [(start, end, role)]) per sentence; tokens joined with plain spacing."""
    out: list[tuple[str, list[tuple[int, int, str]]]] = []
    tokens: list[tuple[str, str]] = []

    def flush() -> None:
        if not tokens:
            return
        text = ""
        spans: list[tuple[int, int, str]] = []
        for word, tag in tokens:
            if text and word not in _NO_SPACE_BEFORE:
                text += " "
            start = len(text)
            text += word
            if tag.startswith("B-"):
                spans.append((start, len(text), tag[2:]))
            elif tag.startswith("I-") and spans and spans[-1][2] == tag[2:]:
                spans[-1] = (spans[-1][0], len(text), spans[-1][2])
        out.append((text, spans))
        tokens.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split()
        if not cells:
            flush()
        elif len(cells) >= 2:
            tokens.append((cells[0], cells[-1]))
    flush()
    return out


def _role(mention: Mention, spans: Sequence[tuple[int, int, str]]) -> str | None:
    best, role = 0, None
    for start, end, name in spans:
        overlap = min(end, mention.end) - max(start, mention.start)
        if overlap > best:
            best, role = overlap, name
    return role


def conflibert_examples(
    shared_root: Path, nlp: Language, *, weight: float = 1.0
) -> list[PairExample]:
    """Detect and direction examples from the ConfliBERT train span sentences."""
    from claimgraph.clean import make_doc_id
    from claimgraph.nlp.model import BATCH_SIZE

    sentences = read_span_sentences(shared_root / CONFLIBERT_TRAIN)
    texts = [text for text, _spans in sentences]
    out: list[PairExample] = []
    for k, ((text, spans), doc) in enumerate(
        zip(sentences, nlp.pipe(texts, batch_size=BATCH_SIZE), strict=True)
    ):
        group = f"conflibert-train-{k}"
        article = Article(doc_id=DocId(make_doc_id(text)), source=group, text=text)
        parsed = ParsedArticle.build(article, doc)
        for cand, feats in zip(parsed.candidates, parsed.features, strict=True):
            first, second = _role(cand.first, spans), _role(cand.second, spans)
            if first is None and second is None:
                out.append(PairExample(group, feats, claim=False, weight=weight, annotated=False))
            elif first and second and {first, second} == {"S", "T"}:
                out.append(
                    PairExample(
                        group,
                        feats,
                        claim=True,
                        forward=first == "S",
                        weight=weight,
                        annotated=False,
                    )
                )
            elif first and second and "R" in (first, second):
                out.append(PairExample(group, feats, claim=True, weight=weight, annotated=False))
    return out


#: The PLOVER gold records (CC BY-SA 4.0) under the shared data folder.
PLOVER_RECORDS = Path("events") / "plover" / "PLOVER_GSR_dev.json"


def _actor_spans(text: str, actors: object, role: str) -> list[tuple[int, int, str]]:
    """Where each gold actor's text first occurs in the sentence, with its role."""
    spans: list[tuple[int, int, str]] = []
    if not isinstance(actors, list):
        return spans
    for actor in actors:
        if not isinstance(actor, dict):
            continue
        words = str(actor.get("actorText") or "").strip()
        at = text.find(words) if words else -1
        if at >= 0:
            spans.append((at, at + len(words), role))
    return spans


def plover_examples(
    shared_root: Path, nlp: Language, *, weight: float = 1.0, part: str = "train"
) -> list[PairExample]:
    """Typed detect, type and direction examples from the PLOVER gold records.

    Only the records of the ``train`` part (``learn.splits.stage_part`` of the record id) are
    read, so that the PLOVER stage scorer's ``dev`` and ``test`` parts stay out of sample.
    A candidate with one side on a source actor and the other on a target actor is a
    positive of the record's type (source first: forward); two different source actors of a
    record with no target ("the United States and Jordan agreed") are a positive with no
    direction; a pair touching no gold actor is a negative; the rest is left out.
    """
    import json

    from claimgraph.clean import make_doc_id
    from claimgraph.eval.plover import gold_type
    from claimgraph.learn.splits import stage_part
    from claimgraph.nlp.model import BATCH_SIZE

    records = json.loads((shared_root / PLOVER_RECORDS).read_text(encoding="utf-8"))
    chosen = [
        r
        for r in records
        if isinstance(r, dict)
        and r.get("text")
        and stage_part(str(r.get("id", ""))) == part
        and gold_type(str(r.get("event", ""))) is not None
    ]
    out: list[PairExample] = []
    texts = [str(r["text"]) for r in chosen]
    for record, doc in zip(chosen, nlp.pipe(texts, batch_size=BATCH_SIZE), strict=True):
        text = str(record["text"])
        type_ = gold_type(str(record["event"]))
        assert type_ is not None
        spans = _actor_spans(text, record.get("source"), "S")
        spans += _actor_spans(text, record.get("target"), "T")
        compound = not any(role == "T" for _s, _e, role in spans)
        group = f"plover-{record.get('id')}"
        article = Article(doc_id=DocId(make_doc_id(text)), source=group, text=text)
        parsed = ParsedArticle.build(article, doc)
        for cand, feats in zip(parsed.candidates, parsed.features, strict=True):
            first, second = _role(cand.first, spans), _role(cand.second, spans)
            if first is None and second is None:
                out.append(PairExample(group, feats, claim=False, weight=weight, annotated=False))
            elif first and second and {first, second} == {"S", "T"}:
                out.append(
                    PairExample(
                        group,
                        feats,
                        claim=True,
                        type=type_.value,
                        forward=first == "S",
                        weight=weight,
                        annotated=False,
                        vector=pair_vector(parsed.ctx, cand),
                    )
                )
            elif compound and first == second == "S":
                out.append(
                    PairExample(
                        group,
                        feats,
                        claim=True,
                        type=type_.value,
                        weight=weight,
                        annotated=False,
                        vector=pair_vector(parsed.ctx, cand),
                    )
                )
    return out
