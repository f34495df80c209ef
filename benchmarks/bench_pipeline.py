"""Throughput and memory of the pipeline, against the bare spaCy parse of the same text.

Measures, in one run on the same articles:

* the ceiling: bare ``nlp.pipe`` over the cleaned texts (words/s);
* each stage alone (clean, actors, claims, attribution, status) over pre-parsed docs;
* the whole pipeline end to end (read -> clean -> parse -> extract -> store in SQLite) on one
  and two processes, as a ratio to the bare parse;
* peak RSS of the end-to-end run at two input sizes (a subprocess each), to show that memory
  stays flat as the input grows.

Inputs: the Wikinews corpus (``shared/data/corpus/wikinews``) and a WARC built from the AEB
pages (``shared/data/extraction/aeb/html``). Larger inputs repeat the corpus with a distinct
marker line per copy so that no copy is a duplicate of another.

Usage::

    python benchmarks/bench_pipeline.py [--shared ../shared] [--repeat 3]
        [--rss-sizes 1000,20000] [--write-doc docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def load_wikinews(shared: Path) -> list[dict[str, str]]:
    path = shared / "data" / "corpus" / "wikinews" / "articles.jsonl"
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_jsonl(
    records: list[dict[str, str]], path: Path, copies: int, *, max_words: int | None = None
) -> int:
    """Write ``copies`` distinct copies of ``records`` to JSONL; returns documents written."""
    n = 0
    with path.open("w", encoding="utf-8") as handle:
        for copy in range(copies):
            for rec in records:
                text = rec["text"]
                if max_words is not None:
                    text = " ".join(text.split()[:max_words])
                out = {
                    "id": f"{rec['id']}-{copy}",
                    "title": rec.get("title"),
                    "published": rec.get("date"),
                    "text": mark_copy(text, copy),
                }
                handle.write(json.dumps(out) + "\n")
                n += 1
    return n


def mark_copy(text: str, copy: int) -> str:
    """``text`` with a sentence naming the copy added to its first paragraph, so that copies
    stay distinct documents after cleaning (a marker line of its own is cleaned away)."""
    first, sep, rest = text.partition("\n\n")
    return f"{first} This is copy number {copy} of the report.{sep}{rest}"


def build_aeb_warc(shared: Path, path: Path) -> int:
    """A WARC of HTTP 200 responses, one per AEB page."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = sorted((shared / "data" / "extraction" / "aeb" / "html").glob("*.html.gz"))
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for page in pages:
            body = gzip.decompress(page.read_bytes())
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://example.org/{page.name.removesuffix('.html.gz')}",
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
            )
            writer.write_record(record)
    return len(pages)


def timed(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bench_stages(texts: list[str], repeat: int) -> dict[str, dict[str, float]]:
    from claimgraph.actors import load_resolver
    from claimgraph.attribution import chain_for, find_attributions
    from claimgraph.claims import build_events, find_predicates
    from claimgraph.nlp.model import BATCH_SIZE, load_nlp
    from claimgraph.status import assess, derive_status

    nlp = load_nlp()
    resolver = load_resolver()
    n_words = words(texts)
    out: dict[str, dict[str, float]] = {}

    def rate(seconds: float) -> dict[str, float]:
        return {
            "seconds": round(seconds, 3),
            "docs_per_s": round(len(texts) / seconds, 1),
            "words_per_s": round(n_words / seconds),
        }

    out["bare spaCy parse (nlp.pipe)"] = rate(
        timed(lambda: list(nlp.pipe(texts, batch_size=BATCH_SIZE)), repeat)
    )
    docs = list(nlp.pipe(texts, batch_size=BATCH_SIZE))
    mentions = [resolver.find_mentions(doc) for doc in docs]
    out["actors"] = rate(timed(lambda: [resolver.find_mentions(d) for d in docs], repeat))
    preds = [find_predicates(doc) for doc in docs]
    out["claims: predicates"] = rate(timed(lambda: [find_predicates(d) for d in docs], repeat))
    out["claims: events"] = rate(
        timed(
            lambda: [build_events(d, p, m) for d, p, m in zip(docs, preds, mentions, strict=True)],
            repeat,
        )
    )
    out["attribution"] = rate(
        timed(
            lambda: [find_attributions(d, m) for d, m in zip(docs, mentions, strict=True)], repeat
        )
    )
    events = [build_events(d, p, m) for d, p, m in zip(docs, preds, mentions, strict=True)]
    atts = [find_attributions(d, m) for d, m in zip(docs, mentions, strict=True)]

    def status_all() -> None:
        for doc, evs, att in zip(docs, events, atts, strict=True):
            for ev in evs:
                p = ev.predicate
                derive_status(
                    assess(doc, p.trigger_i, attributions=att),
                    chain_for((p.trigger_start, p.trigger_end), att),
                )

    out["status"] = rate(timed(status_all, repeat))
    return out


def bench_clean(records: list[dict[str, str]], repeat: int) -> dict[str, float]:
    from claimgraph.clean import clean_document
    from claimgraph.records import RawDocument

    raws = [RawDocument(source=r["id"], data=r["text"].encode("utf-8")) for r in records]
    seconds = timed(lambda: [clean_document(r) for r in raws], repeat)
    n_words = words([r["text"] for r in records])
    return {
        "seconds": round(seconds, 3),
        "docs_per_s": round(len(raws) / seconds, 1),
        "words_per_s": round(n_words / seconds),
    }


def run_cli_ingest(inputs: list[str], workers: int, db: Path) -> dict[str, float]:
    """End-to-end ingest in a subprocess; returns wall time and the child's peak RSS."""
    cmd = [
        sys.executable,
        "-m",
        "claimgraph.cli.main",
        "-q",
        "ingest",
        *inputs,
        "--db",
        f"sqlite:///{db}",
        "--workers",
        str(workers),
        "--json",
    ]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"ingest failed ({proc.returncode}): {proc.stderr[-2000:]}")
    summary = json.loads(proc.stdout[proc.stdout.index("{") :])
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mb": summary.get("peak_rss_mb", 0.0),
        "docs": summary.get("stored", 0),
        "words": summary.get("words", 0),
        "claims": summary.get("claims", 0),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument(
        "--copies", type=int, default=2, help="corpus copies for the end-to-end runs"
    )
    parser.add_argument("--rss-sizes", default="1000,20000")
    parser.add_argument(
        "--rss-words", type=int, default=60, help="words per document in the RSS runs"
    )
    parser.add_argument("--write-doc", type=Path)
    parser.add_argument("--render", type=Path, help="only write --write-doc from this JSON")
    args = parser.parse_args(argv)
    if args.render is not None and args.write_doc is not None:
        args.write_doc.write_text(render(json.loads(args.render.read_text())), encoding="utf-8")
        return 0

    records = load_wikinews(args.shared)
    texts = [r["text"] for r in records]
    results: dict[str, object] = {
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "command": "python " + " ".join([Path(sys.argv[0]).as_posix(), *(argv or sys.argv[1:])]),
        "corpus": f"Wikinews ({len(records)} articles, {words(texts)} words)",
        "load_before": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    stages = {"clean (plain text)": bench_clean(records, args.repeat)}
    stages.update(bench_stages(texts, args.repeat))
    results["stages"] = stages
    bare = stages["bare spaCy parse (nlp.pipe)"]["words_per_s"]

    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        corpus = tmpdir / "wikinews.jsonl"
        write_jsonl(records, corpus, args.copies)
        e2e: dict[str, dict[str, float]] = {}
        for workers in (1, 2):
            run = run_cli_ingest([str(corpus)], workers, tmpdir / f"w{workers}.db")
            run["words_per_s"] = round(run["words"] / run["seconds"])
            run["ratio_to_bare_parse"] = round(run["words_per_s"] / bare, 3)
            e2e[f"wikinews x{args.copies}, {workers} process(es)"] = run
        warc = tmpdir / "aeb.warc.gz"
        n_pages = build_aeb_warc(args.shared, warc)
        run = run_cli_ingest([str(warc)], 1, tmpdir / "warc.db")
        run["words_per_s"] = round(run["words"] / run["seconds"])
        e2e[f"AEB WARC ({n_pages} pages), 1 process"] = run
        results["end_to_end"] = e2e

        rss: dict[str, dict[str, float]] = {}
        for size in (int(s) for s in args.rss_sizes.split(",")):
            copies = -(-size // len(records))
            path = tmpdir / f"rss{size}.jsonl"
            write_jsonl(records, path, copies, max_words=args.rss_words)
            rss[f"{size} docs"] = run_cli_ingest([str(path)], 1, tmpdir / f"rss{size}.db")
        results["peak_rss"] = rss

    results["load_after"] = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    out = json.dumps(results, indent=2)
    sys.stdout.write(out + "\n")
    if args.write_doc:
        args.write_doc.write_text(render(results), encoding="utf-8")
    return 0


def render(results: dict[str, object]) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench`; do not edit by hand.",
        "",
        f"- Machine: {results['machine']}",
        f"- Command: `{results['command']}`",
        f"- Corpus: {results['corpus']}",
        f"- Load average (1, 5, 15 min) before / after: {results.get('load_before', '?')} / "
        f"{results.get('load_after', '?')}; other work on this shared machine slows every row",
        "",
        "## Stages (one process, best of runs)",
        "",
        "| stage | seconds | docs/s | words/s |",
        "|---|---|---|---|",
    ]
    for name, row in results["stages"].items():  # type: ignore[attr-defined]
        lines.append(f"| {name} | {row['seconds']} | {row['docs_per_s']} | {row['words_per_s']} |")
    lines += [
        "",
        "## End to end (read → clean → parse → extract → SQLite)",
        "",
        "| input | seconds | docs | words/s | ratio to bare parse | peak RSS MB |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in results["end_to_end"].items():  # type: ignore[attr-defined]
        lines.append(
            f"| {name} | {row['seconds']} | {row['docs']} | {row.get('words_per_s', '—')} | "
            f"{row.get('ratio_to_bare_parse', '—')} | {row['peak_rss_mb']} |"
        )
    lines += [
        "",
        "## Peak RSS against input size",
        "",
        "| input | seconds | docs | peak RSS MB |",
        "|---|---|---|---|",
    ]
    for name, row in results["peak_rss"].items():  # type: ignore[attr-defined]
        lines.append(f"| {name} | {row['seconds']} | {row['docs']} | {row['peak_rss_mb']} |")
    return "\n".join([*lines, "", *targets(results)]) + "\n"


def targets(results: dict[str, object]) -> list[str]:
    """The throughput and memory targets, read off the measured rows."""
    e2e = [row for name, row in results["end_to_end"].items() if "wikinews" in name]  # type: ignore[attr-defined]
    rss = [row["peak_rss_mb"] for row in results["peak_rss"].values()]  # type: ignore[attr-defined]
    out = ["## Targets", ""]
    if len(e2e) == 2:
        one, two = e2e
        speedup = one["seconds"] / two["seconds"]
        out.append(
            f"- whole pipeline on 1 process ≥ 0.75 of the bare parse: {one['ratio_to_bare_parse']} "
            f"({'met' if one['ratio_to_bare_parse'] >= 0.75 else 'not met'})"
        )
        out.append(
            f"- 2 processes ≥ 1.8× one: {speedup:.2f}× ({'met' if speedup >= 1.8 else 'not met'})"
        )
    if len(rss) == 2 and rss[0]:
        growth = rss[1] / rss[0] - 1
        out.append(
            f"- peak RSS flat (within 10%) between the two input sizes: {growth:+.1%} "
            f"({'met' if abs(growth) <= 0.10 else 'not met'})"
        )
    return out


if __name__ == "__main__":
    raise SystemExit(main())
