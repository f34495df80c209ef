"""``/relations``: filtered, paginated relations; one relation's evidence and timeline."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from claimgraph.api.deps import StoreDep
from claimgraph.api.routes._params import (
    Limit,
    Offset,
    RelationFilterDep,
    RelationOrder,
    next_offset,
)
from claimgraph.api.schemas import (
    ClaimOut,
    Page,
    RelationDetail,
    RelationOut,
    TimelinePoint,
)
from claimgraph.graph.aggregate import source_key
from claimgraph.graph.corroboration import FIRM_STATUSES
from claimgraph.vocab import PloverType, Status

router = APIRouter(tags=["relations"])

# Claims listed per side in a relation's detail (affirming, denying); the rest is paged
# through ``/relations/{subject}/{type}/{object}/claims``.
SIDE_CLAIMS = 20


@router.get("/relations", response_model=Page[RelationOut])
def list_relations(
    *,
    store: StoreDep,
    flt: RelationFilterDep,
    order: RelationOrder = "score",
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[RelationOut]:
    """Relations matching every filter, strongest corroboration first (``order``)."""
    rows, total = store.find_relations(flt, order=order, limit=limit, offset=offset)
    return Page[RelationOut](
        items=[RelationOut.of(row) for row in rows],
        total=total,
        limit=limit,
        offset=offset,
        next_offset=next_offset(offset, limit, total, len(rows)),
    )


@router.get("/relations/{subject_id}/{type}/{object_id}", response_model=RelationDetail)
def relation_detail(
    store: StoreDep, subject_id: str, type: PloverType, object_id: str
) -> RelationDetail:
    """A relation with its affirming and denying claims and sources, and its timeline."""
    with store.reading():  # one session (one snapshot) for the request's reads
        relation = store.get_relation(subject_id, type, object_id)
        affirming = []
        for status in sorted(FIRM_STATUSES):
            claims, _ = store.relation_claims(
                subject_id, type, object_id, status=status, limit=SIDE_CLAIMS
            )
            affirming.extend(claims)
        denying, _ = store.relation_claims(
            subject_id, type, object_id, status=Status.DENIED, limit=SIDE_CLAIMS
        )
        timeline = store.relation_timeline(subject_id, type, object_id)
    return RelationDetail(
        relation=RelationOut.of(relation),
        affirming=[ClaimOut.of(claim) for claim in affirming[:SIDE_CLAIMS]],
        denying=[ClaimOut.of(claim) for claim in denying],
        affirming_sources=sorted({source_key(claim) for claim in affirming}),
        denying_sources=sorted({source_key(claim) for claim in denying}),
        timeline=[TimelinePoint(date=day, status=status, n=n) for day, status, n in timeline],
    )


@router.get("/relations/{subject_id}/{type}/{object_id}/claims", response_model=Page[ClaimOut])
def relation_claims(
    *,
    store: StoreDep,
    subject_id: str,
    type: PloverType,
    object_id: str,
    status: Status | None = None,
    since: Annotated[dt.date | None, Query()] = None,
    until: Annotated[dt.date | None, Query()] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ClaimOut]:
    """The claims of one relation with their evidence, oldest first."""
    with store.reading():  # one session (one snapshot) for the request's reads
        store.get_relation(subject_id, type, object_id)  # 404 for an unknown relation
        claims, total = store.relation_claims(
            subject_id, type, object_id, status=status, since=since, until=until,
            limit=limit, offset=offset,
        )  # fmt: skip
    return Page[ClaimOut](
        items=[ClaimOut.of(claim) for claim in claims],
        total=total,
        limit=limit,
        offset=offset,
        next_offset=next_offset(offset, limit, total, len(claims)),
    )
