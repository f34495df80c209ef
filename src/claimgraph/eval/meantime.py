"""MEANTIME factuality scorer: certainty, polarity and time of gold event mentions.

Layout: a folder of ``*.conll`` files (as ``shared/data/factuality/meantime``), one token per
line ``id token event certainty polarity time`` with IOB-prefixed values (``B-E-8``,
``B-CERTAIN-8``, ``B-NEG-8``, ``B-FUTURE-8``) and ``_`` outside events; blank lines separate
sentences. The Doc is built from the gold tokens so indices line up, then the pipeline's
components run over it; the event's first token is the trigger given to ``assess``, with the
document's attributions (``find_attributions``) passed in as the product does, so a reporting
verb ends the event's context as it does in extraction.

The corpus has no train/test split and the status rules were adjusted while reading its
errors: the figures are in-sample and overstate what the rules do on unseen news.

Metrics (per gold event):

- ``certainty_macro_f1``: macro F1 over two classes, certain (gold CERTAIN) vs hedged (gold
  PROBABLE/POSSIBLE); events with gold UNDERSPECIFIED certainty are left out;
- ``negative_recall`` / ``negative_precision``: gold NEG polarity found as negative;
- ``future_recall`` / ``future_precision``: gold FUTURE time found as future.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimgraph.errors import EvalDataMissingError
from claimgraph.eval.base import EvalResult, prf, require_path

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

logger = logging.getLogger(__name__)

TASK = "meantime"
DEFAULT_SPLIT: str | None = None

_HEDGED = frozenset({"PROBABLE", "POSSIBLE"})


@dataclass(frozen=True, slots=True)
class GoldEvent:
    token_i: int  # index of the event's first token in the document
    certainty: str  # CERTAIN, PROBABLE, POSSIBLE, UNDERSPECIFIED
    polarity: str  # POS, NEG, UNDERSPECIFIED
    time: str  # NON_FUTURE, FUTURE, UNDERSPECIFIED


@dataclass(frozen=True, slots=True)
class GoldDocument:
    name: str
    words: tuple[str, ...]
    sent_starts: tuple[int, ...]
    events: tuple[GoldEvent, ...]


def evaluate(
    data_dir: Path, *, split: str | None = None, peers: bool = False, limit: int | None = None
) -> EvalResult:
    """Score ``claimgraph.status.assess`` on every MEANTIME ``.conll`` file under ``data_dir``."""
    from claimgraph.attribution import find_attributions
    from claimgraph.nlp.model import BATCH_SIZE, load_nlp
    from claimgraph.status import assess

    documents = list(load_gold(data_dir, limit=limit))
    nlp = load_nlp()
    docs = [_gold_doc(nlp.vocab, d) for d in documents]
    confusion = {("certain", "certain"): 0, ("certain", "hedged"): 0}
    confusion.update({("hedged", "certain"): 0, ("hedged", "hedged"): 0})
    neg = {"tp": 0, "gold": 0, "pred": 0}
    fut = {"tp": 0, "gold": 0, "pred": 0}
    n_events = 0
    for gold, doc in zip(documents, nlp.pipe(docs, batch_size=BATCH_SIZE), strict=True):
        attributions = find_attributions(doc)
        for event in gold.events:
            n_events += 1
            factuality = assess(doc, event.token_i, attributions=attributions)
            predicted_hedged = factuality.certainty.value != "certain"
            if event.certainty != "UNDERSPECIFIED":
                gold_class = "hedged" if event.certainty in _HEDGED else "certain"
                pred_class = "hedged" if predicted_hedged else "certain"
                confusion[(gold_class, pred_class)] += 1
            pred_neg = factuality.polarity.value == "negative"
            _count(neg, gold=event.polarity == "NEG", pred=pred_neg)
            _count(fut, gold=event.time == "FUTURE", pred=factuality.time.value == "future")
    metrics: dict[str, float | int | None] = {
        "certainty_macro_f1": _macro_f1(confusion),
        "negative_recall": _ratio(neg["tp"], neg["gold"]),
        "negative_precision": _ratio(neg["tp"], neg["pred"]),
        "future_recall": _ratio(fut["tp"], fut["gold"]),
        "future_precision": _ratio(fut["tp"], fut["pred"]),
        "n_documents": len(documents),
    }
    result = EvalResult(
        task=TASK, data=str(data_dir), split=None, n_items=n_events, metrics=metrics
    )
    result.notes.append(
        "in-sample: MEANTIME has no split and the status rules were tuned on its errors"
    )
    return result


def _gold_doc(vocab: Vocab, gold: GoldDocument) -> Doc:
    from spacy.tokens import Doc

    starts = set(gold.sent_starts)
    sent_starts: list[bool | int | None] = [i in starts for i in range(len(gold.words))]
    return Doc(
        vocab, words=list(gold.words), spaces=[True] * len(gold.words), sent_starts=sent_starts
    )


def _count(counts: dict[str, int], *, gold: bool, pred: bool) -> None:
    counts["gold"] += int(gold)
    counts["pred"] += int(pred)
    counts["tp"] += int(gold and pred)


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def _macro_f1(confusion: dict[tuple[str, str], int]) -> float | None:
    scores: list[float] = []
    for cls in ("certain", "hedged"):
        tp = confusion[(cls, cls)]
        n_pred = sum(v for (g, p), v in confusion.items() if p == cls)
        n_gold = sum(v for (g, p), v in confusion.items() if g == cls)
        if n_gold == 0:
            continue
        scores.append(prf(tp, n_pred, n_gold)[2])
    if not scores:
        return None
    return round(sum(scores) / len(scores), 4)


def load_gold(data_dir: Path, *, limit: int | None = None) -> Iterator[GoldDocument]:
    """The gold documents, in file-name order."""
    require_path(data_dir, task=TASK, what="a folder of MEANTIME *.conll files")
    paths = sorted(data_dir.glob("*.conll"))
    if not paths:
        raise EvalDataMissingError(task=TASK, path=str(data_dir), detail="no *.conll files")
    if limit is not None:
        paths = paths[:limit]
    for path in paths:
        yield parse_conll(path.name, path.read_text(encoding="utf-8"))


def parse_conll(name: str, text: str) -> GoldDocument:
    """One document: its words, sentence starts and event mentions (first token each)."""
    words: list[str] = []
    sent_starts: list[int] = []
    events: list[GoldEvent] = []
    new_sentence = True
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) < 6 or not line.strip():
            new_sentence = True
            continue
        if new_sentence:
            sent_starts.append(len(words))
            new_sentence = False
        token_i = len(words)
        words.append(cells[1])
        if cells[2].startswith("B-"):
            events.append(
                GoldEvent(
                    token_i=token_i,
                    certainty=_value(cells[3]),
                    polarity=_value(cells[4]),
                    time=_value(cells[5]),
                )
            )
    return GoldDocument(name, tuple(words), tuple(sent_starts), tuple(events))


def _value(cell: str) -> str:
    """``B-CERTAIN-8`` -> ``CERTAIN``; ``B-NON_FUTURE-8`` -> ``NON_FUTURE``."""
    parts = cell.split("-")
    return "-".join(parts[1:-1]) if len(parts) >= 3 else cell
