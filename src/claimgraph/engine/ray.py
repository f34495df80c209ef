"""The Ray engine: read -> clean -> parse -> extract on a Ray cluster.

The same stages as the local engine, with Ray tasks and actors in place of its process pool::

    input files ──> driver: expand, skip journaled files
        ──> Ray Data: ArticleFileSource, one read task per file: read + clean (in parallel)
        ──> driver, streamed in input order: drop stored/repeated, strip outlet lines
        ──> chunks of articles ──> ArticleExtractor actors (one spaCy model each)
        ──> driver, in submission order ──> store (COPY on PostgreSQL) + partitioned Parquet

* The driver expands the inputs into files (``expand_inputs``, the local reader's order) and,
  with a run journal, drops the files an earlier run finished (counted as skipped inputs).
* ``ArticleFileSource`` is a Ray Data datasource with one read task per remaining file. A
  read task reads its file with the product's readers (``ingest.iter_documents``), cleans
  each document (``engine.local.clean_documents``, the local engine's clean stage) and emits
  rows in file order: the pickled ``Article`` or ``Rejected`` with its file and sequence
  numbers, then, with a journal, the file's ``InputDone`` marker (size and mtime taken before
  and after reading, ``engine.journal.iter_input``). A missing or unreadable file becomes
  the same reject the local engine reports. Read tasks ask for ``READ_TASK_CPUS`` each (none
  when the parse actors take every CPU of the cluster), so they run beside the actors.
* The driver streams the dataset in input order (Ray Data's ``preserve_order``, set for
  this run only), so memory stays flat in corpus size, and applies the sequential step of
  the local engine (``engine.local.select_new_articles``): documents already stored or
  repeated within the run are dropped, and each article loses its outlet's learned
  boilerplate lines with the counts of the documents before it. That step is sequential by
  nature (a document is stripped with what earlier documents taught) and cheap.
* ``ArticleExtractor`` is a Ray actor: each of the ``workers`` actors (one CPU each) builds
  one ``Pipeline`` and loads the spaCy model once, in its constructor, then parses whole
  chunks (``CHUNK_ARTICLES``). At most ``IN_FLIGHT_PER_WORKER`` chunks per actor are in
  flight, so memory stays flat; results come back in submission order. With ``num_gpus``
  (``"auto"`` by default: the cluster's GPUs shared among the actors, none on a CPU-only
  cluster) an actor is placed on a GPU and moves spaCy there before its model loads; without
  CuPy or a visible device it parses on the CPU and says so (``engine.gpu``).
* The driver is the one writer: each chunk is written with ``Store.write`` (COPY on
  PostgreSQL) and the same batch hooks as the local engine: syndication clusters, outlet line
  counts, the run journal (``InputDone`` markers are recorded with the batch holding each
  file's last document, so an interrupted run resumes). With ``parquet_dir``, documents,
  claims and mentions also go to Parquet under ``documents/``, ``claims/``, ``mentions/``,
  Hive-style partitioned by ``published_month=YYYY-MM`` (``unknown`` without a date).

Without a cluster address the engine starts a local Ray with ``workers + 1`` CPUs: one per
parse actor and one shared by the read tasks. Both engines give the same store for the same
input: the same documents and texts, clusters, claims (same ids), mentions, relations with
their scores and rejects. Ray is optional (``pip install 'claimgraph[ray]'``); standard
input cannot be distributed and is refused.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import os
import pickle
import stat
import time
import uuid
import warnings
from collections import Counter, deque
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimgraph.clean.outlet_lines import LineObservation, OutletLineModel
from claimgraph.engine.gpu import (
    AUTO,
    GpuRequest,
    activate_device,
    gpus_per_worker,
    parse_gpu_request,
)
from claimgraph.engine.journal import InputDone, RunJournal, iter_input

# The local engine's chunking and batch hooks, shared so both engines write identically.
from claimgraph.engine.local import (
    IN_FLIGHT_PER_WORKER,
    BatchExtras,
    Chunk,
    ProgressFn,
    RunSummary,
    chunk_items,
    clean_documents,
    select_new_articles,
)
from claimgraph.engine.local import load_store_outlet_counts as load_outlet_counts
from claimgraph.errors import ConfigError
from claimgraph.pipeline import CHUNK_ARTICLES, Pipeline, PipelineConfig
from claimgraph.records import Article, ArticleResult, Claim, DocId, Rejected

try:  # Ray is optional: without it run_ray refuses to run and names the pip command
    from ray.data import Datasource
except ImportError:  # pragma: no cover - exercised only where Ray is absent
    Datasource = object  # type: ignore[misc,assignment]

if TYPE_CHECKING:
    import pyarrow as pa
    from ray.data.datasource import ReadTask

    from claimgraph.ingest import ReaderOptions
    from claimgraph.store import Store
    from claimgraph.store.database import BatchHook

logger = logging.getLogger(__name__)

__all__ = [
    "ArticleExtractor",
    "ArticleFileSource",
    "ParquetSink",
    "expand_inputs",
    "parquet_tables",
    "read_item",
    "run_ray",
]

PIP_HINT = "pip install 'claimgraph[ray]'  (or: pip install 'ray[data]>=2.60')"

#: CPUs each read task asks for. Reading and cleaning cost about 8 ms a document against tens
#: of ms to parse it, so four read tasks share the one CPU a local cluster keeps beside the
#: parse actors (``workers + 1`` CPUs); 0 where the actors take every CPU of the cluster.
READ_TASK_CPUS = 0.25
#: Rows per block a read task emits: about 64 cleaned articles (a few hundred KB) per block
#: keeps a read task's memory bounded on a large WARC or JSONL file at little per-block cost.
READ_BLOCK_ROWS = 64
#: Columns of the rows read tasks emit: the input file's number in this run, the item's
#: number within its file, and the pickled ``Article``/``Rejected``/``InputDone``.
INPUT_COLUMN, SEQ_COLUMN, ITEM_COLUMN = "input", "seq", "item"


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
# the read -> clean stage: a Ray Data datasource
# --------------------------------------------------------------------------------------------


class ArticleFileSource(Datasource):
    """Ray Data datasource over input files: one read task per file reads and cleans it.

    Each task reads its file with the product's readers (``ingest.iter_documents``), cleans
    every document as the local engine does (``engine.local.clean_documents``) and emits
    blocks of rows in file order: ``input`` (the file's position in ``files``), ``seq`` (the
    item's position in its file) and ``item`` (the pickled ``Article`` or ``Rejected``; see
    ``read_item``). With ``journaled`` the file's ``InputDone`` marker follows its last
    document when the file did not change while being read (``engine.journal.iter_input``).
    A relative path is read from ``cwd`` (the driver's working directory by default).
    """

    def __init__(
        self,
        files: Sequence[str],
        *,
        options: ReaderOptions | None = None,
        journaled: bool = False,
        cwd: str | None = None,
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.files = list(files)
        self.options = options
        self.journaled = journaled
        self.cwd = cwd if cwd is not None else os.getcwd()
        self._sizes: list[int | None] | None = None

    def get_name(self) -> str:
        return "ArticleFiles"

    def _file_sizes(self) -> list[int | None]:
        if self._sizes is None:
            self._sizes = [_file_size(os.path.join(self.cwd, name)) for name in self.files]
        return self._sizes

    def estimate_inmemory_data_size(self) -> int | None:
        return sum(size or 0 for size in self._file_sizes())

    def get_read_tasks(
        self,
        parallelism: int,
        per_task_row_limit: int | None = None,
        data_context: Any = None,
    ) -> list[ReadTask]:
        """One read task per file, whatever ``parallelism`` asks (files are not split)."""
        from ray.data.block import BlockMetadata
        from ray.data.datasource import ReadTask

        tasks = []
        for index, (name, size) in enumerate(zip(self.files, self._file_sizes(), strict=True)):
            read = partial(_read_file, name, index=index, options=self.options,
                           journaled=self.journaled, cwd=self.cwd)  # fmt: skip
            metadata = BlockMetadata(
                num_rows=None, size_bytes=size, exec_stats=None, input_files=(name,)
            )
            tasks.append(ReadTask(read, metadata, per_task_row_limit=per_task_row_limit))
        return tasks


def read_item(blob: bytes) -> Article | Rejected | InputDone:
    """The item of one ``ArticleFileSource`` row (its ``item`` column)."""
    item = pickle.loads(blob)  # rows written by this run's own read tasks
    if not isinstance(item, Article | Rejected | InputDone):
        raise TypeError(f"unexpected row item {type(item).__name__}")
    return item


def _file_size(path: str) -> int | None:
    try:
        return os.stat(path).st_size
    except OSError:
        return None


def _read_file(
    name: str,
    *,
    index: int,
    options: ReaderOptions | None,
    journaled: bool,
    cwd: str,
) -> Iterator[pa.Table]:
    """A read task's body: the file's cleaned items as blocks of ``READ_BLOCK_ROWS`` rows."""
    from claimgraph.ingest import iter_documents

    with _working_directory(cwd, relative=not os.path.isabs(name)):
        raw = (
            iter_input(name, options=options)
            if journaled
            else iter_documents([name], options=options)
        )
        blobs: list[bytes] = []
        start = 0
        for item in clean_documents(raw):
            blobs.append(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL))
            if len(blobs) >= READ_BLOCK_ROWS:
                yield _block(index, start, blobs)
                start += len(blobs)
                blobs = []
        if blobs:
            yield _block(index, start, blobs)


def _block(index: int, start: int, blobs: list[bytes]) -> pa.Table:
    import pyarrow as pa

    return pa.table(
        {
            INPUT_COLUMN: pa.array([index] * len(blobs), type=pa.int64()),
            SEQ_COLUMN: pa.array(range(start, start + len(blobs)), type=pa.int64()),
            ITEM_COLUMN: pa.array(blobs, type=pa.large_binary()),
        }
    )


@contextlib.contextmanager
def _working_directory(cwd: str, *, relative: bool) -> Iterator[None]:
    """Read a relative path from the driver's working directory when this worker's differs."""
    here = os.getcwd()
    if not relative or here == cwd:
        yield
        return
    try:
        os.chdir(cwd)
    except OSError:
        logger.warning("cannot enter %s: relative inputs read from %s", cwd, here)
        yield
        return
    try:
        yield
    finally:
        os.chdir(here)


def _iter_cleaned(
    ray: Any, source: ArticleFileSource, *, read_cpus: float, concurrency: int
) -> Iterator[Article | Rejected | InputDone]:
    """The datasource's items, streamed in input order (the caller sets ``preserve_order``)."""
    with _quiet_context_copies():
        dataset = ray.data.read_datasource(
            source,
            num_cpus=read_cpus,
            # no more concurrent reads than files (Ray Data warns otherwise)
            concurrency=max(1, min(concurrency, len(source.files))),
            override_num_blocks=max(1, len(source.files)),
        )
    for batch in dataset.iter_batches(batch_size=None, batch_format="pyarrow"):
        for blob in batch.column(ITEM_COLUMN).to_pylist():
            yield read_item(blob)


# --------------------------------------------------------------------------------------------
# the worker
# --------------------------------------------------------------------------------------------


class ArticleExtractor:
    """A Ray actor that parses chunks of cleaned articles (``Pipeline.process``).

    Built once per actor: the ``Pipeline`` and its spaCy model live as long as the actor.
    ``options`` and ``store_url`` are accepted for compatibility and unused: reading and
    cleaning happen in the ``ArticleFileSource`` read tasks, the already-stored check on the
    driver.
    """

    def __init__(
        self,
        *,
        config: PipelineConfig,
        num_gpus: float = 0.0,
        options: ReaderOptions | None = None,
        store_url: str | None = None,
    ) -> None:
        self.device = activate_device(num_gpus)  # before the model loads
        self.pipeline = Pipeline(config)
        _ = self.pipeline.nlp  # load the model now, not inside the first chunk
        self.options = options
        self.store_url = store_url

    def process(self, articles: list[Article]) -> list[ArticleResult]:
        return list(self.pipeline.process(articles))

    def ready(self) -> bool:
        return True

    def device_label(self) -> str:
        """Where this actor parses: ``gpu``, ``cpu``, or ``cpu (why not the GPU)``."""
        return self.device


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
    num_gpus: GpuRequest | str = AUTO,
    options: ReaderOptions | None = None,
    progress: ProgressFn | None = None,
    journal: RunJournal | None = None,
    dedup: bool = True,
    outlet_lines: bool = True,
    chunk_size: int = CHUNK_ARTICLES,
) -> RunSummary:
    """Ingest ``inputs`` into ``store`` with Ray; the same store as ``run_local``.

    ``address`` is a Ray cluster (``ray://host:10001`` or ``auto``); without one a local Ray
    with ``workers + 1`` CPUs is started for this run (and stopped after it) unless this
    process already runs Ray. ``workers`` is the number of parse actors (one spaCy model each);
    ``num_gpus`` the GPUs each asks for: ``"auto"`` shares the cluster's GPUs among the
    workers and asks for none without GPUs (``engine.gpu``); ``summary.devices`` counts where
    the actors parsed (a worker given a GPU it cannot use parses on the CPU).
    ``parquet_dir`` receives the Parquet output.
    ``journal``, ``dedup`` and ``outlet_lines`` are those of ``run_local``: the run journal
    over the same ``inputs`` (its finished files are skipped and new ones recorded),
    syndication clusters, per-outlet boilerplate removal.
    """
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, got {workers}")
    gpu_request = parse_gpu_request(num_gpus)
    ray = _import_ray()
    config = config or PipelineConfig()
    summary = RunSummary()
    started = time.perf_counter()
    files = expand_inputs(inputs)
    if journal is not None:
        files = [name for name in files if not journal.skip_done(name)]
        journal.log_skipped()
        summary.inputs_already_done = journal.skipped_inputs
    if not files:
        summary.elapsed = time.perf_counter() - started
        return summary
    model: OutletLineModel | None = None
    observations: dict[DocId, LineObservation] | None = None
    if outlet_lines:
        model = OutletLineModel(loader=partial(load_outlet_counts, store))
        observations = {}
    extras = BatchExtras(dedup=dedup, journal=journal, observations=observations)
    source = ArticleFileSource(files, options=options, journaled=journal is not None)
    own_cluster = _init_ray(ray, address=address, workers=workers)
    sink = ParquetSink(parquet_dir) if parquet_dir is not None else None
    try:
        cluster_gpus = float(ray.cluster_resources().get("GPU", 0))
        share = gpus_per_worker(gpu_request, workers=workers, cluster_gpus=cluster_gpus)
        with _run_context():
            cleaned = _iter_cleaned(ray, source, read_cpus=_read_task_cpus(ray, workers=workers),
                                    concurrency=workers)  # fmt: skip
            items = select_new_articles(cleaned, summary, is_stored=store.has_document,
                                        outlet_model=model, observations=observations)  # fmt: skip
            for chunk, results in _parse(ray, chunk_items(items, chunk_size), workers=workers,
                                         config=config, num_gpus=share,
                                         devices=summary.devices):  # fmt: skip
                _write(store, chunk, results, hooks=extras.hooks(chunk.marks), sink=sink,
                       summary=summary, progress=progress)  # fmt: skip
    finally:
        if own_cluster:
            ray.shutdown()
    summary.elapsed = time.perf_counter() - started
    if model is not None and model.removed_total:
        logger.info("%d learned outlet boilerplate lines removed", model.removed_total)
    return summary


def _init_ray(ray: Any, *, address: str | None, workers: int) -> bool:
    """Connect to or start Ray; True when this call started a local cluster.

    A local cluster gets ``workers + 1`` CPUs: one per parse actor, one for the read tasks.
    """
    if ray.is_initialized():
        return False
    if address is not None:
        ray.init(address=address, log_to_driver=False)
        return False
    ray.init(num_cpus=workers + 1, include_dashboard=False, log_to_driver=False)
    return True


def _read_task_cpus(ray: Any, *, workers: int) -> float:
    """``READ_TASK_CPUS``, or 0 where the parse actors (one CPU each) take every CPU."""
    spare = float(ray.cluster_resources().get("CPU", 0)) - workers
    if spare >= READ_TASK_CPUS:
        return READ_TASK_CPUS
    logger.info("no CPU left beside %d parse actors: read tasks share theirs", workers)
    return 0.0


@contextlib.contextmanager
def _run_context() -> Iterator[None]:
    """Ray Data settings for this run only: input order kept, no console progress bars."""
    from ray.data import DataContext

    with _quiet_context_copies():
        context = DataContext.get_current().copy()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    with DataContext.current(context):
        yield


@contextlib.contextmanager
def _quiet_context_copies() -> Iterator[None]:
    """Copying a Ray Data context re-sets its deprecated fields, which warns every time."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="ray.data.context")
        yield


def _parse(
    ray: Any,
    chunks: Iterator[Chunk],
    *,
    workers: int,
    config: PipelineConfig,
    num_gpus: float,
    devices: Counter[str],
) -> Iterator[tuple[Chunk, list[ArticleResult]]]:
    """Each chunk with its parsed results, in input order; chunks go round-robin to actors.

    Once every chunk is back, ``devices`` counts the actors by where they parsed.
    """
    remote = ray.remote(num_cpus=1, num_gpus=num_gpus)(ArticleExtractor)
    actors = [remote.remote(config=config, num_gpus=num_gpus) for _ in range(workers)]
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
        devices.update(ray.get([actor.device_label.remote() for actor in actors]))
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
