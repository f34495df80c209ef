"""``/search``: full-text search over article titles and text."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from claimgraph.api.deps import StoreDep
from claimgraph.api.routes._params import Limit
from claimgraph.api.schemas import SearchHit

router = APIRouter(tags=["search"])

# Characters of context on each side of the first match in a hit's snippet.
SNIPPET_CONTEXT = 90


def make_snippet(text: str, query: str) -> str:
    """A plain-text window around the first word of ``query`` found in ``text``."""
    lowered = text.lower()
    at = -1
    for word in query.lower().split():
        at = lowered.find(word.strip('"'))
        if at >= 0:
            break
    if at < 0:
        return text[: 2 * SNIPPET_CONTEXT].strip()
    start = max(0, at - SNIPPET_CONTEXT)
    end = min(len(text), at + SNIPPET_CONTEXT)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return f"{prefix}{text[start:end].strip()}{suffix}"


@router.get("/search", response_model=list[SearchHit])
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="words, all required")],
    limit: Limit = 20,
) -> list[SearchHit]:
    """Documents whose title or text contains every word of ``q``, best match first."""
    hits: list[SearchHit] = []
    for doc_id in store.search_documents(q, limit=limit):
        document = store.get_document(doc_id)
        hits.append(
            SearchHit(
                doc_id=document.doc_id,
                title=document.title,
                outlet=document.outlet,
                published=document.published,
                snippet=make_snippet(document.text, q),
            )
        )
    return hits
