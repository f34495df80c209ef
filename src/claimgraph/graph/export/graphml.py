"""The actor network as GraphML (yEd, Cytoscape, Gephi)."""

from __future__ import annotations

import networkx as nx

from claimgraph.graph.export.base import Target, open_text


def write_graphml(graph: nx.MultiDiGraph, out: Target) -> int:
    """Write ``graph``; returns the number of edges."""
    with open_text(out, newline="\n") as handle:
        for line in nx.generate_graphml(graph, prettyprint=True):
            handle.write(line)
            handle.write("\n")
    return int(graph.number_of_edges())
