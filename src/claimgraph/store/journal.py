"""The run journal (``run_inputs``) and idempotent reject recording.

A run is keyed by its normalized arguments (``engine.journal.make_run_key``). Each input file
it finished is recorded with its size and mtime, in the same transaction as the batch that
holds the file's last document, so a re-run with the same arguments skips it without reading
it (a file whose size or mtime changed is read again).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, tuple_
from sqlalchemy.orm import Session

from claimgraph.records import Rejected
from claimgraph.store.schema import RejectRow, RunInput

# Keys per IN (...) query (3 parameters each).
_KEYS_PER_QUERY = 300


@dataclass(frozen=True, slots=True)
class InputState:
    """A finished input as the journal recorded it."""

    size: int | None
    mtime: float | None
    n_documents: int


def done_inputs(session: Session, run_key: str) -> dict[str, InputState]:
    """The inputs a run with this key finished: ``{input: state}``."""
    rows = session.execute(
        select(RunInput.input, RunInput.size, RunInput.mtime, RunInput.n_documents).where(
            RunInput.run_key == run_key, RunInput.done_at.is_not(None)
        )
    )
    return {
        name: InputState(size=size, mtime=mtime, n_documents=n) for name, size, mtime, n in rows
    }


def mark_done(
    session: Session,
    run_key: str,
    inputs: Sequence[tuple[str, InputState]],
    *,
    now: dt.datetime | None = None,
) -> None:
    """Record inputs as finished (replacing an older record of the same input)."""
    if not inputs:
        return
    at = now or dt.datetime.now(dt.UTC)
    names = sorted({name for name, _ in inputs})
    for i in range(0, len(names), _KEYS_PER_QUERY):
        session.execute(
            delete(RunInput).where(
                RunInput.run_key == run_key, RunInput.input.in_(names[i : i + _KEYS_PER_QUERY])
            )
        )
    latest = dict(inputs)
    session.execute(
        insert(RunInput),
        [
            {
                "run_key": run_key,
                "input": name,
                "size": latest[name].size,
                "mtime": latest[name].mtime,
                "n_documents": latest[name].n_documents,
                "done_at": at,
            }
            for name in names
        ],
    )


def forget_run(session: Session, run_key: str) -> int:
    """Drop a run's journal (to force a full re-read); rows removed."""
    result = session.execute(delete(RunInput).where(RunInput.run_key == run_key))
    return int(result.rowcount)  # type: ignore[attr-defined]  # CursorResult of a DELETE


def reject_key(reject: Rejected) -> tuple[str, str, str]:
    return (reject.source, reject.stage, reject.code)


def unseen_rejects(session: Session, rejects: Iterable[Rejected]) -> list[Rejected]:
    """The rejects not yet recorded: one row per (source, stage, code), first one kept."""
    unique: dict[tuple[str, str, str], Rejected] = {}
    for reject in rejects:
        unique.setdefault(reject_key(reject), reject)
    if not unique:
        return []
    keys = list(unique)
    stored: set[tuple[str, str, str]] = set()
    for i in range(0, len(keys), _KEYS_PER_QUERY):
        stmt = select(RejectRow.source, RejectRow.stage, RejectRow.code).where(
            tuple_(RejectRow.source, RejectRow.stage, RejectRow.code).in_(
                keys[i : i + _KEYS_PER_QUERY]
            )
        )
        stored.update((source, stage, code) for source, stage, code in session.execute(stmt))
    return [reject for key, reject in unique.items() if key not in stored]
