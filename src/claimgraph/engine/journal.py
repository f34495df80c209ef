"""Resumable runs: the run journal.

An ingest interrupted (Ctrl-C, ``kill -9``, a crash) and started again with the same
arguments continues where it stopped. The store already writes one transaction per batch and
skips stored doc_ids; the journal adds the per-file record:

* ``run_key`` is the sha1 of the normalized arguments: the inputs resolved to absolute paths,
  in the order given, plus the options that change what is stored;
* the reader walks the inputs file by file (the order ``ingest.iter_documents`` uses) and,
  after a file's last document, emits an ``InputDone`` marker. The engine records the marker
  in the transaction of the batch holding that last document, so a file is marked done only
  once all its documents are committed;
* on a re-run, a file marked done with the same size and mtime is skipped without being
  read; a changed file is read again (its unchanged documents are skipped by doc_id);
* rejects are recorded once per (source, stage, code), so re-reading a file adds none twice.

Standard input cannot be journaled: it is read every time.
"""

from __future__ import annotations

import glob
import hashlib
import json
import logging
import os
import stat
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimgraph.ingest import ReaderOptions, ReadStats, iter_documents
from claimgraph.records import RawDocument, Rejected
from claimgraph.store.journal import InputState, done_inputs, mark_done

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimgraph.store import Store

logger = logging.getLogger(__name__)

STDIN = "-"


@dataclass(frozen=True, slots=True)
class InputDone:
    """Marker: every document of ``input`` has been yielded (``n_documents`` of them)."""

    input: str
    size: int | None
    mtime: float | None
    n_documents: int

    def state(self) -> InputState:
        return InputState(size=self.size, mtime=self.mtime, n_documents=self.n_documents)


JournalItem = RawDocument | Rejected | InputDone


def _resolve(value: str) -> str:
    if value == STDIN:
        return value
    return os.path.abspath(os.path.expanduser(value))


def make_run_key(inputs: Sequence[str], options: Mapping[str, object] | None = None) -> str:
    """sha1 of the normalized arguments: absolute inputs (in order) and the sorted options."""
    given = options or {}
    payload = {
        "inputs": [_resolve(value) for value in inputs],
        "options": {key: given[key] for key in sorted(given)},
    }
    text = json.dumps(payload, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def expand_inputs(inputs: Sequence[str]) -> Iterator[str]:
    """The files behind ``inputs``, in the order ``iter_documents`` reads them.

    Directories are walked recursively in name order (hidden entries skipped, each directory
    once), globs expanded in sorted order. A value that names nothing is passed through
    unchanged so that the reader reports it.
    """
    for value in inputs:
        if value == STDIN:
            yield value
            continue
        path = Path(value)
        if path.exists() or path.is_symlink():
            yield from _walk(path, visited=set())
        elif glob.has_magic(value):
            matches = sorted(glob.glob(value, recursive=True))
            if not matches:
                yield value
            for match in matches:
                yield from _walk(Path(match), visited=set())
        else:
            yield value


def _walk(path: Path, *, visited: set[tuple[int, int]]) -> Iterator[str]:
    try:
        info = path.stat()
    except OSError:
        yield str(path)  # the reader reports why it cannot be read
        return
    if not stat.S_ISDIR(info.st_mode):
        yield str(path)
        return
    key = (info.st_dev, info.st_ino)
    if key in visited:
        return
    visited.add(key)
    try:
        entries = sorted(os.scandir(path), key=lambda entry: entry.name)
    except OSError:
        yield str(path)
        return
    for entry in entries:
        if not entry.name.startswith("."):
            yield from _walk(Path(entry.path), visited=visited)


def _file_state(name: str) -> tuple[int, float] | None:
    try:
        info = os.stat(name)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return info.st_size, info.st_mtime


def iter_input(
    name: str,
    *,
    options: ReaderOptions | None = None,
    stats: ReadStats | None = None,
) -> Iterator[JournalItem]:
    """Documents and rejects of the one input file ``name``, then its ``InputDone`` marker.

    The marker carries the file's size and mtime taken before reading; it is emitted only
    when they are the same after reading (a file that changed meanwhile is read again on the
    next run) and never for a path that is not a regular file.
    """
    key = _resolve(name)
    before = _file_state(key)
    n_documents = 0
    for item in iter_documents([name], options=options, stats=stats):
        if isinstance(item, RawDocument):
            n_documents += 1
        yield item
    if before is not None and before == _file_state(key):
        yield InputDone(input=key, size=before[0], mtime=before[1], n_documents=n_documents)


class RunJournal:
    """The journal of one run's arguments in ``store``; reads the inputs, skipping done files."""

    def __init__(
        self,
        store: Store,
        *,
        inputs: Sequence[str],
        options: Mapping[str, object] | None = None,
    ) -> None:
        self.store = store
        self.inputs = list(inputs)
        self.run_key = make_run_key(self.inputs, options)
        with store.transaction() as session:
            self._done = done_inputs(session, self.run_key)
        self.skipped_inputs = 0
        self.skipped_documents = 0

    def is_done(self, name: str) -> bool:
        """Whether ``name`` (an absolute path) was finished by this run key, unchanged since."""
        recorded = self._done.get(name)
        if recorded is None:
            return False
        current = _file_state(name)
        if current is None:
            return False
        return (recorded.size, recorded.mtime) == current

    def skip_done(self, name: str) -> bool:
        """Whether input ``name`` is finished and unchanged: then it counts as skipped.

        A skipped input adds one to ``skipped_inputs`` and its recorded document count to
        ``skipped_documents``; the caller does not read it.
        """
        key = _resolve(name)
        if not self.is_done(key):
            return False
        self.skipped_inputs += 1
        self.skipped_documents += self._done[key].n_documents
        logger.debug("journal %s: %s done, skipped", self.run_key[:12], name)
        return True

    def log_skipped(self) -> None:
        """Log how many finished inputs this run skipped, if any."""
        if self.skipped_inputs:
            logger.info(
                "resumed run %s: %d finished inputs skipped (%d documents)",
                self.run_key[:12],
                self.skipped_inputs,
                self.skipped_documents,
            )

    def iter_documents(
        self,
        *,
        options: ReaderOptions | None = None,
        stats: ReadStats | None = None,
    ) -> Iterator[JournalItem]:
        """Documents and rejects of the unfinished inputs, each file followed by ``InputDone``."""
        for name in expand_inputs(self.inputs):
            if name == STDIN:
                yield from iter_documents([name], options=options, stats=stats)
                continue
            if self.skip_done(name):
                continue
            yield from iter_input(name, options=options, stats=stats)
        self.log_skipped()

    def record(self, session: Session, marks: Sequence[InputDone]) -> None:
        """Mark inputs done inside the caller's transaction."""
        mark_done(session, self.run_key, [(mark.input, mark.state()) for mark in marks])
        for mark in marks:
            self._done[mark.input] = mark.state()
