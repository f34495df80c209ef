"""The scorer contract shared by every evaluation task.

A task is a module ``claimgraph.eval.<task>`` exposing::

    TASK: str                      # the task name, e.g. "polnear"
    DEFAULT_SPLIT: str | None      # the split ../shared holds, or None for single-split sets
    def evaluate(data_dir: Path, *, split: str | None = None, peers: bool = False,
                 limit: int | None = None) -> EvalResult

``data_dir`` is a folder laid out exactly like that set's folder under ``shared/data``
(e.g. ``.../attribution/polnear``). ``limit`` caps the number of documents/items for quick
runs. A missing or malformed folder raises ``EvalDataMissingError`` naming what is missing.
Metric keys are fixed per task (see docs/evaluation.md); values are floats in [0, 1] (or
``None`` where undefined, e.g. no gold items of that kind).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from claimgraph.errors import EvalDataMissingError

Metric = float | int | None


@dataclass(slots=True)
class EvalResult:
    task: str
    data: str  # the data folder scored
    split: str | None
    n_items: int  # gold items scored (events, spans, documents: the task says which)
    metrics: dict[str, Metric]
    peers: dict[str, dict[str, Metric]] = field(default_factory=dict)
    per_item: list[dict[str, object]] = field(default_factory=list)  # e.g. per-article rows
    notes: list[str] = field(default_factory=list)
    date: str = field(default_factory=lambda: dt.date.today().isoformat())

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"task": self.task}
        out.update(self.metrics)
        out["peers"] = self.peers
        out["data"] = self.data
        out["split"] = self.split
        out["n_items"] = self.n_items
        out["date"] = self.date
        if self.per_item:
            out["per_item"] = self.per_item
        if self.notes:
            out["notes"] = self.notes
        return out


def f1(precision: float, recall: float) -> float:
    """Harmonic mean; 0.0 when both are zero."""
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def prf(true_pos: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1 from counts (0.0 where a denominator is zero)."""
    precision = true_pos / n_pred if n_pred else 0.0
    recall = true_pos / n_gold if n_gold else 0.0
    return precision, recall, f1(precision, recall)


def require_path(path: Path, *, task: str, what: str) -> Path:
    """Return ``path`` or raise ``EvalDataMissingError`` saying what the layout needs."""
    if not path.exists():
        raise EvalDataMissingError(task=task, path=str(path), detail=f"expected {what}")
    return path
