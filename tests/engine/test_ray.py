"""The Ray Data engine against the local engine on a handful of documents we wrote ourselves.

Runs on a 2-CPU local Ray cluster started once for the module; skips when Ray is absent.
"""

from __future__ import annotations

import builtins
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimgraph.engine.local import RunSummary, run_local
from claimgraph.engine.ray import expand_inputs, parquet_tables, run_ray
from claimgraph.errors import ConfigError
from claimgraph.ingest import iter_documents
from claimgraph.store import Store

ARTICLES = {
    "warsaw.txt": (
        "Poland sent armoured vehicles to Ukraine last week, the defence ministry in Warsaw "
        "said on Tuesday.\n\nRussia accused Poland of prolonging the war and warned of "
        "consequences."
    ),
    "caucasus.txt": (
        "Turkey agreed to host talks between Armenia and Azerbaijan in Istanbul, the foreign "
        "ministry said.\n\nOfficials in Baku denied that Azerbaijan had attacked Armenian "
        "positions."
    ),
    "nested/pacific.txt": (
        "Japan will impose new sanctions on North Korea after the missile launch, the prime "
        "minister said.\n\nChina criticized Japan for the decision on Wednesday."
    ),
    "nested/copy-of-warsaw.txt": (
        "Poland sent armoured vehicles to Ukraine last week, the defence ministry in Warsaw "
        "said on Tuesday.\n\nRussia accused Poland of prolonging the war and warned of "
        "consequences."
    ),
    "empty.txt": "   \n",
}
WIRE = [
    {"id": "w1", "title": "Aid convoy", "date": "2024-05-02",
     "text": "Egypt delivered food and medicine to Sudan on Monday, according to state media. "
             "Reports allege that Ethiopia may have supplied weapons to Sudan."},
    {"id": "w2", "title": "Tank deal", "date": "2024-06-11",
     "text": "France and Germany signed an agreement to build a new tank, their defence "
             "ministers said in Paris."},
]  # fmt: skip


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[Any]:
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'ray[data]')")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for name, body in ARTICLES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    (root / "wire.jsonl").write_text(
        "".join(json.dumps(record) + "\n" for record in WIRE), encoding="utf-8"
    )
    return root


def _table(db: Path, sql: str) -> set[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return set(conn.execute(sql).fetchall())


def _snapshot(db: Path) -> dict[str, set[tuple[object, ...]]]:
    return {
        "documents": _table(db, "SELECT doc_id, source, title, text, parsed FROM documents"),
        "claims": _table(db, "SELECT claim_id, doc_id, type, status FROM claims"),
        "mentions": _table(db, "SELECT doc_id, start, \"end\", actor_id FROM mentions"),
        "relations": _table(db, "SELECT subject_id, type, object_id, n_claims, n_sources "
                                "FROM relations"),  # fmt: skip
        "rejects": _table(db, "SELECT source, stage, code FROM rejects"),
    }


def _counts(summary: RunSummary) -> dict[str, object]:
    counts = summary.as_dict()
    for key in ("elapsed_s", "peak_rss_mb"):
        counts.pop(key)
    return counts


def test_ray_engine_matches_local_engine(ray_cluster: Any, corpus: Path, tmp_path: Path) -> None:
    local_db, ray_db = tmp_path / "local.db", tmp_path / "ray.db"
    with Store(f"sqlite:///{local_db}") as store:
        local = run_local(iter_documents([str(corpus)]), store)
    with Store(f"sqlite:///{ray_db}") as store:
        remote = run_ray([str(corpus)], store, workers=2)
    assert _counts(remote) == _counts(local)
    assert remote.read == 7
    assert remote.duplicates_in_run == 1
    assert sum(remote.rejected.values()) >= 1  # the empty file
    assert _snapshot(ray_db) == _snapshot(local_db)


def test_ray_engine_rerun_parses_nothing_new(ray_cluster: Any, corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "rerun.db"
    with Store(f"sqlite:///{db}") as store:
        first = run_ray([str(corpus)], store, workers=1)
        before = _snapshot(db)
        second = run_ray([str(corpus)], store, workers=2)
    assert first.stored == 5
    assert (second.stored, second.already_stored, second.claims) == (0, 5, 0)
    after = _snapshot(db)
    assert {k: v for k, v in after.items() if k != "rejects"} == {
        k: v for k, v in before.items() if k != "rejects"
    }


def test_ray_engine_writes_partitioned_parquet(ray_cluster: Any, corpus: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    db = tmp_path / "pq.db"
    out = tmp_path / "parquet"
    with Store(f"sqlite:///{db}") as store:
        summary = run_ray([str(corpus)], store, workers=2, parquet_dir=out)
    documents = pq.read_table(out / "documents")
    assert documents.num_rows == summary.stored
    assert set(documents.column("doc_id").to_pylist()) == {
        row[0] for row in _snapshot(db)["documents"]
    }
    months = {path.name for path in (out / "documents").iterdir()}
    assert "published_month=2024-05" in months
    if summary.claims:
        claims = pq.read_table(out / "claims")
        assert set(claims.column("claim_id").to_pylist()) == {
            row[0] for row in _snapshot(db)["claims"]
        }


def test_ray_engine_parquet_tables_have_fixed_schemas() -> None:
    import datetime as dt

    from claimgraph.records import Article, ArticleResult, DocId

    article = Article(doc_id=DocId("d" * 40), source="/in/a.txt", text="Quiet day in Oslo.",
                      published=dt.date(2024, 2, 9))  # fmt: skip
    tables = parquet_tables([ArticleResult(article=article, parsed=False)])
    assert tables["documents"].num_rows == 1
    assert tables["documents"].column("published_month").to_pylist() == ["2024-02"]
    assert tables["claims"].num_rows == 0
    assert "subject_id" in tables["claims"].schema.names
    assert tables["claims"].schema.field("attribution").type.value_type.num_fields == 6


def test_ray_engine_expands_inputs_like_the_reader(corpus: Path) -> None:
    files = expand_inputs([str(corpus), str(corpus / "missing.txt")])
    names = [Path(f).relative_to(corpus).as_posix() for f in files]
    assert names == [
        "caucasus.txt", "empty.txt", "nested/copy-of-warsaw.txt", "nested/pacific.txt",
        "warsaw.txt", "wire.jsonl", "missing.txt",
    ]  # fmt: skip
    assert expand_inputs([str(corpus / "*.jsonl")]) == [str(corpus / "wire.jsonl")]
    with pytest.raises(ConfigError, match="stdin"):
        expand_inputs(["-"])


def test_ray_engine_missing_ray_names_the_pip_command(
    monkeypatch: pytest.MonkeyPatch, corpus: Path, tmp_path: Path
) -> None:
    real_import = builtins.__import__

    def no_ray(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "ray" or name.startswith("ray."):
            raise ImportError("No module named 'ray'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    with Store(f"sqlite:///{tmp_path / 'x.db'}") as store, pytest.raises(
        ConfigError, match=r"pip install 'claimgraph\[ray\]'"
    ):
        run_ray([str(corpus)], store, workers=1)


def test_ray_engine_rejects_bad_options(corpus: Path, tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'x.db'}") as store:
        with pytest.raises(ConfigError, match="workers"):
            run_ray([str(corpus)], store, workers=0)
        with pytest.raises(ConfigError, match="num_gpus"):
            run_ray([str(corpus)], store, workers=1, num_gpus=-1)
