"""Exports of a store: claims as JSONL, CSV, Parquet or PLOVER records; relations as CSV or
Parquet; the actor network as GraphML or GEXF."""

from __future__ import annotations

import csv as csvlib
import io
import logging
from pathlib import Path
from typing import BinaryIO, cast

from claimgraph.errors import UnknownComponentError
from claimgraph.graph.export.base import (
    FORMATS,
    RELATION_FORMATS,
    ExportFormat,
    RelationFormat,
    Target,
    open_text,
)
from claimgraph.graph.export.csv import write_csv
from claimgraph.graph.export.gexf import write_gexf
from claimgraph.graph.export.graphml import write_graphml
from claimgraph.graph.export.jsonl import write_jsonl
from claimgraph.graph.export.network import build_graph
from claimgraph.graph.export.parquet import (
    RELATION_COLUMNS,
    relation_row,
    write_claims_parquet,
    write_relations_parquet,
)
from claimgraph.graph.export.plover import write_plover
from claimgraph.store import Store

logger = logging.getLogger(__name__)

__all__ = [
    "FORMATS",
    "RELATION_FORMATS",
    "ExportFormat",
    "RelationFormat",
    "build_graph",
    "export_claims",
    "export_relations",
]


def export_claims(store: Store, fmt: ExportFormat, out: Target, *, min_sources: int = 1) -> int:
    """Export ``store`` to ``out`` (a path or an open stream) in ``fmt``.

    ``jsonl``/``csv`` write every claim (returns the number of claims); ``graphml``/``gexf``
    write the actor network of the relations with at least ``min_sources`` independent
    sources (returns the number of edges).
    """
    if fmt == "jsonl":
        n = write_jsonl(store.iter_claims(), out)
    elif fmt == "csv":
        n = write_csv(store.iter_claims(), out)
    elif fmt == "parquet":
        n = write_claims_parquet(store.iter_claims(), _binary(out))
    elif fmt == "plover":
        n = write_plover(store.iter_claims(), out)
    elif fmt == "graphml":
        n = write_graphml(build_graph(store.iter_relations(min_sources=min_sources)), out)
    elif fmt == "gexf":
        n = write_gexf(build_graph(store.iter_relations(min_sources=min_sources)), out)
    else:
        raise UnknownComponentError(kind="export format", name=fmt, choices=", ".join(FORMATS))
    logger.info("exported %d %s to %s", n, "edges" if fmt in ("graphml", "gexf") else "claims", fmt)
    return n


def _binary(out: Target) -> str | BinaryIO:
    """Parquet needs a path or a binary stream."""
    if isinstance(out, str | Path):
        return str(out)
    if isinstance(out, io.TextIOBase):
        raise UnknownComponentError(
            kind="output for Parquet", name="a text stream", choices="a path, a binary stream"
        )
    return cast(BinaryIO, out)


def export_relations(
    store: Store, fmt: RelationFormat, out: Target, *, min_sources: int = 1
) -> int:
    """Write every relation with at least ``min_sources`` sources (figures, score, flag)."""
    relations = store.iter_relations(min_sources=min_sources)
    if fmt == "csv":
        n = 0
        with open_text(out, newline="") as handle:
            writer = csvlib.DictWriter(handle, fieldnames=RELATION_COLUMNS)
            writer.writeheader()
            for relation in relations:
                writer.writerow(relation_row(relation))
                n += 1
    elif fmt == "parquet":
        n = write_relations_parquet(relations, _binary(out))
    else:
        raise UnknownComponentError(
            kind="relation export format", name=fmt, choices=", ".join(RELATION_FORMATS)
        )
    logger.info("exported %d relations to %s", n, fmt)
    return n
