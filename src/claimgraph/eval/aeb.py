"""Body extraction on the Article Extraction Benchmark (AEB): ``aeb``.

Layout: ``html/<id>.html.gz`` and ``ground-truth.json`` (``{id: {"articleBody", "url", ...}}``).
Metric: the benchmark's own 4-gram shingle matching. Per page, shingle true/false positives
and false negatives are counted with multiplicity and normalized to sum to 1 (long pages
weigh no more than short ones); precision and recall come from the means over pages and
``body_f1`` is their harmonic mean. ``title_accuracy``/``author_accuracy``/``date_accuracy``
are exact-match rates over pages whose gold has that field (None when none has).
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path

from claimgraph.eval.base import EvalResult, Metric, f1, require_path

TASK = "aeb"
DEFAULT_SPLIT: str | None = None
#: the benchmark's shingle size
NGRAM_N = 4
_TOKEN = re.compile(r"\w+", re.UNICODE)

Extractor = Callable[[str, str | None], Mapping[str, object]]


def shingles(text: str, n: int = NGRAM_N) -> Counter[str]:
    """The benchmark's shingles: ``\\w+`` tokens joined by spaces, n at a time (one shingle
    holding all tokens when there are fewer than n)."""
    tokens = _TOKEN.findall(text or "")
    grams = [" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1))]
    return Counter(gram for gram in grams if gram)


def shingle_counts(true: str, pred: str) -> tuple[float, float, float]:
    """Normalized ``(tp, fp, fn)`` of one page (all zero when both texts are empty)."""
    gold, guess = shingles(true), shingles(pred)
    tp = fp = fn = 0
    for key in gold.keys() | guess.keys():
        true_count, pred_count = gold.get(key, 0), guess.get(key, 0)
        tp += min(true_count, pred_count)
        fp += max(0, pred_count - true_count)
        fn += max(0, true_count - pred_count)
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def body_scores(pairs: list[tuple[str, str]]) -> dict[str, Metric]:
    """``body_precision``, ``body_recall``, ``body_f1`` over ``(gold, predicted)`` pairs."""
    if not pairs:
        return {"body_precision": None, "body_recall": None, "body_f1": None}
    counts = [shingle_counts(true, pred) for true, pred in pairs]
    tp = sum(c[0] for c in counts) / len(counts)
    fp = sum(c[1] for c in counts) / len(counts)
    fn = sum(c[2] for c in counts) / len(counts)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "body_precision": round(precision, 4),
        "body_recall": round(recall, 4),
        "body_f1": round(f1(precision, recall), 4),
    }


def _ours(html: str, url: str | None) -> Mapping[str, object]:
    from claimgraph.clean.html import extract_html

    page = extract_html(html, url=url)
    return {
        "articleBody": page.text,
        "title": page.title,
        "author": page.author,
        "date": page.published.isoformat() if page.published else None,
    }


def _trafilatura_plain(html: str, url: str | None) -> Mapping[str, object]:
    import trafilatura

    return {"articleBody": trafilatura.extract(html, url=url) or ""}


def load_gold(data_dir: Path) -> dict[str, dict[str, object]]:
    path = require_path(data_dir / "ground-truth.json", task=TASK, what="ground-truth.json")
    require_path(data_dir / "html", task=TASK, what="html/<id>.html.gz")
    gold: dict[str, dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))
    return gold


def _accuracy(
    gold: Mapping[str, Mapping[str, object]],
    predicted: Mapping[str, Mapping[str, object]],
    field: str,
) -> Metric:
    keys = [key for key, item in gold.items() if item.get(field)]
    if not keys:
        return None
    hits = sum(
        1 for key in keys if _norm(predicted.get(key, {}).get(field)) == _norm(gold[key].get(field))
    )
    return round(hits / len(keys), 4)


def _norm(value: object) -> str:
    return " ".join(str(value or "").lower().split())


def score(
    data_dir: Path, extractor: Extractor, *, limit: int | None = None
) -> tuple[dict[str, Metric], list[dict[str, object]], int]:
    gold = load_gold(data_dir)
    keys = sorted(gold)[:limit] if limit is not None else sorted(gold)
    predicted: dict[str, Mapping[str, object]] = {}
    rows: list[dict[str, object]] = []
    for key in keys:
        html = gzip.decompress((data_dir / "html" / f"{key}.html.gz").read_bytes()).decode(
            "utf-8", errors="replace"
        )
        url = gold[key].get("url")
        predicted[key] = extractor(html, url if isinstance(url, str) else None)
        true = str(gold[key].get("articleBody") or "")
        page_tp, page_fp, page_fn = shingle_counts(
            true, str(predicted[key].get("articleBody") or "")
        )
        rows.append(
            {
                "id": key,
                "f1": round(
                    f1(
                        page_tp / max(page_tp + page_fp, 1e-9),
                        page_tp / max(page_tp + page_fn, 1e-9),
                    ),
                    4,
                ),
            }
        )
    subset = {key: gold[key] for key in keys}
    metrics = body_scores(
        [
            (str(subset[k].get("articleBody") or ""), str(predicted[k].get("articleBody") or ""))
            for k in keys
        ]
    )
    for field, name in (
        ("headline", "title_accuracy"),
        ("author", "author_accuracy"),
        ("datePublished", "date_accuracy"),
    ):
        metrics[name] = _accuracy(subset, {k: _rename(v) for k, v in predicted.items()}, field)
    return metrics, rows, len(keys)


def _rename(item: Mapping[str, object]) -> dict[str, object]:
    return {
        "headline": item.get("title"),
        "author": item.get("author"),
        "datePublished": item.get("date"),
        **item,
    }


def evaluate(
    data_dir: Path, *, split: str | None = None, peers: bool = False, limit: int | None = None
) -> EvalResult:
    """Score our HTML extraction (and with ``peers`` plain trafilatura) on AEB."""
    metrics, rows, n_items = score(data_dir, _ours, limit=limit)
    result = EvalResult(
        task=TASK, data=str(data_dir), split=split, n_items=n_items, metrics=metrics, per_item=rows
    )
    if peers:
        peer_metrics, _rows, _n = score(data_dir, _trafilatura_plain, limit=limit)
        result.peers["trafilatura"] = peer_metrics
    return result
