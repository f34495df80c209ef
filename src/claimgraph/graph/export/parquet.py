"""Claims and relations as Parquet (pyarrow): the CSV columns, written in row groups."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from claimgraph.graph.export.csv import COLUMNS, claim_row
from claimgraph.records import Claim
from claimgraph.store.queries import RelationRow

# Rows per Parquet row group: a few MB of claims, so memory stays bounded on large stores.
ROW_GROUP = 5000

ParquetTarget = str | Path | BinaryIO


def _write(rows: Iterator[dict[str, object]], columns: tuple[str, ...], out: ParquetTarget) -> int:
    writer: pq.ParquetWriter | None = None
    n = 0
    batch: list[dict[str, object]] = []
    schema: pa.Schema | None = None
    try:
        for row in rows:
            batch.append(row)
            if len(batch) >= ROW_GROUP:
                table = pa.Table.from_pylist(batch, schema=schema)
                schema = table.schema
                writer = writer or pq.ParquetWriter(out, schema)
                writer.write_table(table)
                n += len(batch)
                batch = []
        if batch or writer is None:
            table = pa.Table.from_pylist(batch, schema=schema) if batch else _empty(columns)
            writer = writer or pq.ParquetWriter(out, table.schema)
            writer.write_table(table)
            n += len(batch)
    finally:
        if writer is not None:
            writer.close()
    return n


def _empty(columns: tuple[str, ...]) -> pa.Table:
    return pa.table({column: pa.array([], type=pa.string()) for column in columns})


def write_claims_parquet(claims: Iterable[Claim], out: ParquetTarget) -> int:
    """One row per claim (the CSV columns); returns the number of rows."""
    return _write((claim_row(claim) for claim in claims), COLUMNS, out)


RELATION_COLUMNS: tuple[str, ...] = (
    "subject_id",
    "subject_name",
    "type",
    "family",
    "object_id",
    "object_name",
    "n_claims",
    "n_sources",
    "score",
    "contradicted",
    "n_asserted",
    "n_reported",
    "n_alleged",
    "n_hedged",
    "n_denied",
    "n_predicted",
    "first_date",
    "last_date",
)


def relation_row(relation: RelationRow) -> dict[str, object]:
    """The flat row of one relation (empty strings for missing dates)."""
    counts = {f"n_{status.value}": n for status, n in relation.status_counts.items()}
    return {
        "subject_id": relation.subject.id,
        "subject_name": relation.subject.name,
        "type": relation.type.value,
        "family": relation.family.value,
        "object_id": relation.object.id,
        "object_name": relation.object.name,
        "n_claims": relation.n_claims,
        "n_sources": relation.n_sources,
        "score": relation.score,
        "contradicted": relation.contradicted,
        **{
            column: counts.get(column, 0)
            for column in RELATION_COLUMNS
            if column.startswith("n_") and column not in ("n_claims", "n_sources")
        },
        "first_date": relation.first_date.isoformat() if relation.first_date else "",
        "last_date": relation.last_date.isoformat() if relation.last_date else "",
    }


def write_relations_parquet(relations: Iterable[RelationRow], out: ParquetTarget) -> int:
    return _write((relation_row(r) for r in relations), RELATION_COLUMNS, out)
