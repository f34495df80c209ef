"""PolNeAR scorer on a tiny hand-made gold set written into tmp_path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claimgraph.errors import EvalDataMissingError
from claimgraph.eval import polnear
from claimgraph.eval.polnear import SpanTriple, parse_ann, score_article, words_in

TEXT = "The minister said the border would reopen. Trucks waited for hours.\n"


def _write(root: Path, ann: str, *, annotator: str = "aaaa") -> None:
    (root / "data" / "dev" / "text").mkdir(parents=True, exist_ok=True)
    (root / "data" / "dev" / "attributions").mkdir(parents=True, exist_ok=True)
    (root / "data" / "dev" / "text" / "art-1.txt").write_text(TEXT, encoding="utf-8")
    (root / "data" / "dev" / "attributions" / f"art-1_{annotator}.ann").write_text(
        ann, encoding="utf-8"
    )


GOLD_ANN = (
    "T1\tSource 0 12\tThe minister\n"
    "T2\tCue 13 17\tsaid\n"
    "T3\tContent 18 42\tthe border would reopen\n"
    "T4\tAttribution 13 17\tsaid\n"
    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
)


def test_polnear_parse_ann_discontinuous_content() -> None:
    text = "abc def ghi jkl"
    ann = "T1\tCue 4 7\tdef\nT2\tContent 0 3;8 11\tabc ghi\nE1\tAttribution:T9 Cue:T1 Content:T2\n"
    (triple,) = parse_ann(ann, text)
    assert triple.content == frozenset({0, 8})
    assert triple.source == frozenset()


def test_polnear_overlap_versus_exact() -> None:
    gold = [SpanTriple(frozenset({1}), frozenset({0}), frozenset({2, 3, 4, 5}))]
    pred = [SpanTriple(frozenset({1}), frozenset({0}), frozenset({2, 3, 4}))]
    counts = score_article(gold, pred)
    metrics = counts.metrics()
    assert metrics["content_f1_exact"] == 0.0
    assert metrics["content_f1_overlap"] == 1.0
    assert metrics["triple_f1"] == 1.0


def test_polnear_words_ignore_punctuation() -> None:
    assert words_in("“Go,” he said.", [(0, 5)]) == words_in("“Go,” he said.", [(1, 3)])


def test_polnear_evaluate_perfect_article(tmp_path: Path, nlp: Any) -> None:
    _write(tmp_path, GOLD_ANN)
    result = polnear.evaluate(tmp_path)
    assert result.n_items == 1
    assert result.metrics["cue_f1"] == 1.0
    assert result.metrics["source_f1_exact"] == 1.0
    assert result.metrics["content_f1_overlap"] == 1.0


def test_polnear_evaluate_counts_a_missed_attribution(tmp_path: Path, nlp: Any) -> None:
    extra = (
        "T5\tCue 62 67\thours\nT6\tContent 43 56\tTrucks waited\n"
        "E2\tAttribution-no-source:T5 Cue:T5 Content:T6\n"
    )
    _write(tmp_path, GOLD_ANN + extra)
    result = polnear.evaluate(tmp_path)
    assert result.n_items == 2
    assert result.metrics["cue_recall"] == 0.5
    assert result.metrics["cue_precision"] == 1.0


def test_polnear_first_annotator_is_used(tmp_path: Path, nlp: Any) -> None:
    _write(tmp_path, GOLD_ANN, annotator="aaaa")
    _write(tmp_path, "", annotator="zzzz")
    assert polnear.evaluate(tmp_path).n_items == 1


def test_polnear_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(EvalDataMissingError):
        polnear.evaluate(tmp_path)


def test_polnear_colon_cue_is_matchable() -> None:
    text = 'Her reply: "No deal."'
    ann = 'T1\tCue 9 10\t:\nT2\tContent 11 21\t"No deal."\nE1\tAttribution:T9 Cue:T1 Content:T2\n'
    (gold,) = parse_ann(ann, text)
    assert gold.cue == frozenset({9})
    pred = SpanTriple(polnear.cue_marks_in(text, [(9, 10)]), frozenset(), gold.content)
    other = SpanTriple(polnear.cue_marks_in(text, [(4, 9)]), frozenset(), gold.content)
    assert score_article([gold], [pred]).cue_tp == 1
    assert score_article([gold], [other]).cue_tp == 0
