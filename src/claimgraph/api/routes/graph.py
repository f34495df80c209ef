"""``/graph``: the network of the top-N relations for the UI, and GraphML/GEXF exports."""

from __future__ import annotations

import io
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from claimgraph.api.deps import StoreDep
from claimgraph.api.routes._params import RelationFilterDep
from claimgraph.api.schemas import GraphEdge, GraphNode, GraphOut, relation_id
from claimgraph.graph.export.gexf import write_gexf
from claimgraph.graph.export.graphml import write_graphml
from claimgraph.graph.export.network import build_graph

router = APIRouter(tags=["graph"])

# Most edges one network response holds: Cytoscape stays fluid on a laptop up to a few
# hundred edges; beyond, the view is a hairball and the filters are the way in.
MAX_EDGES = 1000

# Most relations one GraphML/GEXF export holds (use the CLI ``export`` for a whole store).
MAX_EXPORT_EDGES = 50_000

TopN = Annotated[int, Query(ge=1, le=MAX_EDGES, description="edges, strongest first")]


@router.get("/graph", response_model=GraphOut)
def network(store: StoreDep, flt: RelationFilterDep, limit: TopN = 150) -> GraphOut:
    """The top ``limit`` relations by corroboration score as nodes and edges."""
    rows, total = store.find_relations(flt, order="score", limit=limit)
    degree: dict[str, int] = {}
    nodes: dict[str, GraphNode] = {}
    edges: list[GraphEdge] = []
    for row in rows:
        for actor in (row.subject, row.object):
            degree[actor.id] = degree.get(actor.id, 0) + 1
            nodes.setdefault(
                actor.id,
                GraphNode(
                    id=actor.id,
                    name=actor.name,
                    kind=actor.kind.value,
                    country=actor.country,
                    degree=0,
                ),
            )
        edges.append(
            GraphEdge(
                id=relation_id(row.subject.id, row.type, row.object.id),
                source=row.subject.id,
                target=row.object.id,
                type=row.type,
                family=row.family,
                score=row.score,
                n_sources=row.n_sources,
                n_claims=row.n_claims,
                contradicted=row.contradicted,
            )
        )
    return GraphOut(
        nodes=[node.model_copy(update={"degree": degree[node.id]}) for node in nodes.values()],
        edges=edges,
        total=total,
        truncated=total > len(rows),
    )


_MEDIA = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml"}


@router.get(
    "/export/graph.{fmt}",
    response_class=Response,
    responses={200: {"content": {media: {} for media in _MEDIA.values()}}},
)
def export_graph(
    store: StoreDep,
    flt: RelationFilterDep,
    fmt: Literal["graphml", "gexf"],
    limit: Annotated[int, Query(ge=1, le=MAX_EXPORT_EDGES)] = 5000,
) -> Response:
    """The filtered network as GraphML or GEXF (edges carry score, contradicted, family)."""
    rows, _ = store.find_relations(flt, order="score", limit=limit)
    buffer = io.BytesIO()
    graph = build_graph(rows)
    if fmt == "graphml":
        write_graphml(graph, buffer)
    else:
        write_gexf(graph, buffer)
    return Response(
        buffer.getvalue(),
        media_type=_MEDIA[fmt],
        headers={"content-disposition": f'attachment; filename="claimgraph.{fmt}"'},
    )
