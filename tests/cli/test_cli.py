"""The command line, end to end on small articles written for these tests."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from claimgraph.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
GOOD = [ARTICLES / "drones.txt", ARTICLES / "summit.html"]

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store built by `claimgraph run` over the good and the bad fixture files."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in ARTICLES.iterdir():
        shutil.copy(path, folder / path.name)
    db = f"sqlite:///{tmp_path_factory.mktemp('db') / 'cg.db'}"
    code, output = invoke("run", str(folder), "--db", db)
    assert code == 0, output
    return db


def test_cli_help_lists_every_command() -> None:
    code, output = invoke("--help")
    assert code == 0
    for command in ("run", "ingest", "extract", "query", "show", "stats", "export", "eval"):
        assert command in output


def test_cli_reference_doc_is_current() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_cli_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


def test_cli_extract_prints_claim_records() -> None:
    code, output = invoke("extract", *map(str, GOOD), "--format", "jsonl")
    assert code == 0
    records = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert records, output
    for record in records:
        for key in (
            "claim_id",
            "doc_id",
            "sentence",
            "char_span",
            "subject",
            "type",
            "object",
            "attribution",
            "certainty",
            "polarity",
            "time",
            "status",
            "confidence",
        ):
            assert key in record
        assert record["subject"]["id"] != record["object"]["id"]
    pairs = {(r["subject"]["id"], r["type"], r["object"]["id"]) for r in records}
    assert ("IRN", "AID", "RUS") in pairs


def test_cli_extract_reports_bad_files_and_goes_on() -> None:
    result = runner.invoke(app, ["extract", str(ARTICLES / "broken.bin"), str(GOOD[0])])
    assert result.exit_code == 0
    assert any(line.startswith("{") for line in result.stdout.splitlines())
    assert "broken.bin" in result.output


def test_cli_run_stores_documents_and_counts_rejects(store: str) -> None:
    code, output = invoke("stats", "--db", store, "--json")
    assert code == 0
    stats = json.loads(output)
    assert stats["documents"] == 2
    assert stats["failed"] == 2  # the binary file and the empty file
    assert stats["claims"] > 0


def test_cli_run_is_idempotent(store: str) -> None:
    before = json.loads(invoke("stats", "--db", store, "--json")[1])
    code, output = invoke("ingest", *map(str, GOOD), "--db", store, "--json")
    assert code == 0, output
    after = json.loads(invoke("stats", "--db", store, "--json")[1])
    assert after["documents"] == before["documents"]
    assert after["claims"] == before["claims"]


def test_cli_query_filters_by_actor_and_status(store: str) -> None:
    code, output = invoke("query", "--db", store, "--actor", "Iran", "--json")
    assert code == 0
    claims = json.loads(output)
    assert claims
    assert all(
        "IRN"
        in (
            c["subject"]["id"],
            c["object"]["id"],
            c["subject"].get("country"),
            c["object"].get("country"),
        )
        for c in claims
    )
    code, output = invoke("query", "--db", store, "--status", "predicted", "--json")
    assert code == 0
    assert all(c["status"] == "predicted" for c in json.loads(output))


def test_cli_show_prints_the_article(store: str) -> None:
    claims = json.loads(invoke("query", "--db", store, "--json")[1])
    doc_id = claims[0]["doc_id"]
    code, output = invoke("show", doc_id[:10], "--db", store)
    assert code == 0
    assert claims[0]["trigger"] in output


def test_cli_show_unknown_document_fails_clearly(store: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "claimgraph.cli.main", "show", "ffffffffff", "--db", store],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "ffffffffff" in proc.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "graphml", "gexf"])
def test_cli_export_formats_parse_back(store: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    code, output = invoke("export", "--db", store, "--format", fmt, "--output", str(out))
    assert code == 0, output
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text().splitlines()]
        assert rows and all("claim_id" in r for r in rows)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out.read_text())))
        assert rows and "claim_id" in rows[0]
    else:
        graph = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
        assert graph.number_of_edges() > 0


def test_cli_unknown_eval_task_is_a_usage_error(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimgraph.cli.main",
            "eval",
            "nosuchtask",
            "--data",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "plover" in proc.stderr  # the message lists the valid tasks


def test_cli_strict_run_fails_on_rejects(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'strict.db'}"
    result = runner.invoke(app, ["ingest", str(ARTICLES / "empty.txt"), "--db", db, "--strict"])
    assert result.exit_code == 1
