"""`claimgraph ingest` on both engines and both databases, through the command line.

The Ray engine writing into PostgreSQL (a bare ``postgresql://`` URL, as a user types it)
must give the store the local engine gives in SQLite for the same inputs: the bundled sample
corpus (plain-text scrapes, HTML pages, JSONL wire records, non-English stories) and, when
the shared data is present, a slice of the Wikinews corpus.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import SHARED
from tests.pgserver import drop_database, fresh_database, pg_skip_reason
from typer.testing import CliRunner

from claimgraph.cli.ingest_cmd import bundled_samples
from claimgraph.cli.main import app
from claimgraph.store import Store

pytest.importorskip("ray", reason="the Ray engine is an optional extra: claimgraph[ray]")

WIKINEWS_SLICE = 25  # articles of the shared Wikinews corpus added to the samples

runner = CliRunner()


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    reason = pg_skip_reason()
    if reason is not None:
        pytest.skip(reason)
    url = fresh_database("cli")
    yield url.replace("postgresql+psycopg://", "postgresql://")
    drop_database(url)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory, shared_dir_or_none: Path | None) -> list[str]:
    paths = [str(bundled_samples())]
    if shared_dir_or_none is not None:
        source = shared_dir_or_none / "data" / "corpus" / "wikinews" / "articles.jsonl"
        if source.is_file():
            folder = tmp_path_factory.mktemp("wikinews")
            with source.open(encoding="utf-8") as handle:
                rows = [line for _, line in zip(range(WIKINEWS_SLICE), handle, strict=False)]
            (folder / "slice.jsonl").write_text("".join(rows), encoding="utf-8")
            paths.append(str(folder))
    return paths


@pytest.fixture(scope="module")
def shared_dir_or_none() -> Path | None:
    return SHARED if SHARED.is_dir() else None


def _ingest(*args: str) -> str:
    result = runner.invoke(app, ["ingest", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _snapshot(url: str) -> dict[str, object]:
    with Store(url) as store:
        claims = sorted(
            (c.claim_id, c.doc_id, c.subject.id, str(c.type), c.object.id, c.status.value)
            for c in store.iter_claims()
        )
        relations = sorted(
            (r.subject.id, str(r.type), r.object.id, r.n_claims, r.n_sources, r.contradicted,
             json.dumps({str(k): v for k, v in sorted(r.status_counts.items())}))
            for r in store.iter_relations()
        )  # fmt: skip
        stats = store.stats()
    return {"claims": claims, "relations": relations, "documents": stats.documents}


def test_ingest_engines_ray_into_postgres_matches_local_into_sqlite(
    inputs: list[str], pg_url: str, tmp_path: Path
) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'local.db'}"
    _ingest(*inputs, "--db", sqlite_url, "--workers", "1")
    output = _ingest(*inputs, "--engine", "ray", "--workers", "2", "--db", pg_url)
    # A local Ray has no GPU: "auto" (the default) puts both workers on the CPU.
    assert "parse workers: 2 on cpu" in output
    local, distributed = _snapshot(sqlite_url), _snapshot(pg_url)
    assert local["documents"] == distributed["documents"]
    assert isinstance(local["documents"], int) and local["documents"] >= 30
    assert local["claims"] and local["claims"] == distributed["claims"]
    assert local["relations"] == distributed["relations"]
    # A second Ray run over the same inputs stores nothing new.
    _ingest(*inputs, "--engine", "ray", "--workers", "2", "--db", pg_url)
    assert _snapshot(pg_url) == distributed
