"""Exports of a store: claims as JSONL or CSV, the actor network as GraphML or GEXF."""

from __future__ import annotations

import logging

from claimgraph.errors import UnknownComponentError
from claimgraph.graph.export.base import FORMATS, ExportFormat, Target
from claimgraph.graph.export.csv import write_csv
from claimgraph.graph.export.gexf import write_gexf
from claimgraph.graph.export.graphml import write_graphml
from claimgraph.graph.export.jsonl import write_jsonl
from claimgraph.graph.export.network import build_graph
from claimgraph.store import Store

logger = logging.getLogger(__name__)

__all__ = ["FORMATS", "ExportFormat", "build_graph", "export_claims"]


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
    elif fmt == "graphml":
        n = write_graphml(build_graph(store.iter_relations(min_sources=min_sources)), out)
    elif fmt == "gexf":
        n = write_gexf(build_graph(store.iter_relations(min_sources=min_sources)), out)
    else:
        raise UnknownComponentError(kind="export format", name=fmt, choices=", ".join(FORMATS))
    logger.info("exported %d %s to %s", n, "claims" if fmt in ("jsonl", "csv") else "edges", fmt)
    return n
