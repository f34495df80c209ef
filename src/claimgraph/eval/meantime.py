"""MEANTIME factuality scorer: certainty, polarity and time of gold event mentions.

Layout: a folder of ``*.conll`` files (as ``shared/data/factuality/meantime``), one token per
line ``id token event certainty polarity time`` with IOB-prefixed values (``B-E-8``,
``B-CERTAIN-8``, ``B-NEG-8``, ``B-FUTURE-8``) and ``_`` outside events; blank lines separate
sentences. The Doc is built from the gold tokens so indices line up, then the pipeline's
components run over it; the event's first token is the trigger given to the product's axes
(the learned status model), with the document's attributions (``find_attributions`` over its
resolved actor mentions) passed in as the product does.

The corpus has no split of its own: documents fall in a ``train`` part (the status model
trains on it), a ``dev`` part and a ``test`` part by a seeded hash of their names
(``claimgraph.learn.splits.stage_part``). The status rules were adjusted while reading the
whole corpus's errors before it was split, so the rules' baseline row is in-sample on every
part; the learned axes are not, on ``dev`` and ``test``.

Metrics (per gold event):

- ``certainty_macro_f1``: macro F1 over two classes, certain (gold CERTAIN) vs hedged (gold
  PROBABLE/POSSIBLE); events with gold UNDERSPECIFIED certainty are left out;
- ``negative_recall`` / ``negative_precision``: gold NEG polarity found as negative;
- ``future_recall`` / ``future_precision``: gold FUTURE time found as future.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimgraph.errors import EvalDataMissingError
from claimgraph.eval.base import EvalResult, prf, require_path

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from claimgraph.records import Factuality

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


#: The peer row: the status rules alone (``assess``), the baseline of the learned axes.
BASELINE = "claimgraph rules (baseline)"


def evaluate(
    data_dir: Path, *, split: str | None = None, peers: bool = False, limit: int | None = None
) -> EvalResult:
    """Score the product's factuality axes on MEANTIME's gold events.

    The product's axes come from the learned status model (``claimgraph.status.model``),
    trained on MEANTIME's ``train`` part; ``split`` scores one part (``train``, ``dev`` or
    ``test``, see ``claimgraph.learn.splits.stage_part``), or every document when ``None``.
    ``peers`` adds the status rules alone as a baseline row.
    """
    from claimgraph.learn.splits import stage_part
    from claimgraph.nlp.model import BATCH_SIZE, load_nlp
    from claimgraph.status import assess
    from claimgraph.status.model import load_status_model

    documents = [d for d in load_gold(data_dir) if split is None or stage_part(d.name) == split]
    if limit is not None:
        documents = documents[:limit]
    nlp = load_nlp()
    model = load_status_model()
    docs = list(nlp.pipe([_gold_doc(nlp.vocab, d) for d in documents], batch_size=BATCH_SIZE))
    systems = {"model": model.factuality, "rules": assess}
    scored = {name: _score(documents, docs, axes) for name, axes in systems.items()}
    metrics, n_events = scored["model"]
    metrics["n_documents"] = len(documents)
    result = EvalResult(
        task=TASK, data=str(data_dir), split=split, n_items=n_events, metrics=metrics
    )
    if peers:
        result.peers[BASELINE] = scored["rules"][0]
    part = f"part {split}" if split else "every document (train part included)"
    result.notes.append(
        f"{part}; the status rules were adjusted on MEANTIME's errors before it was split, "
        "so the rules row is in-sample on every part"
    )
    return result


def _score(
    documents: list[GoldDocument], docs: list[Doc], axes: Callable[..., Factuality]
) -> tuple[dict[str, float | int | None], int]:
    from claimgraph.actors import load_resolver
    from claimgraph.attribution import find_attributions

    resolver = load_resolver()
    confusion = {("certain", "certain"): 0, ("certain", "hedged"): 0}
    confusion.update({("hedged", "certain"): 0, ("hedged", "hedged"): 0})
    neg = {"tp": 0, "gold": 0, "pred": 0}
    fut = {"tp": 0, "gold": 0, "pred": 0}
    n_events = 0
    for gold, doc in zip(documents, docs, strict=True):
        attributions = find_attributions(doc, resolver.find_mentions(doc))
        for event in gold.events:
            n_events += 1
            factuality = axes(doc, event.token_i, attributions=attributions)
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
    }
    return metrics, n_events


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
