"""UDS It-Happened (v2) scorer: did the event happen, and how sure.

Layout (as ``shared/data/factuality/uds_ih2``): ``it-happened_<split>.tsv`` (one row per
annotator judgment: ``Sentence.ID`` = ``"en-ud-<split>.conllu N"`` with N the 1-based sentence
number, ``Pred.Token`` 1-based, ``Happened`` true/false/na, ``Confidence`` 0-4, ``Keep``) and
``en_ewt-ud-<split>.conllu`` (the sentences, in the same order). The Doc of each sentence is
built from the CoNLL-U words, then the pipeline's components run over it; ``assess`` gets the
sentence's attributions (``find_attributions``), as in extraction.

Gold per predicate: rows with ``Keep`` true and ``Happened`` true/false; the signed score of a
row is ``+conf`` or ``-conf`` (conf = Confidence/4), averaged over annotators.

- ``happened_accuracy``: our "happened" (positive, not future, certain or probable) against the
  sign of the gold mean (predicates with mean 0 left out);
- ``confidence_spearman``: Spearman correlation between our signed score
  (``±status_confidence``-style factuality score, see ``predicted_score``) and the gold mean.
"""

from __future__ import annotations

import csv
import logging
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimgraph.errors import EvalDataMissingError
from claimgraph.eval.base import EvalResult, require_path
from claimgraph.records import Factuality
from claimgraph.vocab import Certainty, Polarity, Tense

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

logger = logging.getLogger(__name__)

TASK = "uds"
DEFAULT_SPLIT: str | None = "dev"

#: Signed factuality score per certainty (the scale of the gold: +1 surely happened, -1 surely
#: did not): hand-set so that probable/possible rank between certain and underspecified.
_CERTAINTY_SCORE: dict[Certainty, float] = {
    Certainty.CERTAIN: 1.0,
    Certainty.PROBABLE: 0.5,
    Certainty.POSSIBLE: 0.25,
    Certainty.UNDERSPECIFIED: 0.1,
}
_MAX_CONFIDENCE = 4.0


@dataclass(frozen=True, slots=True)
class GoldPredicate:
    sentence: int  # 0-based sentence index in the .conllu file
    token: int  # 0-based token index in the sentence
    lemma: str
    score: float  # mean signed confidence in [-1, 1]


def evaluate(
    data_dir: Path, *, split: str | None = None, peers: bool = False, limit: int | None = None
) -> EvalResult:
    """Score ``claimgraph.status.assess`` on UDS It-Happened predicates."""
    from claimgraph.attribution import find_attributions
    from claimgraph.nlp.model import BATCH_SIZE, load_nlp
    from claimgraph.status import assess

    split = split or DEFAULT_SPLIT or "dev"
    tsv = require_path(data_dir / f"it-happened_{split}.tsv", task=TASK, what="the judgments")
    conllu = require_path(
        data_dir / f"en_ewt-ud-{split}.conllu", task=TASK, what="the CoNLL-U sentences"
    )
    sentences = read_conllu(conllu.read_text(encoding="utf-8"))
    predicates = read_judgments(tsv.read_text(encoding="utf-8"))
    by_sentence: dict[int, list[GoldPredicate]] = defaultdict(list)
    for pred in predicates:
        if pred.sentence < len(sentences) and pred.token < len(sentences[pred.sentence]):
            by_sentence[pred.sentence].append(pred)
    order = sorted(by_sentence)
    if limit is not None:
        order = order[:limit]
    nlp = load_nlp()
    docs = [_doc(nlp.vocab, sentences[i]) for i in order]
    gold_scores: list[float] = []
    pred_scores: list[float] = []
    correct = 0
    n_signed = 0
    mismatched = 0
    for sent_i, doc in zip(order, nlp.pipe(docs, batch_size=BATCH_SIZE), strict=True):
        attributions = find_attributions(doc)
        for pred in by_sentence[sent_i]:
            if doc[pred.token].lemma_.lower() != pred.lemma.lower():
                mismatched += 1
            factuality = assess(doc, pred.token, attributions=attributions)
            score = predicted_score(factuality)
            gold_scores.append(pred.score)
            pred_scores.append(score)
            if pred.score != 0:
                n_signed += 1
                correct += int((pred.score > 0) == (score > 0))
    metrics: dict[str, float | int | None] = {
        "happened_accuracy": round(correct / n_signed, 4) if n_signed else None,
        "confidence_spearman": _round(spearman(gold_scores, pred_scores)),
        "n_sentences": len(order),
    }
    result = EvalResult(
        task=TASK, data=str(data_dir), split=split, n_items=len(gold_scores), metrics=metrics
    )
    if mismatched:
        result.notes.append(
            f"{mismatched} predicates whose lemma differs from spaCy's (scored anyway)"
        )
    return result


def predicted_score(factuality: Factuality) -> float:
    """Our signed factuality in [-1, 1]: the sign says happened, the size how sure."""
    score = _CERTAINTY_SCORE[factuality.certainty]
    if factuality.time is Tense.FUTURE:
        score = -score * 0.5
    if factuality.polarity is Polarity.NEGATIVE:
        score = -score
    return score


def read_conllu(text: str) -> list[list[str]]:
    """The word forms of every sentence (multi-word token ranges and empty nodes skipped)."""
    sentences: list[list[str]] = []
    words: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            if words:
                sentences.append(words)
                words = []
            continue
        if line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 2 or "-" in cells[0] or "." in cells[0]:
            continue
        words.append(cells[1])
    if words:
        sentences.append(words)
    return sentences


def read_judgments(text: str) -> list[GoldPredicate]:
    """Aggregate the kept annotator rows per (sentence, token)."""
    reader = csv.DictReader(text.splitlines(), delimiter="\t")
    needed = {"Sentence.ID", "Pred.Token", "Pred.Lemma", "Happened", "Confidence", "Keep"}
    if reader.fieldnames is None or not needed <= set(reader.fieldnames):
        raise EvalDataMissingError(
            task=TASK, path="it-happened tsv", detail=f"columns {sorted(needed)} expected"
        )
    scores: dict[tuple[int, int], list[float]] = defaultdict(list)
    lemmas: dict[tuple[int, int], str] = {}
    for row in reader:
        happened = row["Happened"].lower()
        if row["Keep"].lower() != "true" or happened not in ("true", "false"):
            continue
        try:
            sentence = int(row["Sentence.ID"].split()[-1]) - 1
            token = int(row["Pred.Token"]) - 1
            confidence = float(row["Confidence"]) / _MAX_CONFIDENCE
        except ValueError:
            continue
        key = (sentence, token)
        scores[key].append(confidence if happened == "true" else -confidence)
        lemmas[key] = row["Pred.Lemma"]
    return [
        GoldPredicate(key[0], key[1], lemmas[key], sum(values) / len(values))
        for key, values in sorted(scores.items())
    ]


def _doc(vocab: Vocab, words: list[str]) -> Doc:
    from spacy.tokens import Doc

    return Doc(vocab, words=words, spaces=[True] * len(words))


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        average = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = average
        i = j + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float | None:
    """Spearman's rank correlation (ties get average ranks); None when undefined."""
    if len(xs) < 2 or len(xs) != len(ys):
        return None
    rx, ry = _ranks(xs), _ranks(ys)
    mean_x = sum(rx) / len(rx)
    mean_y = sum(ry) / len(ry)
    cov = sum((a - mean_x) * (b - mean_y) for a, b in zip(rx, ry, strict=True))
    var_x = sum((a - mean_x) ** 2 for a in rx)
    var_y = sum((b - mean_y) ** 2 for b in ry)
    if var_x == 0 or var_y == 0:
        return None
    return float(cov / (var_x * var_y) ** 0.5)


def _round(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None
