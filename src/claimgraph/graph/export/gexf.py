"""The actor network as GEXF 1.2 (Gephi)."""

from __future__ import annotations

import networkx as nx

from claimgraph.graph.export.base import Target, open_text


def write_gexf(graph: nx.MultiDiGraph, out: Target) -> int:
    """Write ``graph``; returns the number of edges."""
    with open_text(out, newline="\n") as handle:
        for line in nx.generate_gexf(graph, prettyprint=True):
            handle.write(line)
            handle.write("\n")
    return int(graph.number_of_edges())
