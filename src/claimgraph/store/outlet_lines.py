"""Per-outlet line counts in ``outlet_lines`` (see ``clean.outlet_lines``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, tuple_, update
from sqlalchemy.orm import Session

from claimgraph.clean.outlet_lines import LineObservation, merge_observations
from claimgraph.store.schema import OutletLine

# (outlet, line_hash) pairs per IN (...) query (2 parameters each, well under the limits).
_PAIRS_PER_QUERY = 400


def load_outlet_counts(session: Session, outlet: str) -> dict[str, int]:
    """``{line_hash: n_docs}`` of one outlet."""
    rows = session.execute(
        select(OutletLine.line_hash, OutletLine.n_docs).where(OutletLine.outlet == outlet)
    )
    return {line_hash: n_docs for line_hash, n_docs in rows}


def record_observations(session: Session, observations: Iterable[LineObservation]) -> int:
    """Add a batch's observations to the counts (inside the batch's transaction); pairs touched."""
    increments = merge_observations(observations)
    if not increments:
        return 0
    pairs = sorted(increments)
    existing: set[tuple[str, str]] = set()
    for i in range(0, len(pairs), _PAIRS_PER_QUERY):
        stmt = select(OutletLine.outlet, OutletLine.line_hash).where(
            tuple_(OutletLine.outlet, OutletLine.line_hash).in_(pairs[i : i + _PAIRS_PER_QUERY])
        )
        existing.update((outlet, line_hash) for outlet, line_hash in session.execute(stmt))
    table = cast(Table, OutletLine.__table__)  # the Core table: bulk statements
    updates = [
        {"k_outlet": outlet, "k_hash": key, "d": increments[(outlet, key)]}
        for outlet, key in pairs
        if (outlet, key) in existing
    ]
    inserts = [
        {"outlet": outlet, "line_hash": key, "n_docs": increments[(outlet, key)]}
        for outlet, key in pairs
        if (outlet, key) not in existing
    ]
    if updates:
        session.execute(
            update(table)
            .where(
                table.c.outlet == bindparam("k_outlet"), table.c.line_hash == bindparam("k_hash")
            )
            .values(n_docs=table.c.n_docs + bindparam("d")),
            updates,
        )
    if inserts:
        session.execute(insert(table), inserts)
    return len(pairs)
