"""claimgraph: news articles to a sourced, evidence-graded graph of who does what to whom.

Public API::

    from claimgraph import Pipeline, extract
    result = extract("Russia delivered jets to Iran, the newspaper reported.")
    for claim in result.claims: ...

Everything else is internal; the records exchanged by stages live in ``claimgraph.records``.
"""

from __future__ import annotations

import datetime as dt

from claimgraph.pipeline import Pipeline, PipelineConfig
from claimgraph.records import Actor, Article, ArticleResult, Claim, Mention, RawDocument, Rejected

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "ArticleResult",
    "Claim",
    "Mention",
    "Pipeline",
    "PipelineConfig",
    "RawDocument",
    "Rejected",
    "__version__",
    "extract",
]

_DEFAULT: dict[str, Pipeline] = {}


def extract(
    text: str,
    *,
    title: str | None = None,
    published: dt.date | None = None,
    source: str = "<text>",
) -> ArticleResult:
    """Extract evidence-graded claims from one clean article text (a shared default pipeline)."""
    pipeline = _DEFAULT.setdefault("default", Pipeline())
    return pipeline.extract_text(text, title=title, published=published, source=source)
