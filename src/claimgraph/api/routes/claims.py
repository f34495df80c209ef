"""``/claims``: claims by actor, type, status or document; one claim with its evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from claimgraph.api.deps import StoreDep
from claimgraph.api.routes._params import Limit, Offset, next_offset
from claimgraph.api.schemas import ClaimOut, Page
from claimgraph.vocab import PloverType, Status

router = APIRouter(tags=["claims"])


@router.get("/claims", response_model=Page[ClaimOut])
def list_claims(
    *,
    store: StoreDep,
    actor: Annotated[str | None, Query(description="id, name or alias, either side")] = None,
    subject: Annotated[str | None, Query(description="id, name or alias")] = None,
    object: Annotated[str | None, Query(description="id, name or alias")] = None,
    type: PloverType | None = None,
    status: Status | None = None,
    doc_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ClaimOut]:
    """Claims matching every filter, in document order (``total`` is not counted: null)."""
    claims = store.query_claims(
        actor=actor,
        subject=subject,
        object=object,
        type=type.value if type else None,
        status=status.value if status else None,
        doc_id=doc_id,
        limit=limit,
        offset=offset,
    )
    return Page[ClaimOut](
        items=[ClaimOut.of(claim) for claim in claims],
        total=None,
        limit=limit,
        offset=offset,
        next_offset=next_offset(offset, limit, None, len(claims)),
    )


@router.get("/claims/{claim_id}", response_model=ClaimOut)
def get_claim(store: StoreDep, claim_id: str) -> ClaimOut:
    """One claim: sentence, highlight offsets, attribution chain and document."""
    return ClaimOut.of(store.get_claim(claim_id))
