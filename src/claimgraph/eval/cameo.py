"""Scorer ``cameo``: ConfliBERT CAMEO coarse classes and source/target spans.

Layout (``data_dir`` = ``.../events/conflibert``): ``cameo_class/<split>.tsv`` (sentence TAB
coarse class 0-4, 0 = a statement with no dyadic event) and ``cameo_ner/<split>.txt`` (CoNLL:
token SPACE tag, B-/I- S source, T target, R reciprocal = both; blank line between sentences).
The coarse mapping PLOVER -> class is read from ``../label_mapping.tsv`` (the CAMEO quad where
the file gives two), else the built-in PLOVER families.

Our prediction for a sentence is its main predicate (``claims.selection.main_predicates``):
its PLOVER type's class, or 0 when the sentence has no predicate with an argument; its agent
spans are the sources and its patient spans the targets. Spans are compared as token ranges
of the CoNLL tokens: exact (same range) and overlap (one shared token, one-to-one). The
CoNLL sentences are parsed from their tokens joined by single spaces.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

from claimgraph.claims.predicates import find_predicates
from claimgraph.claims.selection import main_predicates, penta_class, read_coarse_mapping
from claimgraph.errors import EvalDataMissingError
from claimgraph.eval import peers_svo
from claimgraph.eval.base import EvalResult, Metric, part_note, prf, require_path, select_part
from claimgraph.nlp.model import BATCH_SIZE, load_nlp
from claimgraph.records import Predicate
from claimgraph.vocab import PloverType

logger = logging.getLogger(__name__)

TASK = "cameo"
DEFAULT_SPLIT: str | None = "train"
#: Seeded parts of the train files that ``split`` may name instead of a file.
PARTS = ("dev", "test")
N_CLASSES = 5
#: Largest number of sentences scored per file; the ConfliBERT train split (1,349 class and
#: 1,153 span sentences) fits whole, larger splits are subsampled every k-th sentence.
MAX_ITEMS = 3000

#: Which quad of ``label_mapping.tsv`` wins where it gives two (SANCTION): the ConfliBERT
#: training sentences label sanctions, expulsions and suspensions as verbal conflict.
MAPPING_PREFERENCE = "PLOVER quad"

TokenRange = tuple[int, int]  # half-open token indices


def _read_class_file(path: Path) -> list[tuple[str, int]]:
    rows: list[tuple[str, int]] = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        text, sep, label = line.rpartition("\t")
        if not sep or not label.strip().isdigit():
            raise EvalDataMissingError(
                task=TASK, path=str(path), detail=f"line {line_no}: expected 'sentence<TAB>0-4'"
            )
        rows.append((text, int(label)))
    return rows


def _read_conll(path: Path) -> list[tuple[list[str], list[str]]]:
    sentences: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                sentences.append((words, tags))
                words, tags = [], []
            continue
        word, _, tag = line.rpartition(" ")
        words.append(word or tag)
        tags.append(tag if word else "O")
    if words:
        sentences.append((words, tags))
    return sentences


def gold_spans(tags: Sequence[str]) -> tuple[list[TokenRange], list[TokenRange]]:
    """Source and target token ranges from B-/I- S/T/R tags (R counts as both)."""
    spans: list[tuple[str, int, int]] = []
    current: list[object] = []
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        if current and not (prefix == "I" and kind == current[0]):
            spans.append((str(current[0]), int(str(current[1])), i))
            current = []
        if prefix == "B" or (prefix == "I" and not current):
            current = [kind, i]
    sources = [(s, e) for kind, s, e in spans if kind in ("S", "R")]
    targets = [(s, e) for kind, s, e in spans if kind in ("T", "R")]
    return sources, targets


def _subsample(
    items: list[tuple[str, int]] | list[tuple[list[str], list[str]]], limit: int | None
) -> tuple[list[int], bool]:
    n = len(items)
    cap = min(limit, MAX_ITEMS) if limit is not None else MAX_ITEMS
    if n <= cap:
        return list(range(n)), False
    step = n / cap
    return [int(k * step) for k in range(cap)], limit is None


def _char_to_tokens(
    offsets: Sequence[int], words: Sequence[str], span: tuple[int, int]
) -> TokenRange | None:
    start, end = span
    covered = [
        i
        for i, (o, w) in enumerate(zip(offsets, words, strict=True))
        if o < end and o + len(w) > start
    ]
    if not covered:
        return None
    return covered[0], covered[-1] + 1


def _match(pred: Sequence[TokenRange], gold: Sequence[TokenRange], *, exact: bool) -> int:
    used: set[int] = set()
    hits = 0
    for p in pred:
        for k, g in enumerate(gold):
            if k in used:
                continue
            ok = p == g if exact else (p[0] < g[1] and g[0] < p[1])
            if ok:
                used.add(k)
                hits += 1
                break
    return hits


class _SpanCounts:
    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = {}

    def add(self, name: str, pred: Sequence[TokenRange], gold: Sequence[TokenRange]) -> None:
        for exact in (True, False):
            key = f"{name}_f1_{'exact' if exact else 'overlap'}"
            tp, n_pred, n_gold = self.counts.setdefault(key, [0, 0, 0])
            self.counts[key] = [
                tp + _match(pred, gold, exact=exact),
                n_pred + len(pred),
                n_gold + len(gold),
            ]

    def metrics(self) -> dict[str, Metric]:
        return {key: round(prf(*value)[2], 4) for key, value in sorted(self.counts.items())}


def _macro_f1(gold: Sequence[int], pred: Sequence[int]) -> float:
    scores = []
    for label in range(N_CLASSES):
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        n_pred = sum(1 for p in pred if p == label)
        n_gold = sum(1 for g in gold if g == label)
        if n_gold == 0 and n_pred == 0:
            continue
        scores.append(prf(tp, n_pred, n_gold)[2])
    return sum(scores) / len(scores) if scores else 0.0


def predict_class(predicates: Iterable[object], *, mapping: dict[PloverType, int] | None) -> int:
    """Coarse class of a sentence from its main predicates (0 when there are none)."""
    chosen = list(predicates)
    if not chosen:
        return 0
    first = chosen[0]
    if not isinstance(first, Predicate):
        return 0
    return penta_class(first, mapping=mapping)


def evaluate(
    data_dir: Path, *, split: str | None = None, peers: bool = False, limit: int | None = None
) -> EvalResult:
    """Score coarse event classes and source/target spans on the ConfliBERT CAMEO sets.

    ``split`` names the files (``train``, the only one the shared folder holds), or a seeded
    part of them: ``dev`` or ``test`` (``claimgraph.learn.splits.stage_part`` of the
    sentence text; the class and span files are split alike).
    """
    split = split or DEFAULT_SPLIT
    part = split if split in PARTS else None
    files = "train" if part else split
    class_path = require_path(
        data_dir / "cameo_class" / f"{files}.tsv", task=TASK, what="cameo_class/<split>.tsv"
    )
    ner_path = require_path(
        data_dir / "cameo_ner" / f"{files}.txt", task=TASK, what="cameo_ner/<split>.txt"
    )
    mapping_path = data_dir.parent / "label_mapping.tsv"
    mapping = (
        read_coarse_mapping(mapping_path, prefer=MAPPING_PREFERENCE)
        if mapping_path.is_file()
        else None
    )
    nlp = load_nlp()
    notes: list[str] = []
    if mapping is None:
        notes.append("label_mapping.tsv not found: coarse classes from the PLOVER families")

    class_rows = select_part(_read_class_file(class_path), part, key=lambda row: row[0])
    keep, sub = _subsample(class_rows, limit)
    class_rows = [class_rows[k] for k in keep]
    if sub:
        notes.append(f"class sentences subsampled to {len(class_rows)}")
    gold_labels = [label for _, label in class_rows]
    pred_labels: list[int] = []
    for doc in nlp.pipe((text for text, _ in class_rows), batch_size=BATCH_SIZE):
        chosen = [
            p
            for p in main_predicates(doc, find_predicates(doc))
            if p.agent is not None or p.patient is not None
        ]
        pred_labels.append(predict_class(chosen, mapping=mapping))
    n_class = len(gold_labels)
    accuracy = sum(g == p for g, p in zip(gold_labels, pred_labels, strict=True)) / max(n_class, 1)

    sentences = select_part(_read_conll(ner_path), part, key=lambda row: " ".join(row[0]))
    keep, sub = _subsample(sentences, limit)
    sentences = [sentences[k] for k in keep]
    if sub:
        notes.append(f"span sentences subsampled to {len(sentences)}")
    ours = _SpanCounts()
    peer = _SpanCounts()
    run_peer = peers and peers_svo.peer_available()
    if peers and not run_peer:
        notes.append("peer textacy_svo unavailable: textacy is not installed")
    texts = [" ".join(words) for words, _ in sentences]
    for (words, tags), doc in zip(sentences, nlp.pipe(texts, batch_size=BATCH_SIZE), strict=True):
        offsets: list[int] = []
        position = 0
        for word in words:
            offsets.append(position)
            position += len(word) + 1
        gold_src, gold_tgt = gold_spans(tags)
        chosen = main_predicates(doc, find_predicates(doc))
        src = {_char_to_tokens(offsets, words, p.agent) for p in chosen if p.agent}
        tgt = {_char_to_tokens(offsets, words, p.patient) for p in chosen if p.patient}
        ours.add("source", sorted(r for r in src if r), gold_src)
        ours.add("target", sorted(r for r in tgt if r), gold_tgt)
        if run_peer:
            triples = peers_svo.svo_triples(doc)[:1]
            p_src = [_char_to_tokens(offsets, words, t.subject) for t in triples]
            p_tgt = [_char_to_tokens(offsets, words, t.object) for t in triples]
            peer.add("source", [r for r in p_src if r], gold_src)
            peer.add("target", [r for r in p_tgt if r], gold_tgt)

    metrics: dict[str, Metric] = {
        "coarse_accuracy": round(accuracy, 4),
        "coarse_macro_f1": round(_macro_f1(gold_labels, pred_labels), 4),
    }
    metrics.update(ours.metrics())
    peer_metrics: dict[str, dict[str, Metric]] = {}
    if run_peer:
        peer_metrics[peers_svo.PEER_NAME] = peer.metrics()
    notes.append(f"{n_class} class sentences, {len(sentences)} span sentences")
    if part:
        notes.append(part_note(part, n_class + len(sentences)))
    return EvalResult(
        task=TASK,
        data=str(data_dir),
        split=split,
        n_items=n_class + len(sentences),
        metrics=metrics,
        peers=peer_metrics,
        notes=notes,
    )
