"""The Ray engine: read -> clean -> parse -> extract with the parse on a Ray cluster.

The same stages as the local engine, with Ray actors in place of its process pool::

    input files ──> driver: read, clean, drop stored/repeated, strip outlet lines (in order)
        ──> chunks of articles ──> ArticleExtractor actors (one spaCy model each)
        ──> driver, in submission order ──> store (COPY on PostgreSQL) + partitioned Parquet

* The driver reads and cleans the inputs in input order, exactly as the local engine does
  (``engine.local.iter_new_articles``): documents already stored or repeated within the run
  are dropped, and each article loses its outlet's learned boilerplate lines with the counts
  of the documents before it. That step is sequential by nature (a document is stripped with
  what earlier documents taught), and it is cheap next to parsing.
* ``ArticleExtractor`` is a Ray actor: each of the ``workers`` actors builds one ``Pipeline``
  and loads the spaCy model once, in its constructor, then parses whole chunks
  (``CHUNK_ARTICLES``). At most ``IN_FLIGHT_PER_WORKER`` chunks per actor are in flight, so
  memory stays flat; results come back in submission order. ``num_gpus`` (per actor,
  default 0) is passed to Ray; spaCy runs on CPU today, so it only matters once a GPU model
  profile exists.
* The driver is the one writer: each chunk is written with ``Store.write`` (COPY on
  PostgreSQL) and the same batch hooks as the local engine: syndication clusters, outlet line
  counts, the run journal (``InputDone`` markers are recorded with the batch holding each
  file's last document, so an interrupted run resumes). With ``parquet_dir``, documents,
  claims and mentions also go to Parquet under ``documents/``, ``claims/``, ``mentions/``,
  Hive-style partitioned by ``published_month=YYYY-MM`` (``unknown`` without a date).

Both engines give the same store for the same input: the same documents and texts, clusters,
claims (same ids), mentions, relations with their scores and rejects. Ray is optional
(``pip install 'claimgraph[ray]'``) and imported lazily.
"""

from __future__ import annotations

import glob
import logging
import os
import stat
import time
import uuid
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimgraph.clean.outlet_lines import LineObservation, OutletLineModel
from claimgraph.engine.journal import InputDone, RunJournal

# The local engine's chunking and batch hooks, shared so both engines write identically.
from claimgraph.engine.local import (
    IN_FLIGHT_PER_WORKER,
    BatchExtras,
    Chunk,
    ProgressFn,
    RunSummary,
    chunk_items,
    iter_new_articles,
)
from claimgraph.engine.local import load_store_outlet_counts as load_outlet_counts
from claimgraph.errors import ConfigError
from claimgraph.pipeline import CHUNK_ARTICLES, Pipeline, PipelineConfig
from claimgraph.records import Article, ArticleResult, Claim, DocId, RawDocument, Rejected

if TYPE_CHECKING:
    import pyarrow as pa

    from claimgraph.ingest import ReaderOptions
    from claimgraph.store import Store
    from claimgraph.store.database import BatchHook

logger = logging.getLogger(__name__)

__all__ = ["ArticleExtractor", "ParquetSink", "expand_inputs", "parquet_tables", "run_ray"]

PIP_HINT = "pip install 'claimgraph[ray]'  (or: pip install 'ray[data]>=2.60')"


def _import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as err:
        raise ConfigError(
            f"the Ray engine needs Ray Data, which is not installed: {PIP_HINT}"
        ) from err
    return ray


# --------------------------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------------------------


def expand_inputs(inputs: Sequence[str]) -> list[str]:
    """Files behind ``inputs``, in the order the local reader visits them.

    Directories are walked recursively in name order (hidden entries skipped, each directory
    once); globs are expanded sorted. A path that does not exist is kept as is: the worker's
    reader turns it into the same reject the local engine reports. Stdin cannot be
    distributed: ``-`` raises ``ConfigError``.
    """
    files: list[str] = []
    for value in inputs:
        if value == "-":
            raise ConfigError("the Ray engine cannot read stdin ('-'): pass files or directories")
        path = Path(value)
        if path.exists() or path.is_symlink():
            _walk(path, files, visited=set())
        elif glob.has_magic(value):
            matches = sorted(glob.glob(value, recursive=True))
            if not matches:
                files.append(value)
            for match in matches:
                _walk(Path(match), files, visited=set())
        else:
            files.append(value)
    return files


def _walk(path: Path, files: list[str], *, visited: set[tuple[int, int]]) -> None:
    try:
        info = path.stat()
    except OSError:
        files.append(str(path))  # the reader reports it
        return
    if not stat.S_ISDIR(info.st_mode):
        if stat.S_ISREG(info.st_mode):
            files.append(str(path))
        return
    key = (info.st_dev, info.st_ino)
    if key in visited:
        return
    visited.add(key)
    try:
        entries = sorted(os.scandir(path), key=lambda entry: entry.name)
    except OSError:
        files.append(str(path))
        return
    for entry in entries:
        if not entry.name.startswith("."):
            _walk(Path(entry.path), files, visited=visited)


# --------------------------------------------------------------------------------------------
# the worker
# --------------------------------------------------------------------------------------------


class ArticleExtractor:
    """A Ray actor that parses chunks of cleaned articles (``Pipeline.process``).

    Built once per actor: the ``Pipeline`` and its spaCy model live as long as the actor.
    ``options`` and ``store_url`` are accepted for compatibility and unused: reading,
    cleaning and the already-stored check happen on the driver.
    """

    def __init__(
        self,
        *,
        config: PipelineConfig,
        options: ReaderOptions | None = None,
        store_url: str | None = None,
    ) -> None:
        self.pipeline = Pipeline(config)
        _ = self.pipeline.nlp  # load the model now, not inside the first chunk
        self.options = options
        self.store_url = store_url

    def process(self, articles: list[Article]) -> list[ArticleResult]:
        return list(self.pipeline.process(articles))

    def ready(self) -> bool:
        return True


# --------------------------------------------------------------------------------------------
# the driver
# --------------------------------------------------------------------------------------------


def run_ray(
    inputs: Sequence[str],
    store: Store,
    *,
    workers: int = 2,
    address: str | None = None,
    parquet_dir: Path | None = None,
    config: PipelineConfig | None = None,
    num_gpus: float = 0,
    options: ReaderOptions | None = None,
    progress: ProgressFn | None = None,
    journal: RunJournal | None = None,
    dedup: bool = True,
    outlet_lines: bool = True,
    chunk_size: int = CHUNK_ARTICLES,
) -> RunSummary:
    """Ingest ``inputs`` into ``store`` with Ray; the same store as ``run_local``.

    ``address`` is a Ray cluster (``ray://host:10001`` or ``auto``); without one a local Ray
    with ``workers`` CPUs is started for this run (and stopped after it) unless this process
    already runs Ray. ``workers`` is the number of parse actors (one spaCy model each);
    ``num_gpus`` the GPUs each asks for. ``parquet_dir`` receives the Parquet output.
    ``journal``, ``dedup`` and ``outlet_lines`` are those of ``run_local``: the run journal
    over the same ``inputs`` (its finished files are skipped and new ones recorded),
    syndication clusters, per-outlet boilerplate removal.
    """
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, got {workers}")
    if num_gpus < 0:
        raise ConfigError(f"num_gpus must be 0 or more, got {num_gpus}")
    ray = _import_ray()
    config = config or PipelineConfig()
    summary = RunSummary()
    started = time.perf_counter()
    files = expand_inputs(inputs)
    if not files:
        summary.elapsed = time.perf_counter() - started
        return summary
    model: OutletLineModel | None = None
    observations: dict[DocId, LineObservation] | None = None
    if outlet_lines:
        model = OutletLineModel(loader=partial(load_outlet_counts, store))
        observations = {}
    extras = BatchExtras(dedup=dedup, journal=journal, observations=observations)
    raw: Iterable[RawDocument | Rejected | InputDone]
    if journal is not None:
        raw = journal.iter_documents(options=options)
    else:
        from claimgraph.ingest import iter_documents

        raw = iter_documents(files, options=options)
    items = iter_new_articles(
        raw, summary, is_stored=store.has_document, outlet_model=model, observations=observations
    )
    own_cluster = _init_ray(ray, address=address, workers=workers)
    sink = ParquetSink(parquet_dir) if parquet_dir is not None else None
    try:
        for chunk, results in _parse(ray, chunk_items(items, chunk_size), workers=workers,
                                     config=config, num_gpus=num_gpus):  # fmt: skip
            _write(store, chunk, results, hooks=extras.hooks(chunk.marks), sink=sink,
                   summary=summary, progress=progress)  # fmt: skip
    finally:
        if own_cluster:
            ray.shutdown()
    summary.elapsed = time.perf_counter() - started
    if journal is not None:
        summary.inputs_already_done = journal.skipped_inputs
    if model is not None and model.removed_total:
        logger.info("%d learned outlet boilerplate lines removed", model.removed_total)
    return summary


def _init_ray(ray: Any, *, address: str | None, workers: int) -> bool:
    """Connect to or start Ray; True when this call started a local cluster."""
    if ray.is_initialized():
        return False
    if address is not None:
        ray.init(address=address, log_to_driver=False)
        return False
    ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
    return True


def _parse(
    ray: Any,
    chunks: Iterator[Chunk],
    *,
    workers: int,
    config: PipelineConfig,
    num_gpus: float,
) -> Iterator[tuple[Chunk, list[ArticleResult]]]:
    """Each chunk with its parsed results, in input order; chunks go round-robin to actors."""
    remote = ray.remote(num_cpus=1, num_gpus=num_gpus)(ArticleExtractor)
    actors = [remote.remote(config=config) for _ in range(workers)]
    window = workers * IN_FLIGHT_PER_WORKER
    pending: deque[tuple[Chunk, Any]] = deque()
    turn = 0
    try:
        for chunk in chunks:
            if chunk.articles:
                ref = actors[turn % workers].process.remote(chunk.articles)
                turn += 1
            else:
                ref = None
            pending.append((chunk, ref))
            while len(pending) >= window:
                done, ref = pending.popleft()
                yield done, ray.get(ref) if ref is not None else []
        while pending:
            done, ref = pending.popleft()
            yield done, ray.get(ref) if ref is not None else []
    finally:
        for actor in actors:
            ray.kill(actor)


def _write(
    store: Store,
    chunk: Chunk,
    results: Sequence[ArticleResult],
    *,
    hooks: Sequence[BatchHook],
    sink: ParquetSink | None,
    summary: RunSummary,
    progress: ProgressFn | None,
) -> None:
    """Write one chunk as the local engine does, then to Parquet; update the counts."""
    errors = [result.error for result in results if result.error is not None]
    all_rejects = [*chunk.rejects, *errors]
    stats = store.write(results, all_rejects, hooks=hooks)
    if sink is not None:
        sink.write(results)
    for rejected in all_rejects:
        summary.rejected[rejected.code] += 1
        if len(summary.reject_examples) < 50:
            summary.reject_examples.append(rejected)
    # Documents another process stored since the driver checked count as already stored.
    summary.already_stored += stats.skipped
    summary.stored += len(results) - stats.skipped
    for result in results:
        summary.words += len(result.article.text.split())
        if not result.parsed and result.error is None:
            summary.not_parsed += 1
        summary.claims += len(result.claims)
        for claim in result.claims:
            summary.claims_by_status[claim.status.value] += 1
    if progress is not None:
        progress(summary)


# --------------------------------------------------------------------------------------------
# Parquet output
# --------------------------------------------------------------------------------------------


class ParquetSink:
    """Writes documents, claims and mentions as Parquet datasets partitioned by month."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.token = uuid.uuid4().hex[:12]  # keeps file names of concurrent runs apart
        self.part = 0
        root.mkdir(parents=True, exist_ok=True)

    def write(self, results: Sequence[ArticleResult]) -> None:
        import pyarrow.parquet as pq

        if not results:
            return
        for name, table in parquet_tables(results).items():
            if table.num_rows == 0:
                continue
            pq.write_to_dataset(
                table,
                root_path=str(self.root / name),
                partition_cols=[PARTITION_COLUMN],
                basename_template=f"part-{self.token}-{self.part:05d}-{{i}}.parquet",
            )
        self.part += 1


#: The Hive partition column of every Parquet dataset: the document's publication month.
PARTITION_COLUMN = "published_month"
_NO_DATE = "unknown"


def _month(published: object) -> str:
    return str(published)[:7] if published else _NO_DATE


def _schemas() -> dict[str, pa.Schema]:
    import pyarrow as pa

    actor = [
        ("id", pa.string()), ("name", pa.string()), ("kind", pa.string()),
        ("sector", pa.string()), ("country", pa.string()), ("mention", pa.string()),
        ("start", pa.int32()), ("end", pa.int32()),
    ]  # fmt: skip
    link = pa.struct(
        [("source", pa.string()), ("source_id", pa.string()), ("kind", pa.string()),
         ("cue", pa.string()), ("cue_kind", pa.string()), ("outlet", pa.string())]
    )  # fmt: skip
    claims = pa.schema(
        [("claim_id", pa.string()), ("doc_id", pa.string()), ("title", pa.string()),
         ("outlet", pa.string()), ("author", pa.string()), ("published", pa.string()),
         ("sentence", pa.string()), ("sent_start", pa.int32()), ("sent_end", pa.int32()),
         *[(f"subject_{name}", type_) for name, type_ in actor],
         ("type", pa.string()), ("mode", pa.string()), ("trigger", pa.string()),
         ("trigger_start", pa.int32()), ("trigger_end", pa.int32()),
         *[(f"object_{name}", type_) for name, type_ in actor],
         ("event_date", pa.string()), ("attribution", pa.list_(link)),
         ("certainty", pa.string()), ("polarity", pa.string()), ("time", pa.string()),
         ("status", pa.string()), ("confidence", pa.float64()), ("source_doc", pa.string()),
         (PARTITION_COLUMN, pa.string())]
    )  # fmt: skip
    documents = pa.schema(
        [("doc_id", pa.string()), ("source", pa.string()), ("title", pa.string()),
         ("author", pa.string()), ("published", pa.string()), ("outlet", pa.string()),
         ("url", pa.string()), ("language", pa.string()), ("media_type", pa.string()),
         ("raw_sha1", pa.string()), ("removed_lines", pa.int32()),
         ("warnings", pa.list_(pa.string())), ("text", pa.string()), ("parsed", pa.bool_()),
         ("n_claims", pa.int32()), (PARTITION_COLUMN, pa.string())]
    )  # fmt: skip
    mentions = pa.schema(
        [("doc_id", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
         ("text", pa.string()), ("actor_id", pa.string()), ("actor_name", pa.string()),
         ("actor_kind", pa.string()), ("actor_country", pa.string()),
         ("actor_sector", pa.string()), ("via", pa.string()), (PARTITION_COLUMN, pa.string())]
    )  # fmt: skip
    return {"documents": documents, "claims": claims, "mentions": mentions}


def _flat_claim(claim: Claim, month: str) -> dict[str, object]:
    from claimgraph.serialize import claim_to_dict

    row = claim_to_dict(claim)
    for side in ("subject", "object"):
        actor = row.pop(side)
        if isinstance(actor, dict):
            row.update({f"{side}_{key}": value for key, value in actor.items()})
    sent = claim.char_span
    trigger = claim.trigger_span
    del row["char_span"], row["trigger_span"]
    row.update(sent_start=sent[0], sent_end=sent[1], trigger_start=trigger[0],
               trigger_end=trigger[1])  # fmt: skip
    row[PARTITION_COLUMN] = month
    return row


def parquet_tables(results: Sequence[ArticleResult]) -> dict[str, pa.Table]:
    """The ``documents``, ``claims`` and ``mentions`` tables of ``results`` (fixed schemas).

    Claims are the JSON claim record (``serialize.claim_to_dict``) with the subject and object
    flattened to ``subject_*``/``object_*`` columns and spans to ``*_start``/``*_end``.
    """
    import pyarrow as pa

    from claimgraph.serialize import article_to_dict

    documents: list[dict[str, object]] = []
    claims: list[dict[str, object]] = []
    mentions: list[dict[str, object]] = []
    for result in results:
        article = result.article
        month = _month(article.published)
        row = article_to_dict(article)
        row.update(parsed=result.parsed, n_claims=len(result.claims))
        row[PARTITION_COLUMN] = month
        documents.append(row)
        claims.extend(_flat_claim(claim, month) for claim in result.claims)
        mentions.extend(
            {"doc_id": article.doc_id, "start": m.start, "end": m.end, "text": m.text,
             "actor_id": m.actor.id, "actor_name": m.actor.name,
             "actor_kind": m.actor.kind.value, "actor_country": m.actor.country,
             "actor_sector": m.actor.sector, "via": m.via, PARTITION_COLUMN: month}
            for m in result.mentions
        )  # fmt: skip
    schemas = _schemas()
    return {
        "documents": pa.Table.from_pylist(documents, schema=schemas["documents"]),
        "claims": pa.Table.from_pylist(claims, schema=schemas["claims"]),
        "mentions": pa.Table.from_pylist(mentions, schema=schemas["mentions"]),
    }
