"""Query parameters shared by several routes (bounded pagination, relation filters)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import Depends, Query

from claimgraph.api.errors import ApiError
from claimgraph.store.queries import RelationFilter
from claimgraph.vocab import FAMILY_OF_TYPE, Family, PloverType, Status

# Largest page any list endpoint returns; a client pages beyond it with ``offset``.
MAX_PAGE = 500

# Deepest ``offset`` accepted: past it, narrow the filters instead (keeps OFFSET scans cheap).
MAX_OFFSET = 100_000

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size, 1..{MAX_PAGE}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
RelationOrder = Literal["score", "sources", "claims", "recent"]


def next_offset(offset: int, limit: int, total: int | None, got: int) -> int | None:
    if total is None:
        return offset + limit if got >= limit else None
    return offset + limit if offset + limit < total else None


def relation_filter(
    *,
    actor: Annotated[str | None, Query(description="actor id on either side")] = None,
    subject: Annotated[str | None, Query(description="subject actor id")] = None,
    object: Annotated[str | None, Query(description="object actor id")] = None,
    type: Annotated[list[PloverType] | None, Query(description="PLOVER event types")] = None,
    family: Annotated[list[Family] | None, Query(description="coarse families")] = None,
    status: Annotated[Status | None, Query(description="has a claim of this status")] = None,
    since: Annotated[dt.date | None, Query(description="last date on or after")] = None,
    until: Annotated[dt.date | None, Query(description="first date on or before")] = None,
    min_sources: Annotated[int, Query(ge=1, le=1000, description="independent sources")] = 1,
    min_score: Annotated[float, Query(ge=0.0, le=1.0, description="corroboration score")] = 0.0,
    contradicted: Annotated[bool | None, Query(description="only (non-)contradicted")] = None,
) -> RelationFilter:
    if since is not None and until is not None and until < since:
        raise ApiError(422, f"invalid date range: until ({until}) is before since ({since})")
    types: tuple[PloverType, ...] | None = None
    if type or family:
        wanted = set(type or PloverType)
        if family:
            wanted &= {t for t in PloverType if FAMILY_OF_TYPE[t] in family}
        types = tuple(sorted(wanted))
    return RelationFilter(
        actor_id=actor,
        subject_id=subject,
        object_id=object,
        types=types,
        status=status,
        since=since,
        until=until,
        min_sources=min_sources,
        min_score=min_score,
        contradicted=contradicted,
    )


RelationFilterDep = Annotated[RelationFilter, Depends(relation_filter)]
