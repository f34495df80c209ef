"""``/stats``."""

from __future__ import annotations

from fastapi import APIRouter

from claimgraph.api.deps import StoreDep
from claimgraph.api.schemas import StatsOut

router = APIRouter(tags=["meta"])


@router.get("/stats", response_model=StatsOut)
def stats(store: StoreDep) -> StatsOut:
    """How much the store holds."""
    figures = store.stats()
    return StatsOut(
        documents=figures.documents,
        claims=figures.claims,
        actors=figures.actors,
        relations=figures.relations,
        claims_by_status=dict(figures.claims_by_status),
    )
