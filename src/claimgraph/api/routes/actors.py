"""``/actors``: search by name or alias, and an actor's profile with its top relations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from claimgraph.api.deps import StoreDep
from claimgraph.api.routes._params import MAX_PAGE, Limit
from claimgraph.api.schemas import ActorProfile, ActorSummaryOut, RelationOut
from claimgraph.store.queries import RelationFilter

router = APIRouter(tags=["actors"])


@router.get("/actors", response_model=list[ActorSummaryOut])
def search_actors(
    store: StoreDep,
    q: Annotated[str, Query(max_length=200, description="part of a name or alias")] = "",
    limit: Limit = 20,
) -> list[ActorSummaryOut]:
    """Actors whose id, name or any alias contains ``q``; the best connected when empty."""
    return [ActorSummaryOut.of(summary) for summary in store.find_actors(q, limit=limit)]


@router.get("/actors/{actor_id}", response_model=ActorProfile)
def actor_profile(
    store: StoreDep,
    actor_id: str,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="relations shown")] = 20,
) -> ActorProfile:
    """An actor, its aliases and counts, and its relations (either side) by score."""
    with store.reading():  # one session for the request's reads
        summary = store.get_actor(actor_id)
        rows, _ = store.find_relations(RelationFilter(actor_id=actor_id), limit=limit)
    return ActorProfile(
        summary=ActorSummaryOut.of(summary),
        relations=[RelationOut.of(row) for row in rows],
    )
