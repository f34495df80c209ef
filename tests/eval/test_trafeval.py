"""trafeval: title/author/date scoring on hand-made gold in the evaluation set's layout."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from claimgraph.errors import EvalDataMissingError
from claimgraph.eval import trafeval
from claimgraph.eval.trafeval import PageMeta, evaluate, load_gold, score_pages, token_f1

PAGE = """<!doctype html>
<html lang="en"><head>
<title>Chile and Peru reopen border crossing | The Harbour Gazette</title>
<meta property="og:title" content="Chile and Peru reopen border crossing">
<meta name="author" content="Lucia Ferreira">
<meta property="article:published_time" content="2025-03-14T09:30:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Chile and Peru reopen border crossing</h1>
<p>Chile and Peru reopened the Chacalluta crossing on Friday after a two-month closure that
stranded hundreds of lorries on both sides of the frontier, officials in Santiago said.</p>
<p>Peru's interior ministry said the closure had been needed to stop smuggling networks, a
claim Chilean lorry drivers disputed. Trade between the two countries fell by a fifth.</p>
<p>The two governments agreed to hold a joint review of customs procedures in April, the
foreign ministries said in a statement released in Lima and Santiago.</p>
</article>
<footer>Follow The Harbour Gazette for updates.</footer>
</body></html>
"""


def _layout(root: Path, entries: dict[str, dict[str, object]], pages: dict[str, str]) -> Path:
    (root / "html" / "eval").mkdir(parents=True)
    lines = ["url\tpath"]
    for url, html in pages.items():
        name = f"html/eval/{len(lines)}.html.gz"
        (root / name).write_bytes(gzip.compress(html.encode("utf-8")))
        lines.append(f"{url}\t{name}")
    (root / "manifest.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "evaldata.json").write_text(json.dumps(entries), encoding="utf-8")
    return root


def test_trafeval_token_f1() -> None:
    assert token_f1("Lucia Ferreira", "lucia ferreira") == 1.0
    assert token_f1("Lucia Ferreira", "Lucia") == pytest.approx(2 / 3)
    assert token_f1("Lucia Ferreira", None) == 0.0


def test_trafeval_score_pages_skips_fields_without_gold() -> None:
    pages = [
        (
            "u1",
            PageMeta("Border reopens", "A. Rivera", "2025-03-14"),
            PageMeta("border  reopens", "A. Rivera; B. Chen", "2025-03-14"),
        ),
        (
            "u2",
            PageMeta("Talks in Lima", None, "2024-01-02"),
            PageMeta("Talks in Lima - Harbour Gazette", "Someone", None),
        ),
    ]
    metrics, rows = score_pages(pages)
    assert metrics["title_accuracy"] == 0.5
    assert metrics["title_token_f1"] == 0.5  # 3 of 5 words: F1 0.75 < 0.8
    assert metrics["author_accuracy"] == 0.0
    assert metrics["author_token_f1"] == 1.0  # F1 0.67 >= 0.5
    assert metrics["n_author"] == 1  # u2 has no author gold: not scored
    assert metrics["date_accuracy"] == 0.5
    assert metrics["date_found"] == 0.5
    assert rows[1] == {"url": "u2", "title": False, "date": False}


def test_trafeval_no_gold_gives_none() -> None:
    metrics, _rows = score_pages([("u", PageMeta(), PageMeta("x", "y", "2020-01-01"))])
    assert metrics["title_accuracy"] is None
    assert metrics["author_accuracy"] is None


def test_trafeval_evaluate_on_hand_made_set(tmp_path: Path) -> None:
    url = "https://harbour-gazette.example/world/chile-peru-border"
    entries: dict[str, dict[str, object]] = {
        url: {
            "file": "x.html",
            "with": [],
            "without": [],
            "title": "Chile and Peru reopen border crossing",
            "author": "Lucia Ferreira",
            "date": "2025-03-14",
        },
        "https://harbour-gazette.example/empty": {"file": "y.html", "title": "", "author": None},
        "https://harbour-gazette.example/index": {
            "file": "z.html",
            "title": "World news",
            "author": "",
            "date": "",
        },
    }
    pages = {
        url: PAGE,
        "https://harbour-gazette.example/empty": "<html></html>",
        "https://harbour-gazette.example/index": "<html><body><p>Menu</p></body></html>",
    }
    root = _layout(tmp_path / "trafeval", entries, pages)
    gold = load_gold(root)
    assert [item[0] for item in gold] == [url, "https://harbour-gazette.example/index"]
    result = evaluate(root, peers=True)
    assert result.n_items == 2
    assert result.metrics["author_accuracy"] == 1.0
    assert result.metrics["date_accuracy"] == 1.0
    # the index page has no article body: rejected by cleaning, a miss for its title
    assert result.metrics["title_accuracy"] == 0.5
    assert "trafilatura" in result.peers
    assert result.peers["trafilatura"]["date_accuracy"] == 1.0


def test_trafeval_missing_layout_raises(tmp_path: Path) -> None:
    with pytest.raises(EvalDataMissingError, match=r"evaldata\.json"):
        evaluate(tmp_path)


def test_trafeval_shared_sample(shared_dir: Path) -> None:
    data = shared_dir / "data" / "extraction" / "trafilatura-eval"
    if not data.is_dir():
        pytest.skip(f"{data} not found")
    result = trafeval.evaluate(data, limit=15)
    assert result.n_items == 15
    assert result.metrics["date_accuracy"] is not None
    assert 0.0 <= float(result.metrics["title_accuracy"] or 0.0) <= 1.0
