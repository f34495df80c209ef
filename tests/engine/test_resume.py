"""Resumable runs: an ingest killed with SIGKILL and run again stores what one run stores."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimgraph.engine.journal import InputDone, expand_inputs, make_run_key
from claimgraph.ingest import iter_documents
from claimgraph.records import RawDocument, Rejected

STATES = [
    ("Russia", "Ukraine"),
    ("Iran", "Israel"),
    ("China", "Taiwan"),
    ("Sudan", "the United Arab Emirates"),
    ("Armenia", "Azerbaijan"),
    ("Venezuela", "Guyana"),
    ("Poland", "Belarus"),
    ("Pakistan", "India"),
]
TEMPLATES = [
    "{a} accused {b} of supplying drones to armed groups near the border, the foreign ministry "
    "said on Monday.\n\n{b} denied the claim and said it would protest to the United Nations.",
    "{a} and {b} agreed to hold talks in Geneva next month, officials from both sides said.\n\n"
    "Diplomats said the meeting may help ease tension after weeks of clashes.",
    "{a} imposed sanctions on three companies from {b} on Tuesday, the finance ministry said.\n\n"
    "{b} condemned the move and threatened to respond.",
]
FOOTER = "Follow the Harbour Gazette for updates from the region."

RUNNER = """
import sys, time
from claimgraph.engine.journal import RunJournal
from claimgraph.engine.local import run_local
from claimgraph.store import Store

db, corpus, delay = sys.argv[1], sys.argv[2], float(sys.argv[3])
with Store(db) as store:
    journal = RunJournal(store, inputs=[corpus], options={"chunk_size": 3})
    summary = run_local(
        journal.iter_documents(),
        store,
        journal=journal,
        chunk_size=3,
        progress=lambda _summary: time.sleep(delay),
    )
    print("skipped_inputs", journal.skipped_inputs, "stored", summary.stored, flush=True)
"""

# Columns that differ between runs by design (timestamps) or by insertion history (row ids).
VOLATILE = {"id", "ingested_at", "at", "done_at"}
SKIPPED_TABLES = {"runs", "alembic_version", "sqlite_sequence"}


def _write_corpus(root: Path) -> int:
    """Small documents over two folders, a JSONL file with an outlet footer, empty files."""
    n = 0
    for i in range(20):
        a, b = STATES[i % len(STATES)]
        text = TEMPLATES[i % len(TEMPLATES)].format(a=a, b=b)
        folder = root / ("east" if i % 2 else "west")
        folder.mkdir(parents=True, exist_ok=True)
        extra = f"The ministry said {i + 2} officials had been summoned over the incident."
        (folder / f"story_{i:03d}.txt").write_text(f"{text} {extra}\n", encoding="utf-8")
        n += 1
    (root / "west" / "empty_1.txt").write_text("  \n", encoding="utf-8")
    (root / "east" / "empty_2.txt").write_text("\n", encoding="utf-8")
    records = []
    for i in range(8):
        a, b = STATES[(i + 3) % len(STATES)]
        body = TEMPLATES[(i + 1) % len(TEMPLATES)].format(a=a, b=b)
        records.append(
            {
                "id": f"hg-{i}",
                "title": f"Report {i}",
                "text": f"Dispatch {i}: {body}\n\n{FOOTER}",
                "outlet": "Harbour Gazette",
            }
        )
    # between the two folders in name order: the interruption falls inside this file
    (root / "m_wire.jsonl").write_text(
        "\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8"
    )
    return n + len(records)


def _snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(db)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            if name not in SKIPPED_TABLES and not name.startswith("documents_fts")
        ]
        out: dict[str, list[tuple[object, ...]]] = {}
        for table in tables:
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info('{table}')")]
            keep = [column for column in columns if column not in VOLATILE]
            select = ", ".join(f'"{column}"' for column in keep)
            rows = connection.execute(f'SELECT {select} FROM "{table}"').fetchall()
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        connection.close()


def _count(db: Path, table: str) -> int:
    if not db.exists():
        return 0
    connection = sqlite3.connect(db, timeout=5)
    try:
        return int(connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:  # schema not created yet
        return 0
    finally:
        connection.close()


def _run(script: Path, db: Path, corpus: Path, delay: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(script), f"sqlite:///{db}", str(corpus), str(delay)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_resume_after_kill_matches_uninterrupted_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    n_docs = _write_corpus(corpus)
    script = tmp_path / "ingest.py"
    script.write_text(RUNNER, encoding="utf-8")

    # the uninterrupted run and the run to interrupt go side by side
    whole = tmp_path / "whole.db"
    whole_proc = _run(script, whole, corpus, 0.0)
    resumed = tmp_path / "resumed.db"
    proc = _run(script, resumed, corpus, 0.4)
    deadline = time.monotonic() + 90
    while _count(resumed, "documents") < 13:  # "east" (10) done, inside the JSONL file
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            whole_proc.kill()
            pytest.fail(f"the run ended before it could be interrupted: {proc.stderr}")
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    stored_at_kill = _count(resumed, "documents")
    assert 13 <= stored_at_kill < n_docs
    assert _count(resumed, "run_inputs") > 0

    out, err = whole_proc.communicate(timeout=120)
    assert whole_proc.returncode == 0, err
    assert f"stored {n_docs}" in out

    proc = _run(script, resumed, corpus, 0.0)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    skipped = int(out.split()[1])
    assert skipped > 0  # finished files were not read again

    expected = _snapshot(whole)
    got = _snapshot(resumed)
    assert set(got) == set(expected)
    for table, rows in expected.items():
        assert got[table] == rows, table
    assert len(expected["documents"]) == n_docs
    assert len(expected["rejects"]) == 2
    assert expected["claims"], "the corpus should yield claims"
    assert expected["lsh_buckets"]
    # the outlet footer was learned and removed from the outlet's later documents
    gazette = [row for row in _texts(whole) if row[0] == "Harbour Gazette"]
    assert len(gazette) == 8
    assert sum(FOOTER not in text for _, text in gazette) == 3


def _texts(db: Path) -> list[tuple[str, str]]:
    connection = sqlite3.connect(db)
    try:
        return [
            (outlet, text)
            for outlet, text in connection.execute(
                "SELECT outlet, text FROM documents WHERE outlet IS NOT NULL"
            )
        ]
    finally:
        connection.close()


def test_resume_run_key_normalizes_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert make_run_key(["corpus"], {"workers": 2}) == make_run_key(
        [str(tmp_path / "corpus")], {"workers": 2}
    )
    assert make_run_key(["corpus"], {"a": 1, "b": 2}) == make_run_key(["corpus"], {"b": 2, "a": 1})
    assert make_run_key(["corpus"], {"workers": 2}) != make_run_key(["corpus"], {"workers": 3})
    assert make_run_key(["a", "b"]) != make_run_key(["b", "a"])


def test_resume_expand_inputs_follows_reader_order(tmp_path: Path) -> None:
    _write_corpus(tmp_path / "corpus")
    (tmp_path / "corpus" / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    files = list(expand_inputs([str(tmp_path / "corpus"), str(tmp_path / "missing")]))
    assert files[-1] == str(tmp_path / "missing")
    assert not any(".hidden" in name for name in files)
    sources = [
        item.source.split(":")[0]
        for item in iter_documents([str(tmp_path / "corpus")])
        if isinstance(item, (RawDocument, Rejected))
    ]
    order = list(dict.fromkeys(sources))
    assert order == files[:-1]


def test_resume_marker_carries_file_state(tmp_path: Path) -> None:
    from claimgraph.engine.journal import RunJournal
    from claimgraph.store import Store

    _write_corpus(tmp_path / "corpus")
    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        journal = RunJournal(store, inputs=[str(tmp_path / "corpus")])
        items = list(journal.iter_documents())
        marks = [item for item in items if isinstance(item, InputDone)]
        wire = next(mark for mark in marks if mark.input.endswith("m_wire.jsonl"))
        assert wire.n_documents == 8
        assert wire.size == (tmp_path / "corpus" / "m_wire.jsonl").stat().st_size
        with store.transaction() as session:
            journal.record(session, marks)
        again = RunJournal(store, inputs=[str(tmp_path / "corpus")])
        assert not [item for item in again.iter_documents() if not isinstance(item, InputDone)]
        # a changed file is read again
        with (tmp_path / "corpus" / "m_wire.jsonl").open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"id": "hg-9", "text": "Chile and Peru met."}) + "\n")
        third = RunJournal(store, inputs=[str(tmp_path / "corpus")])
        redone = [item for item in third.iter_documents() if isinstance(item, RawDocument)]
        assert len(redone) == 9
