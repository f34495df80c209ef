"""Exports of a real SQLite store parse back with the matching reader."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from tests.store.factories import result_a, result_b, result_c

from claimgraph.errors import UnknownComponentError
from claimgraph.graph.export import export_claims
from claimgraph.serialize import claim_from_dict
from claimgraph.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("export") / "claims.db"
    with Store(f"sqlite:///{path}") as opened:
        opened.write([result_a(), result_b(), result_c()])
        yield opened


def test_export_jsonl_lines_parse_back_to_the_stored_claims(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "claims.jsonl"
    assert export_claims(store, "jsonl", out) == 7
    lines = out.read_text(encoding="utf-8").splitlines()
    claims = [claim_from_dict(json.loads(line)) for line in lines]
    assert claims == list(store.iter_claims())


def test_export_jsonl_to_a_binary_stream(store: Store) -> None:
    buffer = io.BytesIO()
    export_claims(store, "jsonl", buffer)
    assert not buffer.closed
    assert len(buffer.getvalue().decode("utf-8").splitlines()) == 7


def test_export_csv_rows_parse_back(store: Store) -> None:
    buffer = io.StringIO()
    assert export_claims(store, "csv", buffer) == 7
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert len(rows) == 7
    by_trigger = {row["trigger"]: row for row in rows}
    row = by_trigger["shipped"]
    assert (row["subject_id"], row["subject_mention"], row["object_mention"]) == (
        "EST", "Tallinn", "Kyiv",
    )  # fmt: skip
    assert row["family"] == "material_cooperation" and row["cues"] == "reported"
    assert by_trigger["accused"]["sources"] == ""
    assert by_trigger["delivered"]["sentence"].count(",") == 1  # quoting survives commas


def _check_network(graph: nx.Graph) -> None:
    assert {"EST", "UKR", "RUS", "LTU", "icrc"} == set(graph.nodes)
    assert graph.nodes["EST"]["name"] == "Estonia"
    assert graph.nodes["icrc"]["kind"] == "igo"
    edges = [data for u, v, data in graph.edges(data=True) if (u, v) == ("EST", "UKR")]
    (aid,) = edges
    assert aid["event_type"] == "AID" and aid["family"] == "material_cooperation"
    assert int(aid["n_claims"]) == 4 and int(aid["n_sources"]) == 3
    assert int(aid["n_denied"]) == 1 and int(aid["n_reported"]) == 3
    assert aid["first_date"] == "2024-02-01"
    assert graph.number_of_edges() == 4


def test_export_graphml_parses_back(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "actors.graphml"
    assert export_claims(store, "graphml", out) == 4
    _check_network(nx.read_graphml(out))


def test_export_gexf_parses_back(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "actors.gexf"
    assert export_claims(store, "gexf", out) == 4
    _check_network(nx.read_gexf(out))


def test_export_graph_min_sources_filters_edges(store: Store) -> None:
    buffer = io.BytesIO()
    assert export_claims(store, "graphml", buffer, min_sources=2) == 1
    graph = nx.read_graphml(io.BytesIO(buffer.getvalue()))
    assert set(graph.edges()) == {("EST", "UKR")}


def test_export_unknown_format_lists_the_choices(store: Store) -> None:
    with pytest.raises(UnknownComponentError, match="jsonl, csv, parquet, plover, graphml, gexf"):
        export_claims(store, "xlsx", io.StringIO())  # type: ignore[arg-type]
