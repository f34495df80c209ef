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
from typing import TYPE_CHECKING

from claimgraph.pipeline import CHUNK_ARTICLES, Pipeline, PipelineConfig, clean_or_reject
from claimgraph.records import Article, ArticleResult, DocId, RawDocument, Rejected

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

    from claimgraph.store import Store

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
    skipped: Counter[str] = field(
        default_factory=Counter
    )  # container records that are not articles
    claims_by_status: Counter[str] = field(default_factory=Counter)
    reject_examples: list[Rejected] = field(default_factory=list)
    elapsed: float = 0.0

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
            "claims": self.claims,
            "claims_by_status": dict(self.claims_by_status),
            "words": self.words,
            "elapsed_s": round(self.elapsed, 3),
            "peak_rss_mb": peak_rss_mb(),
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
    raw_docs: Iterable[RawDocument | Rejected],
    summary: RunSummary,
    *,
    is_stored: Callable[[DocId], bool],
) -> Iterator[Article | Rejected]:
    """Clean documents, dropping those already stored or seen earlier in this run."""
    seen: set[DocId] = set()
    for item in raw_docs:
        if isinstance(item, Rejected):
            summary.read += 1
            yield item
            continue
        summary.read += 1
        cleaned = clean_or_reject(item)
        if isinstance(cleaned, Rejected):
            yield cleaned
            continue
        if cleaned.doc_id in seen:
            summary.duplicates_in_run += 1
            continue
        seen.add(cleaned.doc_id)
        if is_stored(cleaned.doc_id):
            summary.already_stored += 1
            continue
        yield cleaned


def _chunks(
    items: Iterable[Article | Rejected], size: int
) -> Iterator[tuple[list[Article], list[Rejected]]]:
    articles: list[Article] = []
    rejects: list[Rejected] = []
    for item in items:
        if isinstance(item, Rejected):
            rejects.append(item)
        else:
            articles.append(item)
        if len(articles) >= size or len(rejects) >= size:
            yield articles, rejects
            articles, rejects = [], []
    if articles or rejects:
        yield articles, rejects


def run_local(
    raw_docs: Iterable[RawDocument | Rejected],
    store: Store,
    *,
    config: PipelineConfig | None = None,
    workers: int = 1,
    chunk_size: int = CHUNK_ARTICLES,
    progress: ProgressFn | None = None,
) -> RunSummary:
    """Ingest ``raw_docs`` into ``store`` and return the run's counts."""
    config = config or PipelineConfig()
    summary = RunSummary()
    started = time.perf_counter()
    items = iter_new_articles(raw_docs, summary, is_stored=store.has_document)
    chunks = _chunks(items, chunk_size)
    if workers <= 1:
        pipeline = Pipeline(config)
        for articles, rejects in chunks:
            results = list(pipeline.process(articles)) if articles else []
            _write(store, results, rejects, summary, progress)
    else:
        _run_pool(chunks, store, config=config, workers=workers, summary=summary, progress=progress)
    summary.elapsed = time.perf_counter() - started
    return summary


def _run_pool(
    chunks: Iterator[tuple[list[Article], list[Rejected]]],
    store: Store,
    *,
    config: PipelineConfig,
    workers: int,
    summary: RunSummary,
    progress: ProgressFn | None,
) -> None:
    ctx = mp.get_context("spawn")
    window = workers * IN_FLIGHT_PER_WORKER
    pending: list[tuple[AsyncResult[list[ArticleResult]], list[Rejected]]] = []
    pool: Pool = ctx.Pool(workers, initializer=_worker_init, initargs=(config,))
    try:
        for articles, rejects in chunks:
            pending.append((pool.apply_async(_worker_process, (articles,)), rejects))
            while len(pending) >= window:
                result, rej = pending.pop(0)
                _write(store, result.get(), rej, summary, progress)
        while pending:
            result, rej = pending.pop(0)
            _write(store, result.get(), rej, summary, progress)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _write(
    store: Store,
    results: Sequence[ArticleResult],
    rejects: Sequence[Rejected],
    summary: RunSummary,
    progress: ProgressFn | None,
) -> None:
    errors = [result.error for result in results if result.error is not None]
    all_rejects = [*rejects, *errors]
    store.write(results, all_rejects)
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
