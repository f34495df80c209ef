"""MEANTIME scorer on a tiny hand-made CoNLL file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claimgraph.errors import EvalDataMissingError
from claimgraph.eval import meantime

ROWS = [
    ("Rebels", "_", "_", "_", "_"),
    ("did", "_", "_", "_", "_"),
    ("not", "_", "_", "_", "_"),
    ("attack", "B-E-1", "B-CERTAIN-1", "B-NEG-1", "B-NON_FUTURE-1"),
    ("the", "_", "_", "_", "_"),
    ("town", "_", "_", "_", "_"),
    (".", "_", "_", "_", "_"),
    None,
    ("The", "_", "_", "_", "_"),
    ("army", "_", "_", "_", "_"),
    ("will", "_", "_", "_", "_"),
    ("withdraw", "B-E-2", "B-CERTAIN-2", "B-POS-2", "B-FUTURE-2"),
    (".", "_", "_", "_", "_"),
    None,
    ("Troops", "_", "_", "_", "_"),
    ("may", "_", "_", "_", "_"),
    ("have", "_", "_", "_", "_"),
    ("looted", "B-E-3", "B-POSSIBLE-3", "B-POS-3", "B-NON_FUTURE-3"),
    ("shops", "_", "_", "_", "_"),
    (".", "_", "_", "_", "_"),
    None,
    ("Police", "_", "_", "_", "_"),
    ("arrested", "B-E-4", "B-CERTAIN-4", "B-POS-4", "B-NON_FUTURE-4"),
    ("him", "_", "_", "_", "_"),
    (".", "_", "_", "_", "_"),
]


def _write(folder: Path) -> None:
    lines: list[str] = []
    n = 0
    for row in ROWS:
        if row is None:
            lines.append("")
            continue
        n += 1
        lines.append("\t".join((str(n), *row)))
    (folder / "doc1.xml.conll").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_meantime_parse_values(tmp_path: Path) -> None:
    _write(tmp_path)
    (gold,) = meantime.load_gold(tmp_path)
    assert [e.token_i for e in gold.events] == [3, 10, 15, 19]
    assert [e.polarity for e in gold.events] == ["NEG", "POS", "POS", "POS"]
    assert gold.events[1].time == "FUTURE"
    assert gold.events[2].certainty == "POSSIBLE"
    assert gold.sent_starts == (0, 7, 12, 18)


def test_meantime_evaluate_known_answers(tmp_path: Path, nlp: Any) -> None:
    _write(tmp_path)
    result = meantime.evaluate(tmp_path, peers=True)
    assert result.n_items == 4
    rules = result.peers[meantime.BASELINE]
    assert rules["negative_recall"] == 1.0
    assert rules["future_recall"] == 1.0
    assert rules["certainty_macro_f1"] == 1.0
    # the product row scores the learned model's axes on the same events
    assert set(rules) <= set(result.metrics)


def test_meantime_empty_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(EvalDataMissingError):
        meantime.evaluate(tmp_path)
