"""The cameo scorer on a tiny hand-written gold set."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.errors import EvalDataMissingError
from claimgraph.eval import cameo


def _write(root: Path) -> Path:
    data = root / "conflibert"
    (data / "cameo_class").mkdir(parents=True)
    (data / "cameo_ner").mkdir()
    (data / "cameo_class" / "train.tsv").write_text(
        "Chadian troops attacked rebel positions near the border.\t4\n"
        "The minister spoke about the weather.\t0\n",
        encoding="utf-8",
    )
    conll = [
        ("Chadian", "B-S"),
        ("troops", "I-S"),
        ("attacked", "O"),
        ("rebel", "B-T"),
        ("positions", "I-T"),
        (".", "O"),
    ]
    (data / "cameo_ner" / "train.txt").write_text(
        "\n".join(f"{w} {t}" for w, t in conll) + "\n\n", encoding="utf-8"
    )
    return data


def test_cameo_gold_spans_reciprocal() -> None:
    sources, targets = cameo.gold_spans(["B-R", "I-R", "O", "B-T"])
    assert sources == [(0, 2)]
    assert targets == [(0, 2), (3, 4)]


def test_cameo_scores_known_answers(tmp_path: Path) -> None:
    result = cameo.evaluate(_write(tmp_path))
    assert result.metrics["coarse_accuracy"] == 1.0
    assert result.metrics["source_f1_exact"] == 1.0
    assert result.metrics["target_f1_overlap"] == 1.0
    assert result.n_items == 3


def test_cameo_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(EvalDataMissingError):
        cameo.evaluate(tmp_path / "nowhere")
