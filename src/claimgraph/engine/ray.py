"""The Ray Data engine: read -> clean -> parse -> extract on a Ray cluster, then store + Parquet.

The same stages as the local engine, run by a different runner::

    input files ──> from_items (one row per file) ──> map_batches(ArticleExtractor, actor pool)
        ──> iter_batches on the driver ──> store (COPY on PostgreSQL) + partitioned Parquet

* Input **files** are distributed, not documents: the driver expands directories and globs
  into files, and each worker runs the reader (``iter_documents``) on its file, cleans
  (``clean_or_reject``) and parses (``Pipeline.process``). One file is one unit of work, so a
  corpus of a few huge files parallelises badly: shard big JSONL/WARC inputs first.
* ``ArticleExtractor`` is a class-based UDF: each worker actor builds one ``Pipeline`` and
  loads the spaCy model once, in its constructor. ``num_gpus`` (per worker, default 0) is
  passed to ``map_batches``; spaCy runs on CPU today, so it only matters once a GPU model
  profile exists.
* Workers skip documents the store already holds (a read-only ``has_document`` check, when the
  store is a file or a server), so a re-run does not parse them again.
* The driver is the one writer, as in the local engine: it drops documents repeated within the
  run, writes batches with ``Store.write`` (SQLite) or ``BulkLoader`` COPY (PostgreSQL), and
  writes Parquet: ``documents/``, ``claims/``, ``mentions/`` under ``parquet_dir``, Hive-style
  partitioned by ``published_month=YYYY-MM`` (``unknown`` without a date).

Both engines give the same store for the same input: the same documents, claims (same ids)
and relations. Ray is optional (``pip install 'claimgraph[ray]'``) and imported lazily.
"""

from __future__ import annotations

import glob
import logging
import os
import pickle
import stat
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimgraph.engine.local import ProgressFn, RunSummary
from claimgraph.errors import ConfigError, StoreError
from claimgraph.pipeline import CHUNK_ARTICLES, Pipeline, PipelineConfig, clean_or_reject
from claimgraph.records import Article, ArticleResult, Claim, DocId, Rejected

if TYPE_CHECKING:
    import pyarrow as pa

    from claimgraph.ingest import ReaderOptions
    from claimgraph.store import Store
    from claimgraph.store.bulk import BulkLoader

logger = logging.getLogger(__name__)

__all__ = ["ArticleExtractor", "ParquetSink", "expand_inputs", "parquet_tables", "run_ray"]

PIP_HINT = "pip install 'claimgraph[ray]'  (or: pip install 'ray[data]>=2.60')"

#: Files handed to a worker per ``map_batches`` call: one keeps the load balanced when files
#: are of very different sizes (news dumps); the per-call overhead is ~1 ms, small next to
#: parsing one file.
FILES_PER_BATCH = 1

#: Blocks the file list is cut into, per worker: 4 lets Ray balance uneven files across the
#: actor pool without making thousands of tiny tasks.
BLOCKS_PER_WORKER = 4

# Row kinds a worker emits, one row per item the reader produced.
KIND_RESULT = "result"  # a cleaned article, parsed or not (payload: ArticleResult)
KIND_REJECT = "reject"  # rejected by the reader or the cleaner (payload: Rejected)
KIND_STORED = "stored"  # already in the store: not parsed (no payload)


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
    """Ray Data UDF: a batch of file paths in, one row per document read out.

    Built once per worker actor: the ``Pipeline`` (and its spaCy model) and a read-only view of
    the store for the already-stored check live as long as the actor.
    """

    def __init__(
        self,
        *,
        config: PipelineConfig,
        options: ReaderOptions | None,
        store_url: str | None,
    ) -> None:
        self.pipeline = Pipeline(config)
        _ = self.pipeline.nlp  # load the model now, not inside the first batch
        self.options = options
        self._store: Store | None = None
        if store_url is not None:
            self._store = _open_read_only(store_url)

    def __call__(self, batch: dict[str, Any]) -> pa.Table:
        import pyarrow as pa

        from claimgraph.ingest import iter_documents

        kinds: list[str] = []
        doc_ids: list[str | None] = []
        payloads: list[bytes | None] = []
        articles: list[Article] = []
        for path in batch["path"]:
            for item in iter_documents([str(path)], options=self.options):
                cleaned = item if isinstance(item, Rejected) else clean_or_reject(item)
                if isinstance(cleaned, Rejected):
                    kinds.append(KIND_REJECT)
                    doc_ids.append(cleaned.doc_id)
                    payloads.append(pickle.dumps(cleaned))
                elif self._store is not None and self._store.has_document(cleaned.doc_id):
                    kinds.append(KIND_STORED)
                    doc_ids.append(cleaned.doc_id)
                    payloads.append(None)
                else:
                    articles.append(cleaned)
        for result in self.pipeline.process(articles):
            kinds.append(KIND_RESULT)
            doc_ids.append(result.article.doc_id)
            payloads.append(pickle.dumps(result))
        return pa.table(
            {
                "kind": pa.array(kinds, pa.string()),
                "doc_id": pa.array(doc_ids, pa.string()),
                "payload": pa.array(payloads, pa.binary()),
            }
        )


def _open_read_only(url: str) -> Store | None:
    from claimgraph.store import Store
    from claimgraph.store.session import is_sqlite, sqlite_path

    if is_sqlite(url) and sqlite_path(url) is None:
        return None  # an in-memory store lives in the driver only
    try:
        return Store(url, read_only=True)
    except StoreError as err:
        logger.warning("workers cannot read the store (%s): stored documents are re-parsed", err)
        return None


# --------------------------------------------------------------------------------------------
# the driver
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Batch:
    results: list[ArticleResult]
    rejects: list[Rejected]


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
) -> RunSummary:
    """Ingest ``inputs`` into ``store`` with Ray Data; same result as ``run_local``.

    ``address`` is a Ray cluster (``ray://host:10001`` or ``auto``); without one a local Ray
    with ``workers`` CPUs is started for this run (and stopped after it) unless this process
    already runs Ray. ``workers`` is the size of the actor pool (one spaCy model each);
    ``num_gpus`` the GPUs each worker asks for. ``parquet_dir`` receives the Parquet output.
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
    own_cluster = _init_ray(ray, address=address, workers=workers)
    loader = _bulk_loader(store)
    sink = ParquetSink(parquet_dir) if parquet_dir is not None else None
    try:
        dataset = _build_dataset(ray, files, store, workers=workers, config=config,
                                 options=options, num_gpus=num_gpus)  # fmt: skip
        for batch in _driver_batches(dataset, summary):
            _write(store, loader=loader, sink=sink, batch=batch, summary=summary, progress=progress)
    finally:
        if loader is not None:
            loader.close()
        if own_cluster:
            ray.shutdown()
    summary.elapsed = time.perf_counter() - started
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


def _bulk_loader(store: Store) -> BulkLoader | None:
    from claimgraph.store.bulk import BulkLoader, is_postgres

    return BulkLoader(store.url) if is_postgres(store.url) else None


def _build_dataset(
    ray: Any,
    files: list[str],
    store: Store,
    *,
    workers: int,
    config: PipelineConfig,
    options: ReaderOptions | None,
    num_gpus: float,
) -> Any:
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    # Rows reach the driver in input order, so the first copy of a repeated document wins
    # exactly as in the local engine (the same ``source`` is stored).
    context.execution_options.preserve_order = True
    blocks = max(1, min(len(files), workers * BLOCKS_PER_WORKER))
    dataset = ray.data.from_items([{"path": path} for path in files], override_num_blocks=blocks)
    return dataset.map_batches(
        ArticleExtractor,
        fn_constructor_kwargs={"config": config, "options": options, "store_url": store.url},
        batch_size=FILES_PER_BATCH,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=1,
        num_gpus=num_gpus,
    )


def _driver_batches(dataset: Any, summary: RunSummary) -> Iterator[_Batch]:
    """Rows from the workers to write batches; drops documents repeated within the run."""
    seen: set[DocId] = set()
    batch = _Batch([], [])
    for table in dataset.iter_batches(batch_size=None, batch_format="pyarrow"):
        for kind, doc_id, payload in zip(
            table.column("kind").to_pylist(),
            table.column("doc_id").to_pylist(),
            table.column("payload").to_pylist(),
            strict=True,
        ):
            summary.read += 1
            if kind == KIND_REJECT:
                batch.rejects.append(pickle.loads(payload))
            elif doc_id in seen:
                summary.duplicates_in_run += 1
            else:
                seen.add(DocId(doc_id))
                if kind == KIND_STORED:
                    summary.already_stored += 1
                else:
                    batch.results.append(pickle.loads(payload))
            if len(batch.results) >= CHUNK_ARTICLES or len(batch.rejects) >= CHUNK_ARTICLES:
                yield batch
                batch = _Batch([], [])
    if batch.results or batch.rejects:
        yield batch


def _write(
    store: Store,
    *,
    loader: BulkLoader | None,
    sink: ParquetSink | None,
    batch: _Batch,
    summary: RunSummary,
    progress: ProgressFn | None,
) -> None:
    from claimgraph.store.bulk import write_results

    errors = [result.error for result in batch.results if result.error is not None]
    all_rejects = [*batch.rejects, *errors]
    stats = write_results(store, batch.results, all_rejects, loader=loader)
    if sink is not None:
        sink.write(batch.results)
    for rejected in all_rejects:
        summary.rejected[rejected.code] += 1
        if len(summary.reject_examples) < 50:
            summary.reject_examples.append(rejected)
    # Documents another process stored since the workers checked count as already stored.
    summary.already_stored += stats.skipped
    summary.stored += len(batch.results) - stats.skipped
    for result in batch.results:
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
