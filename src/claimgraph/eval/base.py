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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from claimgraph.errors import EvalDataMissingError

Metric = float | int | None
T = TypeVar("T")
#: The seeded parts a single-split shared set can be scored on (``learn.splits.stage_part``).
STAGE_PARTS = ("train", "dev", "test")


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


def select_part(items: Sequence[T], part: str | None, *, key: Callable[[T], str]) -> list[T]:
    """The items of one seeded part (``train``/``dev``/``test``) of a set, or all of them.

    The shared stage sets have one split each; their parts come from
    ``claimgraph.learn.splits.stage_part`` on the item's id, fixed once by its seed.
    """
    if part is None:
        return list(items)
    if part not in STAGE_PARTS:
        raise ValueError(f"unknown part {part!r}: expected one of {', '.join(STAGE_PARTS)}")
    from claimgraph.learn.splits import stage_part

    return [item for item in items if stage_part(key(item)) == part]


def part_note(part: str | None, n_items: int) -> str:
    """The note saying which part of the set a figure is on."""
    if part is None:
        return f"every item ({n_items}); no part held out"
    return f"part {part} ({n_items} items, seeded by item id; learn.splits.stage_part)"
