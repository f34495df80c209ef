"""The local engine: read -> clean -> parse -> extract -> store, streaming in bounded batches.

With ``workers == 1`` everything runs in this process. With more, each worker process builds
one ``Pipeline`` (the spaCy model is loaded once per worker) and parses whole chunks of
articles; at most ``2 * workers`` chunks are in flight, so memory stays flat however large the
input. The store is written by this process only (one writer).
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import resource
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from claimgraph.clean.outlet_lines import LineObservation, OutletLineModel
from claimgraph.engine.journal import InputDone, RunJournal
from claimgraph.pipeline import CHUNK_ARTICLES, Pipeline, PipelineConfig, clean_or_reject
from claimgraph.records import Article, ArticleResult, DocId, RawDocument, Rejected
from claimgraph.store.dedup import assign_clusters
from claimgraph.store.outlet_lines import load_outlet_counts, record_observations

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

    from sqlalchemy.orm import Session

    from claimgraph.store import Store
    from claimgraph.store.database import BatchHook

logger = logging.getLogger(__name__)

#: Chunks waiting per worker: 2 keeps every worker busy while one chunk is being written.
IN_FLIGHT_PER_WORKER = 2


@dataclass(slots=True)
class RunSummary:
    """Counts of one run, for the CLI summary and the ``runs`` table."""

    read: int = 0
    stored: int = 0
    already_stored: int = 0
    duplicates_in_run: int = 0
    not_parsed: int = 0
    claims: int = 0
    words: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)  # container records, not articles
    inputs_already_done: int = 0  # inputs a resumed run skipped (done by an earlier run)
    claims_by_status: Counter[str] = field(default_factory=Counter)
    reject_examples: list[Rejected] = field(default_factory=list)
    elapsed: float = 0.0
    devices: Counter[str] = field(default_factory=Counter)  # parse workers by device

    @property
    def failed(self) -> int:
        return sum(self.rejected.values())

    def as_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "stored": self.stored,
            "already_stored": self.already_stored,
            "duplicates_in_run": self.duplicates_in_run,
            "not_parsed": self.not_parsed,
            "failed": self.failed,
            "rejected_by_code": dict(self.rejected),
            "skipped": dict(self.skipped),
            "inputs_already_done": self.inputs_already_done,
            "claims": self.claims,
            "claims_by_status": dict(self.claims_by_status),
            "words": self.words,
            "elapsed_s": round(self.elapsed, 3),
            "peak_rss_mb": peak_rss_mb(),
            "devices": dict(self.devices),
        }


def peak_rss_mb() -> float:
    """Peak resident memory of this process or of its largest worker, in MB (Linux: KB units)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


ProgressFn = Callable[[RunSummary], None]

_WORKER_PIPELINE: Pipeline | None = None


def _worker_init(config: PipelineConfig) -> None:
    global _WORKER_PIPELINE  # noqa: PLW0603 - one pipeline per worker process, by design
    _WORKER_PIPELINE = Pipeline(config)
    _ = _WORKER_PIPELINE.nlp


def _worker_process(chunk: list[Article]) -> list[ArticleResult]:
    if _WORKER_PIPELINE is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker pipeline not initialised")
    return list(_WORKER_PIPELINE.process(chunk))


def iter_new_articles(
    raw_docs: Iterable[RawDocument | Rejected | InputDone],
    summary: RunSummary,
    *,
    is_stored: Callable[[DocId], bool],
    outlet_model: OutletLineModel | None = None,
    observations: dict[DocId, LineObservation] | None = None,
) -> Iterator[Article | Rejected | InputDone]:
    """Clean documents, dropping those already stored or seen earlier in this run.

    With ``outlet_model`` each new article loses its outlet's learned boilerplate lines (its
    doc_id is kept: see ``clean.outlet_lines``) and what it teaches goes into
    ``observations`` (by doc_id), for the store to count with the batch. Journal markers
    (``InputDone``) pass through in order. The same as ``select_new_articles`` over
    ``clean_documents``.
    """
    yield from select_new_articles(
        clean_documents(raw_docs),
        summary,
        is_stored=is_stored,
        outlet_model=outlet_model,
        observations=observations,
    )


def clean_documents(
    raw_docs: Iterable[RawDocument | Rejected | InputDone],
) -> Iterator[Article | Rejected | InputDone]:
    """The clean stage alone: each document cleaned or rejected, one item out per item in.

    Independent from document to document, so it can run anywhere (the Ray engine runs it
    in its read tasks); rejects and journal markers pass through in order.
    """
    for item in raw_docs:
        yield clean_or_reject(item) if isinstance(item, RawDocument) else item


def select_new_articles(
    cleaned: Iterable[Article | Rejected | InputDone],
    summary: RunSummary,
    *,
    is_stored: Callable[[DocId], bool],
    outlet_model: OutletLineModel | None = None,
    observations: dict[DocId, LineObservation] | None = None,
) -> Iterator[Article | Rejected | InputDone]:
    """The sequential step after cleaning, in input order.

    Counts every document and reject as ``read``; drops articles repeated earlier in the run
    (``duplicates_in_run``) or already in the store (``already_stored``); strips the outlet's
    learned boilerplate lines with what the documents before taught (see
    ``iter_new_articles``). Rejects and journal markers pass through.
    """
    seen: set[DocId] = set()
    for item in cleaned:
        if isinstance(item, InputDone):
            yield item
            continue
        summary.read += 1
        if isinstance(item, Rejected):
            yield item
            continue
        if item.doc_id in seen:
            summary.duplicates_in_run += 1
            continue
        seen.add(item.doc_id)
        if is_stored(item.doc_id):
            summary.already_stored += 1
            continue
        article = item
        if outlet_model is not None:
            article, observation = outlet_model.process(article)
            if observation is not None and observations is not None:
                observations[article.doc_id] = observation
        yield article


@dataclass(slots=True)
class Chunk:
    articles: list[Article] = field(default_factory=list)
    rejects: list[Rejected] = field(default_factory=list)
    marks: list[InputDone] = field(default_factory=list)


def chunk_items(items: Iterable[Article | Rejected | InputDone], size: int) -> Iterator[Chunk]:
    chunk = Chunk()
    for item in items:
        if isinstance(item, InputDone):
            chunk.marks.append(item)
            continue
        if isinstance(item, Rejected):
            chunk.rejects.append(item)
        else:
            chunk.articles.append(item)
        if len(chunk.articles) >= size or len(chunk.rejects) >= size:
            yield chunk
            chunk = Chunk()
    if chunk.articles or chunk.rejects or chunk.marks:
        yield chunk


@dataclass(slots=True)
class BatchExtras:
    """What a batch writes besides the pipeline's results, in the batch's transaction."""

    dedup: bool
    journal: RunJournal | None
    observations: dict[DocId, LineObservation] | None

    def hooks(self, marks: Sequence[InputDone]) -> list[BatchHook]:
        hooks: list[BatchHook] = []
        if self.dedup:
            hooks.append(_assign_clusters)
        observations = self.observations
        if observations is not None:

            def count_lines(session: Session, results: Sequence[ArticleResult]) -> None:
                batch = [
                    observations.pop(result.article.doc_id)
                    for result in results
                    if result.article.doc_id in observations
                ]
                record_observations(session, batch)

            hooks.append(count_lines)
        journal = self.journal
        if journal is not None and marks:

            def record_marks(session: Session, _results: Sequence[ArticleResult]) -> None:
                journal.record(session, marks)

            hooks.append(record_marks)
        return hooks


def _assign_clusters(session: Session, results: Sequence[ArticleResult]) -> None:
    assign_clusters(session, results)


def run_local(
    raw_docs: Iterable[RawDocument | Rejected | InputDone],
    store: Store,
    *,
    config: PipelineConfig | None = None,
    workers: int = 1,
    chunk_size: int = CHUNK_ARTICLES,
    progress: ProgressFn | None = None,
    journal: RunJournal | None = None,
    dedup: bool = True,
    outlet_lines: bool = True,
) -> RunSummary:
    """Ingest ``raw_docs`` into ``store`` and return the run's counts.

    ``journal``: the run journal whose ``iter_documents`` produced ``raw_docs``; its
    ``InputDone`` markers are recorded with the batch holding each file's last document, so
    a re-run skips finished files. ``dedup``: assign syndication clusters
    (``documents.cluster_id``). ``outlet_lines``: learn and remove per-outlet boilerplate.
    """
    config = config or PipelineConfig()
    summary = RunSummary()
    started = time.perf_counter()
    model: OutletLineModel | None = None
    observations: dict[DocId, LineObservation] | None = None
    if outlet_lines:
        model = OutletLineModel(loader=partial(load_store_outlet_counts, store))
        observations = {}
    extras = BatchExtras(dedup=dedup, journal=journal, observations=observations)
    items = iter_new_articles(
        raw_docs,
        summary,
        is_stored=store.has_document,
        outlet_model=model,
        observations=observations,
    )
    chunks = chunk_items(items, chunk_size)
    if workers <= 1:
        pipeline = Pipeline(config)
        for chunk in chunks:
            results = list(pipeline.process(chunk.articles)) if chunk.articles else []
            _write(
                store,
                results,
                chunk.rejects,
                summary=summary,
                progress=progress,
                hooks=extras.hooks(chunk.marks),
            )
    else:
        _run_pool(
            chunks,
            store,
            config=config,
            workers=workers,
            summary=summary,
            progress=progress,
            extras=extras,
        )
    summary.elapsed = time.perf_counter() - started
    if model is not None and model.removed_total:
        logger.info("%d learned outlet boilerplate lines removed", model.removed_total)
    return summary


def load_store_outlet_counts(store: Store, outlet: str) -> dict[str, int]:
    with store.transaction() as session:
        return load_outlet_counts(session, outlet)


def _run_pool(
    chunks: Iterator[Chunk],
    store: Store,
    *,
    config: PipelineConfig,
    workers: int,
    summary: RunSummary,
    progress: ProgressFn | None,
    extras: BatchExtras,
) -> None:
    ctx = mp.get_context("spawn")
    window = workers * IN_FLIGHT_PER_WORKER
    pending: list[tuple[AsyncResult[list[ArticleResult]], Chunk]] = []
    pool: Pool = ctx.Pool(workers, initializer=_worker_init, initargs=(config,))
    try:
        for chunk in chunks:
            pending.append((pool.apply_async(_worker_process, (chunk.articles,)), chunk))
            while len(pending) >= window:
                result, done = pending.pop(0)
                _write(
                    store,
                    result.get(),
                    done.rejects,
                    summary=summary,
                    progress=progress,
                    hooks=extras.hooks(done.marks),
                )
        while pending:
            result, done = pending.pop(0)
            _write(
                store,
                result.get(),
                done.rejects,
                summary=summary,
                progress=progress,
                hooks=extras.hooks(done.marks),
            )
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _write(
    store: Store,
    results: Sequence[ArticleResult],
    rejects: Sequence[Rejected],
    *,
    summary: RunSummary,
    progress: ProgressFn | None,
    hooks: Sequence[BatchHook] = (),
) -> None:
    errors = [result.error for result in results if result.error is not None]
    all_rejects = [*rejects, *errors]
    store.write(results, all_rejects, hooks=hooks)
    for rejected in all_rejects:
        summary.rejected[rejected.code] += 1
        if len(summary.reject_examples) < 50:
            summary.reject_examples.append(rejected)
    for result in results:
        summary.stored += 1
        summary.words += len(result.article.text.split())
        if not result.parsed and result.error is None:
            summary.not_parsed += 1
        summary.claims += len(result.claims)
        for claim in result.claims:
            summary.claims_by_status[claim.status.value] += 1
    if progress is not None:
        progress(summary)
