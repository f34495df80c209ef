"""Scale benchmarks: engines (local vs Ray), store queries at size, PostgreSQL ingest.

Three parts, each selectable (``--parts engines,store,pg``):

* **engines**: the Wikinews corpus repeated ``--repeat`` times (a sentence naming the copy in its
  first paragraph, so no copy duplicates another after cleaning), sharded into JSONL files;
  the local engine and the Ray engine on 1 and 2 workers, each as a ratio to the bare spaCy
  ``nlp.pipe`` parse of the same texts in the same run (one process, and two with
  ``n_process=2``).
* **store**: a synthetic large store built from real corpus documents recombined (paragraphs of
  different articles joined; claims placed on real sentences with Zipf-distributed actors),
  loaded as rows (``store.bulk.table_rows``: ``executemany`` on SQLite, COPY on PostgreSQL)
  with relations aggregated in memory by the store's own aggregation; no spaCy. Then p50/p95
  latency of the explorer's main reads (actor profile, relation list with filters, evidence
  page, claims of an actor) and store size per 1000 documents.
* **pg**: ingest rate into PostgreSQL with 2 concurrent writers loading overlapping documents
  through ``Store.write`` (COPY) with the syndication-cluster hook, as the engines write.

PostgreSQL runs on a private server started from the Debian binaries (``tests/pgserver.py``).

Usage::

    python benchmarks/bench_scale.py [--shared ../shared] [--repeat 2] [--docs 20000]
        [--claims-per-doc 10] [--parts engines,store,pg] [--json out.json]
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import hashlib
import json
import multiprocessing as mp
import os
import platform
import random
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_pipeline import mark_copy  # noqa: E402
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
            text = mark_copy(record["text"], copy)
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


class CpuSampler:
    """CPU seconds spent during a run, by kind of process (Linux ``/proc``), sampled twice a
    second: this process (the driver), its parse workers, Ray's worker processes (read tasks,
    Ray Data) and Ray's own services (raylet, GCS, monitors). It shows where the time goes
    when an engine falls short of the bare parse."""

    PERIOD_S = 0.5

    def __init__(self) -> None:
        self.ticks = os.sysconf("SC_CLK_TCK")
        self.first: dict[int, float] = {}
        self.last: dict[int, tuple[str, float]] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> CpuSampler:
        self._sample(initial=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        self._sample(initial=False)

    def _loop(self) -> None:
        while not self.stop.wait(self.PERIOD_S):
            self._sample(initial=False)

    def _sample(self, *, initial: bool) -> None:
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            cpu = (int(fields[11]) + int(fields[12])) / self.ticks  # utime + stime
            if initial:
                self.first[pid] = cpu
            else:
                self.last[pid] = (self._kind(pid, cmd), cpu)

    def _kind(self, pid: int, cmd: str) -> str:
        if pid == os.getpid():
            return "driver"
        if cmd.startswith("ray::ArticleExtractor"):
            return "parse actors"
        if cmd.startswith("ray::"):
            return "ray workers (read tasks)"
        if "multiprocessing" in cmd:
            return "parse workers"
        if "ray" in cmd or "raylet" in cmd or "gcs_server" in cmd:
            return "ray services"
        return "other"

    def by_kind(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for pid, (kind, cpu) in self.last.items():
            out[kind] = out.get(kind, 0.0) + cpu - self.first.get(pid, 0.0)
        return {kind: round(seconds, 1) for kind, seconds in sorted(out.items())}


def bench_engines(shared: Path, repeat: int, work: Path) -> dict[str, Any]:
    import ray

    from claimgraph.engine.local import RunSummary, run_local
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

    def check(name: str, summary: RunSummary) -> None:
        # Every copy must reach the parser, or the rate is not comparable to the bare parse.
        results[f"{name}_stored"] = summary.stored
        if summary.stored != len(texts):
            raise SystemExit(f"{name}: stored {summary.stored} of {len(texts)} documents")

    for workers in (1, 2):
        db = work / f"local{workers}.db"
        with Store(f"sqlite:///{db}") as store, CpuSampler() as cpu:
            started = time.perf_counter()
            summary = run_local(iter_documents(inputs), store, workers=workers)
            results[f"local_{workers}_s"] = round(time.perf_counter() - started, 2)
        results[f"local_{workers}_cpu_s"] = cpu.by_kind()
        check(f"local_{workers}", summary)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        # Warm the cluster once (worker processes started, the package imported by the read
        # tasks' workers), as a long-running cluster would be; each timed run still starts
        # its own parse actors and loads their models.
        with Store(f"sqlite:///{work / 'warm.db'}") as store:
            run_ray([str(shard_dir / "shard-000.jsonl")], store, workers=2)
        for workers in (1, 2):
            db = work / f"ray{workers}.db"
            with Store(f"sqlite:///{db}") as store, CpuSampler() as cpu:
                started = time.perf_counter()
                summary = run_ray(inputs, store, workers=workers)
                results[f"ray_{workers}_s"] = round(time.perf_counter() - started, 2)
            results[f"ray_{workers}_cpu_s"] = cpu.by_kind()
            check(f"ray_{workers}", summary)
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


_SENTENCE_END = re.compile(r"\.(?=[ \n])")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if end - start > 40:
            spans.append((start, end))
        start = end + 1
    return spans


def zipf_cum_weights(n: int) -> list[float]:
    """Cumulative Zipf weights over ``n`` ranks (computed once: ``choices`` would redo it)."""
    total = 0.0
    cum: list[float] = []
    for rank in range(n):
        total += 1 / (rank + 1)
        cum.append(total)
    return cum


def synth_result(  # noqa: PLR0917 - a plain generator helper
    index: int,
    paragraphs: list[str],
    actors: list[Actor],
    rng: random.Random,
    per_doc: int,
    cum_weights: list[float] | None = None,
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
    cum = cum_weights or zipf_cum_weights(len(actors))
    for k in range(per_doc):
        start, end = spans[k % len(spans)]
        i, j = (bisect.bisect_left(cum, rng.random() * cum[-1]) for _ in range(2))
        if i == j:
            j = (j + 1) % len(actors)
        subject, obj = actors[i], actors[j]
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
    cum = zipf_cum_weights(len(actors))

    def batches() -> Any:
        rng = random.Random(seed)
        for start in range(0, docs, WRITE_BATCH):
            yield [synth_result(i, paragraphs, actors, rng, per_doc, cum)
                   for i in range(start, min(start + WRITE_BATCH, docs))]  # fmt: skip

    return actors, batches


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_queries(
    store: Any, actors: list[Actor], rng: random.Random
) -> dict[str, dict[str, float]]:
    """p50/p95 in ms of the explorer's main reads (the API's calls), ``QUERY_SAMPLES`` each.

    * actor profile (``/actors/{id}``): the actor with its counts, its 50 strongest relations
      and their total; drawn from the 40 most frequent actors (the worst case); one session
      per call (``Store.reading``), as the API reads;
    * relation list (``/relations?type=..&min_sources=2``): one page of 50 by score, with
      the total, for a random type; every other call adds a status filter;
    * evidence page (``/relations/{s}/{t}/{o}/claims``): the relation and 50 of its claims
      with their chains and documents' metadata, oldest first, plus the timeline; drawn from
      the 200 relations with most claims;
    * claims of an actor (``claimgraph query --actor``): 100 claims in document order.
    """
    from claimgraph.store.queries import RelationFilter

    popular = actors[:40]  # the heavy end of the Zipf draw: the worst case for a profile

    def actor_profile() -> None:  # as the API reads it: one session per request
        actor = rng.choice(popular).id
        with store.reading():
            store.get_actor(actor)
            store.find_relations(RelationFilter(actor_id=actor), limit=50)

    calls = iter(range(10**9))

    def relation_list() -> None:
        status = _STATUSES[rng.randrange(len(_STATUSES))] if next(calls) % 2 else None
        flt = RelationFilter(types=(rng.choice(_TYPES),), min_sources=2, status=status)
        store.find_relations(flt, order="score", limit=50)

    biggest, _ = store.find_relations(order="claims", limit=200)

    def evidence_page() -> None:
        row = rng.choice(biggest)
        with store.reading():
            store.get_relation(row.subject.id, row.type, row.object.id)
            store.relation_claims(row.subject.id, row.type, row.object.id, limit=50)
            store.relation_timeline(row.subject.id, row.type, row.object.id)

    def actor_claims() -> None:
        store.query_claims(actor=rng.choice(popular).id, limit=100)

    out: dict[str, dict[str, float]] = {}
    for name, fn in (("actor_profile", actor_profile), ("relation_list", relation_list),
                     ("evidence_page", evidence_page), ("actor_claims", actor_claims)):  # fmt: skip
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


class _SqliteRows:
    """Appends table rows to a SQLite store with ``executemany`` (one transaction per call)."""

    def __init__(self, path: Path) -> None:
        import sqlite3

        self.conn = sqlite3.connect(path)
        self.conn.execute("PRAGMA foreign_keys=ON")

    def write(self, tables: dict[str, Any]) -> None:
        with self.conn:
            for table, (columns, rows) in tables.items():
                if rows:
                    cols = ", ".join(f'"{c}"' for c in columns)
                    marks = ", ".join("?" for _ in columns)
                    self.conn.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)

    def close(self) -> None:
        self.conn.close()


class _PostgresRows:
    """Appends table rows to a PostgreSQL store with COPY (one transaction per call)."""

    def __init__(self, url: str) -> None:
        import psycopg
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        self.conn = psycopg.connect(host=parsed.host, port=parsed.port, user=parsed.username,
                                    dbname=parsed.database)  # fmt: skip

    def write(self, tables: dict[str, Any]) -> None:
        with self.conn.transaction(), self.conn.cursor() as cur:
            for table, (columns, rows) in tables.items():
                if rows:
                    cols = ", ".join(f'"{c}"' for c in columns)
                    with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)

    def close(self) -> None:
        self.conn.close()


_RELATION_COLUMNS = ("subject_id", "type", "object_id", "n_claims", "n_sources", "n_asserted",
                     "n_reported", "n_alleged", "n_hedged", "n_denied", "n_predicted",
                     "first_date", "last_date", "score", "contradicted")  # fmt: skip


def relation_tables(aggs: dict[Any, Any]) -> dict[str, Any]:
    """``relations`` and ``relation_sources`` rows of the aggregated claims."""
    relations: list[tuple[object, ...]] = []
    sources: list[tuple[object, ...]] = []
    for key, agg in sorted(aggs.items(), key=lambda item: (item[0].subject_id,
                           str(item[0].type), item[0].object_id)):  # fmt: skip
        ident = (key.subject_id, str(key.type), key.object_id)
        counts = tuple(agg.status_counts.get(status, 0) for status in Status)
        relations.append((*ident, agg.n_claims, agg.n_sources, *counts, agg.first_date,
                          agg.last_date, agg.score, agg.contradicted))  # fmt: skip
        sources.extend((*ident, source, agg.source_weights[source])
                       for source in sorted(agg.source_keys))  # fmt: skip
    return {
        "relations": (_RELATION_COLUMNS, relations),
        "relation_sources": (("subject_id", "type", "object_id", "source_key", "weight"),
                             sources),
    }  # fmt: skip


def build_synthetic(url: str, batches: Callable[[], Any]) -> dict[str, Any]:
    """Load the synthetic corpus into a new store as rows (no writer, no merge per batch).

    Relations are aggregated in memory over every claim with the store's own aggregation
    (``graph.aggregate``: the same figures, score and flag ``Store.write`` keeps) and written
    once at the end. Returns the timings of the two steps.
    """
    from claimgraph.graph.aggregate import RelationAgg, RelationKey, claim_date, source_key
    from claimgraph.store import Store
    from claimgraph.store.bulk import table_rows

    Store(url).close()  # the schema, at head, with its indexes
    sqlite = url.startswith("sqlite")
    sink: Any = _SqliteRows(Path(url.removeprefix("sqlite:///"))) if sqlite else _PostgresRows(url)
    now = dt.datetime.now(dt.UTC)
    if sqlite:  # stored as SQLAlchemy's SQLite DateTime does: naive, ISO with a space
        now = now.replace(tzinfo=None)
    aggs: dict[RelationKey, RelationAgg] = {}
    known: dict[str, set[object]] = {"actors": set(), "actor_aliases": set()}
    started = time.perf_counter()
    try:
        for batch in batches():
            tables = table_rows(batch, now=now)
            for table, seen in known.items():
                columns, rows = tables[table]
                fresh = [row for row in rows if row not in seen and row[0] not in seen]
                seen.update(row[0] if table == "actors" else row for row in fresh)
                tables[table] = (columns, fresh)
            sink.write(tables)
            for result in batch:
                for claim in result.claims:
                    key = RelationKey(claim.subject.id, claim.type, claim.object.id)
                    agg = aggs.get(key)
                    if agg is None:
                        agg = aggs[key] = RelationAgg()
                    agg.add(claim, key=source_key(claim), date=claim_date(claim))
        rows_s = time.perf_counter() - started
        sink.write(relation_tables(aggs))
    finally:
        sink.close()
    total = time.perf_counter() - started
    return {"rows_s": round(rows_s, 1), "relations_s": round(total - rows_s, 1),
            "build_s": round(total, 1), "relations": len(aggs)}  # fmt: skip


def bench_store(  # noqa: PLR0917 - the parts' common positional order
    shared: Path,
    docs: int,
    per_doc: int,
    work: Path,
    pg_url: str | None,
    backends: Sequence[str] = ("sqlite", "postgres"),
) -> dict[str, Any]:
    from claimgraph.store import Store
    from claimgraph.store.session import vacuum_analyze

    actors, batches = synth_batches(shared, docs, per_doc)
    out: dict[str, Any] = {"documents": docs, "claims": docs * per_doc}
    urls = {"sqlite": f"sqlite:///{work / 'big.db'}", "postgres": pg_url}
    for backend in backends:
        url = urls[backend]
        if url is None:
            continue
        built = build_synthetic(url, batches)
        if backend == "postgres":
            # As autovacuum would minutes after a bulk load: statistics and the visibility
            # map that index-only reads need (timed apart from the build).
            started = time.perf_counter()
            vacuum_analyze(url)
            built["vacuum_analyze_s"] = round(time.perf_counter() - started, 1)
        with Store(url, read_only=True) as store:
            stats = store.stats()
            built.update(claims=stats.claims, documents=stats.documents,
                         docs_per_s=round(docs / built["build_s"]),
                         claims_per_s=round(stats.claims / built["build_s"]),
                         queries=time_queries(store, actors, random.Random(1)))  # fmt: skip
        if backend == "sqlite":
            size = sum(p.stat().st_size for p in work.glob("big.db*"))
        else:
            size = db_size_pg(url)
        built["mb_per_1k_docs"] = round(size / docs * 1000 / 1e6, 2)
        out[backend] = built
        print(json.dumps({backend: built}, indent=1), flush=True)
    return out


# --------------------------------------------------------------------------------------------
# concurrent PostgreSQL writers
# --------------------------------------------------------------------------------------------


def _writer(  # noqa: PLR0917 - a multiprocessing target takes positional arguments
    url: str, shared: str, docs: int, per_doc: int, offset: int, barrier: Any,
            queue: Any) -> None:  # fmt: skip
    from claimgraph.store import Store
    from claimgraph.store.dedup import assign_clusters

    _, batches = synth_batches(Path(shared), docs, per_doc, seed=11)
    prepared = list(batches())[offset:] + list(batches())[:offset]
    with Store(url) as store:
        barrier.wait()
        started = time.perf_counter()
        written = 0
        for batch in prepared:  # as the engines write: COPY, syndication clusters, merge
            written += store.write(batch, hooks=[assign_clusters]).documents
        queue.put((written, time.perf_counter() - started))


def bench_pg_concurrent(shared: Path, docs: int, per_doc: int, pg_url: str) -> dict[str, Any]:
    from sqlalchemy import create_engine, text

    from claimgraph.store import Store

    Store(pg_url).close()
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
    parser.add_argument("--backends", default="sqlite,postgres",
                        help="stores the 'store' part builds")  # fmt: skip
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
                                                  work, url, args.backends.split(","))  # fmt: skip
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
