"""Relations as a networkx graph: actors are nodes, relations are edges.

Nodes carry ``name``, ``kind``, ``country``, ``sector``; edges (one per PLOVER type between two
actors: a ``MultiDiGraph`` keyed by type) carry ``label`` and ``event_type`` (the type),
``family``, ``n_claims``, ``n_sources``, ``weight`` (= ``n_sources``), ``score``
(corroboration), one ``n_<status>`` count per status, ``first_date``/``last_date`` (ISO or
empty) and ``contradicted``. Missing
values are empty strings, since GraphML and GEXF have no null.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from claimgraph.store.queries import ActorRef, RelationRow
from claimgraph.vocab import Status


def _add_actor(graph: nx.MultiDiGraph, actor: ActorRef) -> None:
    if actor.id in graph:
        return
    graph.add_node(
        actor.id,
        label=actor.name,
        name=actor.name,
        kind=actor.kind.value,
        country=actor.country or "",
        sector=actor.sector or "",
    )


def build_graph(relations: Iterable[RelationRow]) -> nx.MultiDiGraph:
    """The actor network of ``relations``."""
    graph = nx.MultiDiGraph()
    for relation in relations:
        _add_actor(graph, relation.subject)
        _add_actor(graph, relation.object)
        counts = {f"n_{status.value}": relation.status_counts.get(status, 0) for status in Status}
        graph.add_edge(
            relation.subject.id,
            relation.object.id,
            key=relation.type.value,
            label=relation.type.value,
            event_type=relation.type.value,
            family=relation.family.value,
            n_claims=relation.n_claims,
            n_sources=relation.n_sources,
            weight=relation.n_sources,
            score=relation.score,
            first_date=relation.first_date.isoformat() if relation.first_date else "",
            last_date=relation.last_date.isoformat() if relation.last_date else "",
            contradicted=relation.contradicted,
            **counts,
        )
    return graph
