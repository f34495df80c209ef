"""Line-level boilerplate removal on plain-text scrapes: ``lines``.

Layout: ``lines_aeb.jsonl.gz`` (or ``lines.jsonl.gz``), one JSON object per line of a page's
full text with ``doc_id``, ``line_no``, ``text`` and ``label`` (content, boilerplate, mixed).
The ``LineCleaner`` sees each page's lines in order; a removed line is a boilerplate
prediction. ``boilerplate_f1`` scores those decisions (boilerplate is the positive class;
mixed lines are left out).
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from pathlib import Path

from claimgraph.errors import EvalDataMissingError
from claimgraph.eval.base import EvalResult, Metric, prf

TASK = "lines"
DEFAULT_SPLIT: str | None = None
FILES = ("lines_aeb.jsonl.gz", "lines.jsonl.gz")


def _data_file(data_dir: Path) -> Path:
    for name in FILES:
        if (data_dir / name).is_file():
            return data_dir / name
    raise EvalDataMissingError(task=TASK, path=str(data_dir), detail=f"expected one of {FILES}")


def load_pages(path: Path) -> dict[str, list[tuple[int, str, str]]]:
    """``doc_id`` to its ``(line_no, text, label)`` rows in line order."""
    pages: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for raw in handle:
            if not raw.strip():
                continue
            row = json.loads(raw)
            pages[str(row["doc_id"])].append(
                (int(row["line_no"]), str(row["text"]), str(row["label"]))
            )
    for rows in pages.values():
        rows.sort()
    return dict(pages)


def score_pages(pages: dict[str, list[tuple[int, str, str]]]) -> tuple[dict[str, Metric], int]:
    from claimgraph.clean.lines import LineCleaner

    cleaner = LineCleaner()
    tp = n_pred = n_gold = n_lines = 0
    for rows in pages.values():
        decisions = cleaner.decide([text for _n, text, _label in rows])
        for (_n, _text, label), reason in zip(rows, decisions, strict=True):
            if label not in ("content", "boilerplate"):
                continue
            n_lines += 1
            predicted = reason is not None
            gold = label == "boilerplate"
            n_pred += predicted
            n_gold += gold
            tp += predicted and gold
    precision, recall, f1_value = prf(tp, n_pred, n_gold)
    metrics: dict[str, Metric] = {
        "boilerplate_precision": round(precision, 4),
        "boilerplate_recall": round(recall, 4),
        "boilerplate_f1": round(f1_value, 4),
    }
    return metrics, n_lines


def evaluate(
    data_dir: Path, *, split: str | None = None, peers: bool = False, limit: int | None = None
) -> EvalResult:
    """Score the ``LineCleaner``'s removal decisions against the line labels."""
    pages = load_pages(_data_file(data_dir))
    if limit is not None:
        pages = {key: pages[key] for key in sorted(pages)[:limit]}
    metrics, n_lines = score_pages(pages)
    result = EvalResult(
        task=TASK, data=str(data_dir), split=split, n_items=n_lines, metrics=metrics
    )
    result.notes.append(f"{len(pages)} pages; mixed lines excluded")
    return result
