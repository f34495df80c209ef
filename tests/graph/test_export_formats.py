"""Parquet, PLOVER and relation exports of the hand-written corpus."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from tests.graph.corpus import FACT, build_store

from claimgraph.errors import UnknownComponentError
from claimgraph.graph.export import export_claims, export_relations


@pytest.fixture()
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with build_store(f"sqlite:///{tmp_path / 'x.db'}") as opened:
        yield opened


def test_export_formats_claims_parquet(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "claims.parquet"
    assert export_claims(store, "parquet", path) == 10
    table = pq.read_table(path)
    assert table.num_rows == 10
    assert FACT in table.column("sentence").to_pylist()


def test_export_formats_plover_records(store) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    assert export_claims(store, "plover", out) == 10
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    denial = next(r for r in records if r["status"] == "denied")
    assert denial["event_type"] == "AID"
    assert denial["source_actor"] == "Lithuania" and denial["target_country"] == "UKR"
    assert denial["attribution"][0]["cue"] == "denied"
    assert {"id", "date", "source_sector", "mode", "target", "text"} <= set(denial)


def test_export_formats_relations_csv_and_parquet(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    assert export_relations(store, "csv", out) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    aid = next(row for row in rows if row["type"] == "AID")
    assert aid["contradicted"] == "True" and float(aid["score"]) == pytest.approx(0.875)
    assert aid["n_denied"] == "1" and aid["n_reported"] == "3"
    path = tmp_path / "relations.parquet"
    assert export_relations(store, "parquet", path, min_sources=2) == 1
    assert pq.read_table(path).column("type").to_pylist() == ["AID"]
    with pytest.raises(UnknownComponentError):
        export_relations(store, "xlsx", out)  # type: ignore[arg-type]
