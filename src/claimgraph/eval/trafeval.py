"""Metadata of our HTML cleaning on trafilatura's evaluation pages: ``trafeval``.

Layout: ``evaldata.json`` (``{url: {"file", "with", "without", "title", "author", "date",
...}}``), ``manifest.tsv`` (``url``, ``path``: the gzipped page under the folder). About 850
of the 990 entries carry ``title``/``author``/``date`` gold; an empty value means the page has
none, and that page is not scored for the field.

Each page goes through ``clean_document`` as ``RawDocument(media_type="text/html")``, the
path every HTML input takes. Metrics, over the pages whose gold has the field:

* ``title_accuracy``, ``author_accuracy``: exact match after lower-casing and collapsing
  spaces (several gold authors are joined with "; ", as trafilatura joins them);
* ``date_accuracy``: the publication date equals the gold ``YYYY-MM-DD``;
* ``title_token_f1``/``author_token_f1``: share of pages whose word-level F1 with the gold is
  at least 0.8 (title) / 0.5 (author), the lenient figures of ``extraction/PEER_RESULTS.md``;
* ``date_found``: share of dated pages where some date was produced.

A page our cleaning rejects (no article body) counts as a miss for every field. With
``peers`` trafilatura's own ``extract_metadata`` runs on the same pages. trafilatura was
tuned on this set, so its figures are an upper anchor rather than a fair peer.
"""

from __future__ import annotations

import csv
import gzip
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from claimgraph.errors import InputError
from claimgraph.eval.base import EvalResult, Metric, f1, require_path

logger = logging.getLogger(__name__)

TASK = "trafeval"
DEFAULT_SPLIT: str | None = None
FIELDS = ("title", "author", "date")

#: Word F1 at or above which a title / an author counts as found (PEER_RESULTS.md's figures).
TITLE_TOKEN_F1 = 0.8
AUTHOR_TOKEN_F1 = 0.5

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str | None = None
    author: str | None = None
    date: str | None = None  # YYYY-MM-DD

    def get(self, field: str) -> str | None:
        value: str | None = getattr(self, field)
        return value


Extractor = Callable[[bytes, str], PageMeta]


def _gold_value(value: object) -> str | None:
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value if item)
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()


def load_gold(data_dir: Path) -> list[tuple[str, Path, PageMeta]]:
    """``(url, page path, gold metadata)`` of the entries with any metadata, in manifest order."""
    evaldata = require_path(data_dir / "evaldata.json", task=TASK, what="evaldata.json")
    manifest = require_path(data_dir / "manifest.tsv", task=TASK, what="manifest.tsv (url, path)")
    gold: dict[str, dict[str, object]] = json.loads(evaldata.read_text(encoding="utf-8"))
    out: list[tuple[str, Path, PageMeta]] = []
    with manifest.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            entry = gold.get(row["url"])
            if entry is None:
                continue
            meta = PageMeta(
                title=_gold_value(entry.get("title")),
                author=_gold_value(entry.get("author")),
                date=_gold_value(entry.get("date")),
            )
            if meta.title is None and meta.author is None and meta.date is None:
                continue
            out.append((row["url"], data_dir / row["path"], meta))
    return out


def _read_page(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def ours(data: bytes, url: str) -> PageMeta:
    """Our cleaning's metadata for one page; empty when the page is rejected."""
    from claimgraph.clean import clean_document
    from claimgraph.records import RawDocument

    raw = RawDocument(source=url, data=data, media_type="text/html", url=url)
    try:
        article = clean_document(raw)
    except InputError as err:
        logger.debug("%s: rejected by cleaning: %s", url, err)
        return PageMeta()
    return PageMeta(
        title=article.title,
        author=article.author,
        date=article.published.isoformat() if article.published else None,
    )


def trafilatura_metadata(data: bytes, url: str) -> PageMeta:
    """trafilatura's ``extract_metadata`` on the decoded page."""
    from trafilatura import extract_metadata
    from trafilatura.utils import decode_file

    document = extract_metadata(decode_file(data), default_url=url)
    if document is None:
        return PageMeta()
    return PageMeta(title=document.title, author=document.author, date=document.date)


def normalize(value: str | None) -> str:
    return " ".join((value or "").lower().split())


def token_f1(gold: str, predicted: str | None) -> float:
    """Word-level F1 of two strings (bags of lower-cased words)."""
    gold_words = _WORD.findall(gold.lower())
    pred_words = _WORD.findall((predicted or "").lower())
    if not gold_words or not pred_words:
        return 0.0
    common = 0
    remaining = list(pred_words)
    for word in gold_words:
        if word in remaining:
            remaining.remove(word)
            common += 1
    return f1(common / len(pred_words), common / len(gold_words))


def _rate(hits: int, total: int) -> Metric:
    return round(hits / total, 4) if total else None


def score_pages(
    pages: list[tuple[str, PageMeta, PageMeta]],
) -> tuple[dict[str, Metric], list[dict[str, object]]]:
    """Metrics over ``(url, gold, predicted)`` triples (see the module docstring)."""
    totals = dict.fromkeys(FIELDS, 0)
    exact = dict.fromkeys(FIELDS, 0)
    lenient = {"title": 0, "author": 0}
    date_found = 0
    rows: list[dict[str, object]] = []
    for url, gold, predicted in pages:
        row: dict[str, object] = {"url": url}
        for field in FIELDS:
            want = gold.get(field)
            if want is None:
                continue
            got = predicted.get(field)
            totals[field] += 1
            hit = normalize(got) == normalize(want)
            exact[field] += hit
            row[field] = hit
            if field == "date":
                date_found += bool(got)
            else:
                threshold = TITLE_TOKEN_F1 if field == "title" else AUTHOR_TOKEN_F1
                lenient[field] += token_f1(want, got) >= threshold
        rows.append(row)
    metrics: dict[str, Metric] = {
        "title_accuracy": _rate(exact["title"], totals["title"]),
        "author_accuracy": _rate(exact["author"], totals["author"]),
        "date_accuracy": _rate(exact["date"], totals["date"]),
        "title_token_f1": _rate(lenient["title"], totals["title"]),
        "author_token_f1": _rate(lenient["author"], totals["author"]),
        "date_found": _rate(date_found, totals["date"]),
        "n_title": totals["title"],
        "n_author": totals["author"],
        "n_date": totals["date"],
    }
    return metrics, rows


def score(
    data_dir: Path, extractor: Extractor, *, limit: int | None = None
) -> tuple[dict[str, Metric], list[dict[str, object]], int]:
    gold = load_gold(data_dir)
    if limit is not None:
        gold = gold[:limit]
    pages: list[tuple[str, PageMeta, PageMeta]] = []
    for url, path, meta in gold:
        require_path(path, task=TASK, what=f"the page listed in manifest.tsv for {url}")
        pages.append((url, meta, extractor(_read_page(path), url)))
    metrics, rows = score_pages(pages)
    return metrics, rows, len(pages)


def evaluate(
    data_dir: Path, *, split: str | None = None, peers: bool = False, limit: int | None = None
) -> EvalResult:
    """Score our HTML cleaning's title/author/date (and with ``peers`` trafilatura's)."""
    metrics, rows, n_items = score(data_dir, ours, limit=limit)
    result = EvalResult(
        task=TASK, data=str(data_dir), split=split, n_items=n_items, metrics=metrics, per_item=rows
    )
    result.notes.append(
        "gold: evaldata.json title/author/date; pages without a value are not scored for it"
    )
    if peers:
        peer_metrics, _rows, _n = score(data_dir, trafilatura_metadata, limit=limit)
        result.peers["trafilatura"] = peer_metrics
        result.notes.append("trafilatura was tuned on this set: an upper anchor, not a fair peer")
    return result
