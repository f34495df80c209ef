"""The Ray engine's read -> clean stage: the ``ArticleFileSource`` Ray Data datasource.

Checks that the read tasks (not the driver) read and clean the inputs, in input order, that
bad inputs give the local engine's rejects while the rest is stored, and that a run with as
many parse actors as the cluster has CPUs does not hang. Runs on one 2-CPU local Ray cluster
started for the module; skips when Ray is absent.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from claimgraph.engine.journal import InputDone, RunJournal
from claimgraph.engine.local import RunSummary, run_local
from claimgraph.records import Article, RawDocument, Rejected
from claimgraph.store import Store

# Items of one JSONL feed: more than one read-task block (64 rows), to check block order.
FEED_ITEMS = 70
# Seconds a run on the shared 2-CPU cluster may take before it counts as hung (it needs
# about twenty: two actors load the spaCy model, then parse a dozen short documents).
NO_HANG_TIMEOUT_S = 240

GOOD = {
    "andes.txt": (
        "Chile and Peru signed a fishing accord in Lima on Friday, officials said.\n\n"
        "Bolivia criticized the accord and demanded access to the talks."
    ),
    "sahel/niamey.txt": (
        "Niger expelled the French ambassador on Monday, the junta said in a statement.\n\n"
        "France denied that its troops had entered Nigerien territory."
    ),
}
# A PNG header with NUL bytes under a text name: the reader refuses the format.
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x02\x03\xff\xfe\x00\x00"
TRUNCATED_JSONL = (
    json.dumps({"id": "b1", "title": "Grain corridor", "date": "2024-03-04",
                "text": "Turkey agreed to extend the grain corridor with Ukraine, the "
                        "ministry in Ankara said on Monday."})
    + "\n"
    + '{"id": "b2", "text": "Romania protested the'
)  # fmt: skip


def _feed() -> str:
    capitals = ["Oslo", "Helsinki", "Tallinn", "Riga", "Vilnius", "Warsaw", "Prague"]
    lines = []
    for i in range(FEED_ITEMS):
        city = capitals[i % len(capitals)]
        text = (
            f"Officials in {city} said on day {i + 1} that the ministry would review "
            f"energy contract number {1000 + i} with Norway."
        )
        lines.append(json.dumps({"id": f"n{i}", "text": text}))
    return "\n".join(lines) + "\n"


def _write_corpus(root: Path) -> Path:
    for name, body in GOOD.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    (root / "photo.txt").write_bytes(BINARY)
    (root / "cut.jsonl").write_text(TRUNCATED_JSONL, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[Any]:
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'ray[data]')")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()


def _read_rows(ray: Any, source: Any) -> list[dict[str, Any]]:
    from ray.data import DataContext

    with warnings.catch_warnings():  # copying re-sets deprecated fields, which warns
        warnings.simplefilter("ignore", DeprecationWarning)
        context = DataContext.get_current().copy()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    with DataContext.current(context):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset = ray.data.read_datasource(
                source, num_cpus=0, concurrency=1, override_num_blocks=4
            )
        return list(dataset.iter_rows())


def test_ray_data_source_emits_cleaned_items_in_file_order(
    ray_cluster: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimgraph.engine.ray import ArticleFileSource, read_item

    corpus = _write_corpus(tmp_path / "corpus")
    (corpus / "feed.jsonl").write_text(_feed(), encoding="utf-8")
    # relative names, read from the driver's working directory (not the workers')
    monkeypatch.chdir(corpus)
    files = ["feed.jsonl", "andes.txt", "missing.txt", "photo.txt"]
    rows = _read_rows(ray_cluster, ArticleFileSource(files, journaled=True))
    keys = [(row["input"], row["seq"]) for row in rows]
    assert keys == sorted(keys)
    items = [read_item(row["item"]) for row in rows]
    by_file: dict[int, list[Any]] = {}
    for row, item in zip(rows, items, strict=True):
        by_file.setdefault(row["input"], []).append(item)
    assert [row["seq"] for row in rows if row["input"] == 0] == list(range(FEED_ITEMS + 1))
    feed = by_file[0]
    assert all(isinstance(item, Article) for item in feed[:-1])
    assert [item.source for item in feed[:3]] == ["feed.jsonl:1", "feed.jsonl:2", "feed.jsonl:3"]
    done = feed[-1]
    assert isinstance(done, InputDone)
    assert (done.input, done.n_documents) == (str(corpus / "feed.jsonl"), FEED_ITEMS)
    andes = by_file[1]
    assert isinstance(andes[0], Article)
    assert andes[0].source == "andes.txt"
    assert "Bolivia criticized" in andes[0].text
    assert isinstance(andes[1], InputDone)
    # a missing file: the reader's reject and no journal marker
    assert [type(item) for item in by_file[2]] == [Rejected]
    assert by_file[2][0].source == "missing.txt"
    # a binary file: rejected, yet read to the end, so it is marked done
    assert [type(item) for item in by_file[3]] == [Rejected, InputDone]


def test_ray_data_source_without_journal_emits_no_markers(ray_cluster: Any, tmp_path: Path) -> None:
    from claimgraph.engine.ray import ArticleFileSource, read_item

    corpus = _write_corpus(tmp_path / "corpus")
    files = [str(corpus / "cut.jsonl"), str(corpus / "andes.txt")]
    items = [read_item(row["item"]) for row in _read_rows(ray_cluster, ArticleFileSource(files))]
    assert [type(item) for item in items] == [Article, Rejected, Article]
    assert items[1].source == f"{corpus / 'cut.jsonl'}:2"


@dataclass
class Runs:
    """A local and a Ray run over the same corpus with bad inputs, both journaled."""

    local_db: Path
    ray_db: Path
    local: RunSummary
    remote: RunSummary
    cleaned_on_driver: list[str] = field(default_factory=list)


def _run_ray_in_thread(run: Any) -> RunSummary:
    """``run()`` in a thread; fails the test if it does not finish in time (a hung run)."""
    outcome: list[RunSummary] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            outcome.append(run())
        except BaseException as err:  # re-raised in the test's thread
            errors.append(err)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(NO_HANG_TIMEOUT_S)
    if thread.is_alive():
        pytest.fail(f"the Ray run did not finish in {NO_HANG_TIMEOUT_S} s")
    if errors:
        raise errors[0]
    return outcome[0]


@pytest.fixture(scope="module")
def runs(ray_cluster: Any, tmp_path_factory: pytest.TempPathFactory) -> Runs:
    import claimgraph.engine.local
    import claimgraph.pipeline
    from claimgraph.engine.ray import run_ray

    root = tmp_path_factory.mktemp("bad-inputs")
    corpus = _write_corpus(root / "corpus")
    inputs = [str(corpus), str(corpus / "missing.txt")]
    local_db, ray_db = root / "local.db", root / "ray.db"
    with Store(f"sqlite:///{local_db}") as store:
        journal = RunJournal(store, inputs=inputs)
        local = run_local(journal.iter_documents(), store, journal=journal, chunk_size=2)
    runs = Runs(local_db, ray_db, local, RunSummary())
    real_clean = claimgraph.pipeline.clean_or_reject

    def clean_on_driver(raw: RawDocument) -> Article | Rejected:
        runs.cleaned_on_driver.append(raw.source)
        return real_clean(raw)

    with pytest.MonkeyPatch.context() as patch, Store(f"sqlite:///{ray_db}") as store:
        # only this (driver) process is patched: Ray workers import the modules afresh
        patch.setattr(claimgraph.pipeline, "clean_or_reject", clean_on_driver)
        patch.setattr(claimgraph.engine.local, "clean_or_reject", clean_on_driver)
        journal = RunJournal(store, inputs=inputs)
        # two parse actors take both CPUs of the cluster: the read tasks must still run
        runs.remote = _run_ray_in_thread(
            lambda: run_ray(inputs, store, workers=2, journal=journal, chunk_size=2)
        )
    return runs


def _table(db: Path, sql: str) -> set[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return set(conn.execute(sql).fetchall())


def test_ray_data_cleans_in_read_tasks_not_in_the_driver(runs: Runs) -> None:
    assert runs.remote.stored == 3
    assert runs.cleaned_on_driver == []


def test_ray_data_bad_inputs_give_the_local_rejects_and_the_rest_is_stored(runs: Runs) -> None:
    def counts(summary: RunSummary) -> dict[str, object]:
        values = summary.as_dict()
        del values["elapsed_s"], values["peak_rss_mb"], values["devices"]
        return values

    assert counts(runs.remote) == counts(runs.local)
    rejects = _table(runs.ray_db, "SELECT source, stage, code FROM rejects")
    assert rejects == _table(runs.local_db, "SELECT source, stage, code FROM rejects")
    names = {Path(str(source)).name for source, _stage, _code in rejects}
    assert names == {"photo.txt", "cut.jsonl:2", "missing.txt"}
    sql = "SELECT doc_id, source, text, cluster_id FROM documents"
    documents = _table(runs.ray_db, sql)
    assert documents == _table(runs.local_db, sql)
    assert {Path(str(row[1])).name for row in documents} == {
        "andes.txt",
        "niamey.txt",
        "cut.jsonl:1",
    }
    journal_sql = "SELECT input, size, n_documents FROM run_inputs"
    journal = _table(runs.ray_db, journal_sql)
    assert journal == _table(runs.local_db, journal_sql)
    # every file read to its end is journaled, the missing path is not
    assert {Path(str(row[0])).name for row in journal} == {
        "andes.txt", "niamey.txt", "photo.txt", "cut.jsonl",
    }  # fmt: skip


def test_ray_data_fills_a_cluster_with_only_parse_actors_without_hanging(runs: Runs) -> None:
    assert runs.remote.read == runs.local.read == 6
    assert runs.remote.claims == runs.local.claims
