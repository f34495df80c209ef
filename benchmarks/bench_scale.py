"""Scale benchmarks: engines (local vs Ray), store queries at size, PostgreSQL ingest.

Three parts, each selectable (``--parts engines,store,pg``):

* **engines**: the Wikinews corpus repeated ``--repeat`` times (a marker line per copy, so no
  copy duplicates another), sharded into JSONL files; the local engine and the Ray engine on 1
  and 2 workers, each as a ratio to the bare spaCy ``nlp.pipe`` parse of the same texts in the
  same run (one process, and two with ``n_process=2``).
* **store**: a synthetic large store built from real corpus documents recombined (paragraphs of
  different articles joined; claims placed on real sentences with actors drawn from a fixed
  list) written with ``Store.write`` (SQLite) and ``BulkLoader`` (PostgreSQL, COPY); then
  p50/p95 latency of the main reads: actor profile (claims + relations of an actor), relation
  list with filters, evidence page (claims of one relation with their documents); and store
  size per 1000 documents.
* **pg**: ingest rate into PostgreSQL with 2 concurrent writers loading overlapping documents.

PostgreSQL runs on a private server started from the Debian binaries (``tests/pgserver.py``).

Usage::

    python benchmarks/bench_scale.py [--shared ../shared] [--repeat 2] [--docs 20000]
        [--claims-per-doc 10] [--parts engines,store,pg] [--json out.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import multiprocessing as mp
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pgserver import pg_skip_reason, postgres_server  # noqa: E402

from claimgraph.records import (  # noqa: E402
    Actor,
    ActorId,
    Article,
    ArticleResult,
    Claim,
    ClaimActor,
    ClaimId,
    DocId,
    Mention,
    SourceLink,
)
from claimgraph.vocab import (  # noqa: E402
    ActorKind,
    Certainty,
    CueKind,
    PloverType,
    Polarity,
    SourceKind,
    Status,
    Tense,
)

PYTHON = platform.python_version()
WRITE_BATCH = 500  # documents per store write in the synthetic build
QUERY_SAMPLES = 60  # timed calls per query kind


def load_corpus(shared: Path) -> list[dict[str, Any]]:
    path = shared / "data" / "corpus" / "wikinews" / "articles.jsonl"
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def n_words(texts: Sequence[str]) -> int:
    return sum(len(text.split()) for text in texts)


# --------------------------------------------------------------------------------------------
# engines
# --------------------------------------------------------------------------------------------


def write_shards(records: list[dict[str, Any]], repeat: int, shards: int, out: Path) -> list[str]:
    """The corpus ``repeat`` times over ``shards`` JSONL files; returns the texts."""
    out.mkdir(parents=True, exist_ok=True)
    handles = [(out / f"shard-{i:03d}.jsonl").open("w", encoding="utf-8") for i in range(shards)]
    texts: list[str] = []
    n = 0
    for copy in range(repeat):
        for record in records:
            text = f"{record['text']}\n\nCopy {copy} of this report."
            row = {"id": f"{record['id']}-{copy}", "title": record.get("title"),
                   "date": record.get("date"), "text": text}  # fmt: skip
            handles[n % shards].write(json.dumps(row) + "\n")
            texts.append(text)
            n += 1
    for handle in handles:
        handle.close()
    return texts


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def bench_engines(shared: Path, repeat: int, work: Path) -> dict[str, Any]:
    import ray

    from claimgraph.engine.local import run_local
    from claimgraph.engine.ray import run_ray
    from claimgraph.ingest import iter_documents
    from claimgraph.nlp.model import BATCH_SIZE, load_nlp
    from claimgraph.store import Store

    records = load_corpus(shared)
    shard_dir = work / "shards"
    texts = write_shards(records, repeat, shards=16, out=shard_dir)
    words = n_words(texts)
    nlp = load_nlp()
    results: dict[str, Any] = {"documents": len(texts), "words": words}
    bare1 = timed(lambda: list(nlp.pipe(texts, batch_size=BATCH_SIZE)))
    bare2 = timed(lambda: list(nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=2)))
    results["bare_parse_s"] = {"1": round(bare1, 2), "2": round(bare2, 2)}
    inputs = [str(shard_dir)]
    for workers in (1, 2):
        db = work / f"local{workers}.db"
        with Store(f"sqlite:///{db}") as store:
            seconds = timed(
                lambda s=store, w=workers: run_local(  # type: ignore[misc]
                    iter_documents(inputs), s, workers=w
                )
            )
        results[f"local_{workers}_s"] = round(seconds, 2)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        for workers in (1, 2):
            db = work / f"ray{workers}.db"
            with Store(f"sqlite:///{db}") as store:
                seconds = timed(lambda s=store, w=workers: run_ray(inputs, s, workers=w))  # type: ignore[misc]
            results[f"ray_{workers}_s"] = round(seconds, 2)
    finally:
        ray.shutdown()
    bare = {1: bare1, 2: bare2}
    for kind in ("local", "ray"):
        for workers in (1, 2):
            seconds = results[f"{kind}_{workers}_s"]
            results[f"{kind}_{workers}_words_per_s"] = round(words / seconds)
            results[f"{kind}_{workers}_vs_bare"] = round(bare[workers] / seconds, 3)
    results["ray_speedup_2_vs_1"] = round(results["ray_1_s"] / results["ray_2_s"], 3)
    for workers in (1, 2):
        results[f"ray_overhead_{workers}"] = round(
            results[f"ray_{workers}_s"] / results[f"local_{workers}_s"] - 1, 3
        )
    return results


# --------------------------------------------------------------------------------------------
# synthetic store
# --------------------------------------------------------------------------------------------

_KINDS = (ActorKind.STATE, ActorKind.ORGANIZATION, ActorKind.PERSON, ActorKind.ARMED_GROUP)
_TYPES = tuple(PloverType)
_STATUSES = tuple(Status)
_OUTLETS = tuple(f"Outlet {i}" for i in range(60))


def make_actors(n: int) -> list[Actor]:
    return [
        Actor(ActorId(f"actor-{i:04d}"), f"Actor {i}", _KINDS[i % len(_KINDS)],
              country=f"C{i % 90:02d}", sector="GOV")
        for i in range(n)
    ]  # fmt: skip


def _sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for i, char in enumerate(text):
        if char == "." and i + 1 < len(text) and text[i + 1] in " \n":
            if i + 1 - start > 40:
                spans.append((start, i + 1))
            start = i + 2
    return spans


def synth_result(
    index: int, paragraphs: list[str], actors: list[Actor], rng: random.Random, per_doc: int
) -> ArticleResult:
    """A document recombined from three real paragraphs, with ``per_doc`` claims on it."""
    picks = [paragraphs[rng.randrange(len(paragraphs))] for _ in range(3)]
    text = "\n\n".join(picks) + f"\n\nReport {index}."
    doc_id = DocId(hashlib.sha1(text.encode()).hexdigest())
    published = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1500))
    article = Article(doc_id=doc_id, source=f"synthetic/{index}.txt", text=text,
                      title=f"Report {index}", outlet=_OUTLETS[index % len(_OUTLETS)],
                      author=None, published=published)  # fmt: skip
    spans = _sentences(text) or [(0, len(text))]
    claims: list[Claim] = []
    mentions: list[Mention] = []
    # Zipf-like actor popularity: a few actors appear in many claims, as in news.
    weights = [1 / (rank + 1) for rank in range(len(actors))]
    for k in range(per_doc):
        start, end = spans[k % len(spans)]
        subject, obj = rng.choices(actors, weights=weights, k=2)
        if subject.id == obj.id:
            obj = actors[(actors.index(obj) + 1) % len(actors)]
        type_ = _TYPES[rng.randrange(len(_TYPES))]
        status = _STATUSES[rng.randrange(len(_STATUSES))]
        sub = ClaimActor(subject.id, subject.name, subject.kind, subject.sector, subject.country,
                         text[start:start + 5], start, start + 5)  # fmt: skip
        ob = ClaimActor(obj.id, obj.name, obj.kind, obj.sector, obj.country,
                        text[end - 6:end - 1], end - 6, end - 1)  # fmt: skip
        chain: tuple[SourceLink, ...] = ()
        if status is not Status.ASSERTED:
            chain = (SourceLink(f"Source {rng.randrange(300)}", None, SourceKind.NAMED_SOURCE,
                                "said", CueKind.NEUTRAL, None),)  # fmt: skip
        key = f"{doc_id}|{start}|{k}|{sub.id}|{type_}|{ob.id}"
        claims.append(Claim(
            claim_id=ClaimId(hashlib.sha1(key.encode()).hexdigest()), doc_id=doc_id,
            sentence=text[start:end], char_span=(start, end), trigger=text[start:start + 3],
            trigger_span=(start, start + 3), subject=sub, type=type_, mode=None, object=ob,
            event_date=None, attribution=chain, certainty=Certainty.CERTAIN,
            polarity=Polarity.NEGATIVE if status is Status.DENIED else Polarity.POSITIVE,
            time=Tense.FUTURE if status is Status.PREDICTED else Tense.PAST_OR_PRESENT,
            status=status, confidence=0.8, title=article.title, outlet=article.outlet,
            published=published, source_doc=article.source,
        ))  # fmt: skip
        mentions.append(Mention(sub.start, sub.end, sub.mention, subject))
        mentions.append(Mention(ob.start, ob.end, ob.mention, obj))
    return ArticleResult(article=article, mentions=tuple(mentions), claims=tuple(claims))


def synth_batches(
    shared: Path, docs: int, per_doc: int, *, seed: int = 7
) -> tuple[list[Actor], Callable[[], Any]]:
    records = load_corpus(shared)
    paragraphs = [p for r in records for p in r["text"].split("\n\n") if len(p) > 200]
    actors = make_actors(400)

    def batches() -> Any:
        rng = random.Random(seed)
        for start in range(0, docs, WRITE_BATCH):
            yield [synth_result(i, paragraphs, actors, rng, per_doc)
                   for i in range(start, min(start + WRITE_BATCH, docs))]  # fmt: skip

    return actors, batches


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_queries(
    store: Any, actors: list[Actor], rng: random.Random
) -> dict[str, dict[str, float]]:
    """p50/p95 in ms of the main reads, over ``QUERY_SAMPLES`` calls each."""
    popular = actors[:40]  # the heavy end of the Zipf draw: the worst case for a profile

    def actor_profile() -> None:
        actor = rng.choice(popular).id
        store.query_claims(actor=actor, limit=100)
        store.relations(actor=actor, limit=50)

    def relation_list() -> None:
        store.relations(type=rng.choice(_TYPES).value, min_sources=2, limit=50)

    relations = store.relations(limit=200)

    def evidence_page() -> None:
        row = rng.choice(relations)
        claims = store.query_claims(subject=row.subject.id, object=row.object.id,
                                    type=row.type, limit=50)  # fmt: skip
        for doc_id in sorted({claim.doc_id for claim in claims})[:10]:
            store.get_document(doc_id)

    out: dict[str, dict[str, float]] = {}
    for name, fn in (("actor_profile", actor_profile), ("relation_list", relation_list),
                     ("evidence_page", evidence_page)):  # fmt: skip
        fn()  # warm
        samples = [timed(fn) * 1000 for _ in range(QUERY_SAMPLES)]
        out[name] = {"p50_ms": round(percentile(samples, 0.5), 1),
                     "p95_ms": round(percentile(samples, 0.95), 1)}  # fmt: skip
    return out


def db_size_pg(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        size = int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
    engine.dispose()
    return size


def bench_store(
    shared: Path, docs: int, per_doc: int, work: Path, pg_url: str | None
) -> dict[str, Any]:
    from claimgraph.store import Store
    from claimgraph.store.bulk import BulkLoader

    actors, batches = synth_batches(shared, docs, per_doc)
    out: dict[str, Any] = {"documents": docs, "claims": docs * per_doc}
    db = work / "big.db"
    started = time.perf_counter()
    with Store(f"sqlite:///{db}") as store:
        for batch in batches():
            store.write(batch)
        build = time.perf_counter() - started
        stats = store.stats()
        out["sqlite"] = {
            "build_s": round(build, 1), "claims": stats.claims, "relations": stats.relations,
            "docs_per_s": round(docs / build), "claims_per_s": round(stats.claims / build),
            "queries": time_queries(store, actors, random.Random(1)),
        }  # fmt: skip
    size = db.stat().st_size + sum(p.stat().st_size for p in work.glob("big.db-*"))
    out["sqlite"]["mb_per_1k_docs"] = round(size / docs * 1000 / 1e6, 2)
    if pg_url is not None:
        started = time.perf_counter()
        with BulkLoader(pg_url) as loader:
            loader.ensure_schema()
            for batch in batches():
                loader.write(batch)
        build = time.perf_counter() - started
        with Store(pg_url) as store:
            out["postgres"] = {
                "build_s": round(build, 1), "claims": store.stats().claims,
                "docs_per_s": round(docs / build), "claims_per_s": round(docs * per_doc / build),
                "queries": time_queries(store, actors, random.Random(1)),
            }  # fmt: skip
        out["postgres"]["mb_per_1k_docs"] = round(db_size_pg(pg_url) / docs * 1000 / 1e6, 2)
    return out


# --------------------------------------------------------------------------------------------
# concurrent PostgreSQL writers
# --------------------------------------------------------------------------------------------


def _writer(  # noqa: PLR0917 - a multiprocessing target takes positional arguments
    url: str, shared: str, docs: int, per_doc: int, offset: int, barrier: Any,
            queue: Any) -> None:  # fmt: skip
    from claimgraph.store.bulk import BulkLoader

    _, batches = synth_batches(Path(shared), docs, per_doc, seed=11)
    prepared = list(batches())[offset:] + list(batches())[:offset]
    with BulkLoader(url) as loader:
        barrier.wait()
        started = time.perf_counter()
        written = 0
        for batch in prepared:
            written += loader.write(batch).documents
        queue.put((written, time.perf_counter() - started))


def bench_pg_concurrent(shared: Path, docs: int, per_doc: int, pg_url: str) -> dict[str, Any]:
    from sqlalchemy import create_engine, text

    from claimgraph.store.bulk import BulkLoader

    with BulkLoader(pg_url) as loader:
        loader.ensure_schema()
    ctx = mp.get_context("spawn")
    barrier, queue = ctx.Barrier(2), ctx.Queue()
    n_batches = max(1, docs // WRITE_BATCH)
    procs = [ctx.Process(target=_writer, args=(pg_url, str(shared), docs, per_doc,
                                               offset, barrier, queue))
             for offset in (0, n_batches // 2)]  # fmt: skip
    for proc in procs:
        proc.start()
    outcomes = [queue.get() for _ in procs]
    for proc in procs:
        proc.join()
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        stored = int(conn.execute(text("SELECT count(*) FROM documents")).scalar_one())
        claims = int(conn.execute(text("SELECT count(*) FROM claims")).scalar_one())
    engine.dispose()
    wall = max(seconds for _, seconds in outcomes)
    return {"documents_offered_per_writer": docs, "stored_documents": stored,
            "stored_claims": claims, "written_by_each": [w for w, _ in outcomes],
            "wall_s": round(wall, 1), "docs_per_s": round(stored / wall),
            "claims_per_s": round(claims / wall)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--claims-per-doc", type=int, default=10)
    parser.add_argument("--pg-docs", type=int, default=5_000)
    parser.add_argument("--parts", default="engines,store,pg")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    report: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {PYTHON}",
        "command": " ".join(sys.argv),
    }
    pg_reason = pg_skip_reason()
    with tempfile.TemporaryDirectory(prefix="cg-scale-") as tmp:
        work = Path(tmp)
        if "engines" in parts:
            report["engines"] = bench_engines(args.shared, args.repeat, work)
            print(json.dumps(report["engines"], indent=1), flush=True)
        if "store" in parts or "pg" in parts:
            if pg_reason is not None:
                print(f"PostgreSQL skipped: {pg_reason}", flush=True)
            from tests.pgserver import create_database

            with postgres_server() if pg_reason is None else _null() as server:
                if "store" in parts:
                    url = create_database(server, "bigstore") if server else None
                    report["store"] = bench_store(args.shared, args.docs, args.claims_per_doc,
                                                  work, url)  # fmt: skip
                    print(json.dumps(report["store"], indent=1), flush=True)
                if "pg" in parts and server:
                    url = create_database(server, "concurrent")
                    report["pg_concurrent"] = bench_pg_concurrent(
                        args.shared, args.pg_docs, args.claims_per_doc, url
                    )
                    print(json.dumps(report["pg_concurrent"], indent=1), flush=True)
    if args.json is not None:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


if __name__ == "__main__":
    main()
