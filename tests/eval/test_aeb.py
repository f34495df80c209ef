"""The AEB shingle metric on tiny hand-made gold with known answers."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from claimgraph.errors import EvalDataMissingError
from claimgraph.eval import aeb


def test_aeb_shingles_short_text_is_one_shingle() -> None:
    assert aeb.shingles("two words") == {"two words": 1}
    assert aeb.shingles("a b c d e") == {"a b c d": 1, "b c d e": 1}


def test_aeb_counts_known_values() -> None:
    assert aeb.shingle_counts("a b c d e", "a b c d e") == (1.0, 0.0, 0.0)
    # gold 2 shingles, prediction 3 (one shared): tp 1, fp 2, fn 1 -> normalized by 4
    assert aeb.shingle_counts("a b c d e", "a b c d x y") == (0.25, 0.5, 0.25)
    assert aeb.shingle_counts("", "") == (0.0, 0.0, 0.0)


def test_aeb_body_scores_macro() -> None:
    scores = aeb.body_scores([("a b c d e", "a b c d e"), ("a b c d e", "")])
    # tp mean 0.5, fp mean 0, fn mean 0.5 -> P 1.0, R 0.5
    assert scores == {"body_precision": 1.0, "body_recall": 0.5, "body_f1": 0.6667}


def test_aeb_evaluate_on_tiny_set(tmp_path: Path) -> None:
    body = "The council voted on Monday to extend the peacekeeping mission by a year. " * 8
    (tmp_path / "html").mkdir()
    html = f"<html><body><nav>Home News Sport</nav><article><p>{body}</p></article></body></html>"
    (tmp_path / "html" / "p1.html.gz").write_bytes(gzip.compress(html.encode()))
    (tmp_path / "ground-truth.json").write_text(
        json.dumps({"p1": {"articleBody": body, "url": "https://example.org/p1"}})
    )
    result = aeb.evaluate(tmp_path)
    assert result.n_items == 1
    assert result.metrics["body_f1"] is not None and result.metrics["body_f1"] > 0.9
    assert result.metrics["title_accuracy"] is None


def test_aeb_missing_data_raises(tmp_path: Path) -> None:
    with pytest.raises(EvalDataMissingError):
        aeb.evaluate(tmp_path)


def test_aeb_reproduces_published_trafilatura(shared_dir: Path) -> None:
    folder = shared_dir / "data" / "extraction" / "aeb"
    gold = json.loads((folder / "ground-truth.json").read_text())
    published = json.loads((folder / "published-outputs" / "trafilatura.json").read_text())
    output = published.get("output", published)
    scores = aeb.body_scores(
        [(gold[k]["articleBody"], output.get(k, {}).get("articleBody", "")) for k in gold]
    )
    assert scores["body_f1"] == pytest.approx(0.958, abs=0.0005)
