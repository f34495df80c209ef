"""The line-boilerplate scorer on tiny hand-made gold with known answers."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from claimgraph.errors import EvalDataMissingError
from claimgraph.eval import lines

ROWS = [
    ("Share", "boilerplate"),
    ("Officials said on Monday that the bridge would reopen to traffic next week.", "content"),
    ("Engineers finished repairs ahead of schedule, the transport ministry said.", "content"),
    ("Cookie settings", "mixed"),
    ("Privacy Policy", "boilerplate"),
    ("A line the cleaner keeps although the gold calls it boilerplate, it said.", "boilerplate"),
]


def _write(folder: Path) -> None:
    with gzip.open(folder / "lines_aeb.jsonl.gz", "wt", encoding="utf-8") as handle:
        for number, (text, label) in enumerate(ROWS):
            row = {"doc_id": "d1", "line_no": number, "text": text, "label": label}
            handle.write(json.dumps(row) + "\n")


def test_lines_scores_known_answer(tmp_path: Path) -> None:
    _write(tmp_path)
    result = lines.evaluate(tmp_path)
    # removed: Share, Privacy Policy (2 tp); kept: the last boilerplate line (1 fn); mixed skipped
    assert result.n_items == 5
    assert result.metrics["boilerplate_precision"] == 1.0
    assert result.metrics["boilerplate_recall"] == pytest.approx(0.6667, abs=1e-4)
    assert result.metrics["boilerplate_f1"] == pytest.approx(0.8, abs=1e-4)


def test_lines_missing_data_raises(tmp_path: Path) -> None:
    with pytest.raises(EvalDataMissingError):
        lines.evaluate(tmp_path)
