"""The Ray engine against the local engine on a handful of documents we wrote ourselves.

Both engines run with syndication clusters, outlet-line learning and the run journal, and must
give identical stores. Runs on a 2-CPU local Ray cluster started once for the module; skips
when Ray is absent.
"""

from __future__ import annotations

import builtins
import importlib.util
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from claimgraph.engine.journal import RunJournal
from claimgraph.engine.local import RunSummary, run_local
from claimgraph.engine.ray import expand_inputs, parquet_tables, run_ray
from claimgraph.errors import ConfigError
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
    "nested/warsaw-wire.txt": (
        "Poland sent armoured vehicles to Ukraine last week, the defence ministry in Warsaw "
        "said on Tuesday.\n\nRussia accused Poland of prolonging the war and warned of "
        "consequences.\n\nReporting by the Vistula Wire desk."
    ),
    "empty.txt": "   \n",
}
# One outlet's feed: the footer line is learned after five documents and stripped after that.
FOOTER = "Follow the Steppe Monitor for live updates."
FEED = [
    {
        "id": f"s{i}",
        "outlet": "Steppe Monitor",
        "date": f"2024-07-0{i + 1}",
        "text": f"{story}\n\n{FOOTER}",
    }
    for i, story in enumerate(
        [
            "Kazakhstan signed a gas deal with China in Astana on Monday.",
            "Mongolia hosted talks with Russia on a new railway line.",
            "Kyrgyzstan accused Tajikistan of shelling a border village.",
            "Uzbekistan sent wheat to Afghanistan, the trade ministry said.",
            "Turkmenistan agreed to sell electricity to Pakistan.",
            "Kazakhstan criticized Russia over new export rules.",
            "China pledged loans to Kyrgyzstan for a new power plant.",
        ]
    )
]
WIRE = [
    {"id": "w1", "title": "Aid convoy", "date": "2024-05-02",
     "text": "Egypt delivered food and medicine to Sudan on Monday, according to state media. "
             "Reports allege that Ethiopia may have supplied weapons to Sudan."},
    {"id": "w2", "title": "Tank deal", "date": "2024-06-11",
     "text": "France and Germany signed an agreement to build a new tank, their defence "
             "ministers said in Paris."},
]  # fmt: skip


# Articles per batch: small, so the documents span several batches and actors.
CHUNK = 4


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[Any]:
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'ray[data]')")
    # One logical GPU: the parse actors are placed on it ("auto" shares it), and parse on the
    # CPU where thinc finds no usable GPU (no CuPy here).
    ray.init(num_cpus=2, num_gpus=1, include_dashboard=False, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()


def _write_corpus(root: Path) -> Path:
    for name, body in ARTICLES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    (root / "wire.jsonl").write_text(
        "".join(json.dumps(record) + "\n" for record in WIRE), encoding="utf-8"
    )
    (root / "steppe.jsonl").write_text(
        "".join(json.dumps(record) + "\n" for record in FEED), encoding="utf-8"
    )
    return root


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return _write_corpus(tmp_path / "corpus")


@dataclass(frozen=True)
class Runs:
    """One local and one Ray run over the same corpus (shared by the tests: Ray is slow)."""

    corpus: Path
    local_db: Path
    ray_db: Path
    parquet: Path
    local: RunSummary
    remote: RunSummary


@pytest.fixture(scope="module")
def runs(ray_cluster: Any, tmp_path_factory: pytest.TempPathFactory) -> Runs:
    root = tmp_path_factory.mktemp("engines")
    corpus = _write_corpus(root / "corpus")
    local_db, ray_db, parquet = root / "local.db", root / "ray.db", root / "parquet"
    inputs = [str(corpus)]
    with Store(f"sqlite:///{local_db}") as store:
        journal = RunJournal(store, inputs=inputs)
        local = run_local(journal.iter_documents(), store, journal=journal, chunk_size=CHUNK)
    with Store(f"sqlite:///{ray_db}") as store:
        remote = run_ray(
            inputs,
            store,
            workers=2,
            parquet_dir=parquet,
            journal=RunJournal(store, inputs=inputs),
            chunk_size=CHUNK,
        )
    return Runs(corpus, local_db, ray_db, parquet, local, remote)


def _table(db: Path, sql: str) -> set[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return set(conn.execute(sql).fetchall())


def _snapshot(db: Path) -> dict[str, set[tuple[object, ...]]]:
    return {
        "documents": _table(
            db,
            "SELECT doc_id, source, title, outlet, published, text, removed_lines, parsed, "
            "cluster_id FROM documents",
        ),
        "claims": _table(
            db,
            "SELECT claim_id, doc_id, sentence, sent_start, sent_end, trigger, subject_id, "
            "subject_start, subject_end, type, mode, object_id, object_start, object_end, "
            "event_date, certainty, polarity, time, status, confidence FROM claims",
        ),
        "claim_sources": _table(db, "SELECT * FROM claim_sources"),
        "mentions": _table(db, 'SELECT doc_id, start, "end", text, actor_id, via FROM mentions'),
        "relations": _table(db, "SELECT * FROM relations"),
        "relation_sources": _table(db, "SELECT * FROM relation_sources"),
        "outlet_lines": _table(db, "SELECT * FROM outlet_lines"),
        "journal": _table(db, "SELECT input, size, n_documents FROM run_inputs"),
        "rejects": _table(db, "SELECT source, stage, code FROM rejects"),
    }


def _counts(summary: RunSummary) -> dict[str, object]:
    counts = summary.as_dict()
    for key in ("elapsed_s", "peak_rss_mb", "devices"):
        counts.pop(key)
    return counts


def test_ray_engine_matches_local_engine(runs: Runs) -> None:
    assert _counts(runs.remote) == _counts(runs.local)
    assert runs.remote.read == 15
    assert runs.remote.duplicates_in_run == 1
    assert sum(runs.remote.rejected.values()) >= 1  # the empty file
    ray_store, local_store = _snapshot(runs.ray_db), _snapshot(runs.local_db)
    for table, rows in local_store.items():
        assert ray_store[table] == rows, table


def test_ray_engine_places_workers_on_the_cluster_gpu_and_falls_back_to_cpu(runs: Runs) -> None:
    # Both actors got half of the one GPU; without CuPy they parsed on the CPU, and said so.
    assert sum(runs.remote.devices.values()) == 2
    if importlib.util.find_spec("cupy") is None:
        assert set(runs.remote.devices) == {"cpu (no CUDA support installed)"}
    assert runs.local.devices == {}


def test_ray_engine_refuses_more_gpus_than_the_cluster_has(ray_cluster: Any, corpus: Path,
                                                           tmp_path: Path) -> None:  # fmt: skip
    with Store(f"sqlite:///{tmp_path / 'g.db'}") as store:
        with pytest.raises(ConfigError, match="the Ray cluster has 1"):
            run_ray([str(corpus)], store, workers=2, num_gpus=1)
        with pytest.raises(ConfigError, match="'auto' or a number"):
            run_ray([str(corpus)], store, workers=2, num_gpus="several")
        assert store.stats().documents == 0


def test_ray_engine_applies_the_batch_hooks(runs: Runs) -> None:
    documents = _snapshot(runs.ray_db)["documents"]
    by_source = {Path(str(row[1])).name: row for row in documents}
    # the wire copy joins the cluster of the first Warsaw story read (syndication clusters)
    assert by_source["warsaw-wire.txt"][8] == by_source["copy-of-warsaw.txt"][8]
    # the outlet footer is learned from the first five feed items and stripped from the rest
    feed = sorted((row for row in documents if row[3] == "Steppe Monitor"), key=lambda r: r[4])
    assert [FOOTER in str(row[5]) for row in feed] == [True] * 5 + [False] * 2
    # every input file is journaled with its document count
    journal = _snapshot(runs.ray_db)["journal"]
    assert {Path(str(row[0])).name: row[2] for row in journal}["steppe.jsonl"] == 7


def test_ray_engine_resumes_from_the_journal(runs: Runs, tmp_path: Path) -> None:
    db = tmp_path / "resume.db"
    with sqlite3.connect(runs.ray_db) as source, sqlite3.connect(db) as target:
        source.backup(target)
    inputs = [str(runs.corpus)]
    with Store(f"sqlite:///{db}") as store:
        journal = RunJournal(store, inputs=inputs)
        again = run_ray(inputs, store, workers=1, journal=journal)
    assert (again.read, again.stored, again.claims) == (0, 0, 0)
    assert again.inputs_already_done == len(expand_inputs(inputs))


def test_ray_engine_rerun_parses_nothing_new(runs: Runs, tmp_path: Path) -> None:
    db = tmp_path / "rerun.db"
    with sqlite3.connect(runs.ray_db) as source, sqlite3.connect(db) as target:
        source.backup(target)
    before = _snapshot(db)
    with Store(f"sqlite:///{db}") as store:
        second = run_ray([str(runs.corpus)], store, workers=1)
    assert runs.remote.stored == 13
    assert (second.read, second.stored, second.already_stored, second.claims) == (15, 0, 13, 0)
    assert second.duplicates_in_run == 1
    after = _snapshot(db)
    assert {k: v for k, v in after.items() if k != "rejects"} == {
        k: v for k, v in before.items() if k != "rejects"
    }


def test_ray_engine_writes_partitioned_parquet(runs: Runs) -> None:
    import pyarrow.parquet as pq

    documents = pq.read_table(runs.parquet / "documents")
    assert documents.num_rows == runs.remote.stored
    stored = _snapshot(runs.ray_db)
    assert set(documents.column("doc_id").to_pylist()) == {row[0] for row in stored["documents"]}
    months = {path.name for path in (runs.parquet / "documents").iterdir()}
    assert "published_month=2024-05" in months
    assert "published_month=unknown" in months
    if runs.remote.claims:
        claims = pq.read_table(runs.parquet / "claims")
        assert set(claims.column("claim_id").to_pylist()) == {row[0] for row in stored["claims"]}


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
        "nested/warsaw-wire.txt", "steppe.jsonl", "warsaw.txt", "wire.jsonl", "missing.txt",
    ]  # fmt: skip
    assert expand_inputs([str(corpus / "w*.jsonl")]) == [str(corpus / "wire.jsonl")]
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
    with (
        Store(f"sqlite:///{tmp_path / 'x.db'}") as store,
        pytest.raises(ConfigError, match=r"pip install 'claimgraph\[ray\]'"),
    ):
        run_ray([str(corpus)], store, workers=1)


def test_ray_engine_rejects_bad_options(corpus: Path, tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'x.db'}") as store:
        with pytest.raises(ConfigError, match="workers"):
            run_ray([str(corpus)], store, workers=0)
        with pytest.raises(ConfigError, match="num_gpus"):
            run_ray([str(corpus)], store, workers=1, num_gpus=-1)
