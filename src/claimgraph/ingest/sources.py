"""Inputs to documents: paths, directories, globs and stdin, each routed to its reader.

``iter_documents`` is the ingest entry point. It streams (one document in memory at a time),
never raises for one bad input, and reports every problem as a ``Rejected`` with stage
"ingest". The reader is chosen by file name first, then by the first bytes.
"""

from __future__ import annotations

import glob
import io
import logging
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from claimgraph.errors import InputError, UnsupportedFormatError
from claimgraph.ingest import archive, csvfile, feed, html, jsonl, text, warc
from claimgraph.ingest.base import Item, ReadFn, limit_text, reject, too_large
from claimgraph.ingest.decode import HEAD_BYTES
from claimgraph.ingest.options import ReaderOptions, ReadStats
from claimgraph.records import Rejected

logger = logging.getLogger(__name__)

STDIN = "-"
#: readers in the order they are tried: by file name first, then by content
READERS: tuple[tuple[str, tuple[str, ...], ReadFn], ...] = (
    (warc.NAME, warc.SUFFIXES, warc.read),
    (feed.NAME, feed.SUFFIXES, feed.read),
    (jsonl.NAME, jsonl.SUFFIXES + jsonl.JSON_SUFFIXES, jsonl.read),
    (csvfile.NAME, csvfile.SUFFIXES, csvfile.read),
    (html.NAME, html.SUFFIXES, html.read),
    (text.NAME, text.SUFFIXES, text.read),
)
_SNIFFERS = (
    (warc.NAME, warc.sniff),
    (feed.NAME, feed.sniff),
    (html.NAME, html.sniff),
    (jsonl.NAME, jsonl.sniff),
)
#: readers whose inputs hold many documents: their size limit applies per record
CONTAINERS = frozenset({warc.NAME, jsonl.NAME, csvfile.NAME})
SUPPORTED = "text, html, jsonl/json, csv/tsv, warc/arc, rss/atom, gz, zip"
UNSUPPORTED_SUFFIXES = (
    ".pdf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".ppt", ".pptx", ".png", ".jpg",
    ".jpeg", ".gif", ".webp", ".svg", ".mp3", ".mp4", ".avi", ".mov", ".exe", ".dll", ".so",
    ".tar", ".tgz", ".7z", ".bz2", ".xz", ".rar", ".parquet", ".sqlite", ".db",
)  # fmt: skip
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"7z\xbc\xaf", b"Rar!", b"BZh")


def iter_documents(
    inputs: Sequence[str],
    *,
    options: ReaderOptions | None = None,
    stats: ReadStats | None = None,
) -> Iterator[Item]:
    """Yield a ``RawDocument`` or a ``Rejected`` for every document found in ``inputs``.

    ``inputs`` are files, directories (walked recursively in name order; hidden entries
    skipped; symlink loops visited once), glob patterns, and ``"-"`` for stdin. Pass a
    ``ReadStats`` to read the counters (files, documents, rejects, skipped records by reason).
    """
    options = options or ReaderOptions()
    stats = stats if stats is not None else ReadStats()
    for item in _iter_inputs(inputs, options=options, stats=stats):
        if isinstance(item, Rejected):
            stats.rejected += 1
        else:
            stats.documents += 1
        yield item


def _iter_inputs(
    inputs: Sequence[str], *, options: ReaderOptions, stats: ReadStats
) -> Iterator[Item]:
    for value in inputs:
        if value == STDIN:
            stats.files += 1
            yield from read_stream(
                sys.stdin.buffer,
                name="<stdin>",
                source="<stdin>",
                options=options,
                stats=stats,
            )
            continue
        path = Path(value)
        if path.exists() or path.is_symlink():
            yield from _iter_path(path, options=options, stats=stats, visited=set())
            continue
        if glob.has_magic(value):
            matches = sorted(glob.glob(value, recursive=True))
            if not matches:
                yield _unreadable(value, "no file matches this pattern")
            for match in matches:
                yield from _iter_path(Path(match), options=options, stats=stats, visited=set())
            continue
        yield _unreadable(value, "no such file or directory; check the path")


def _unreadable(source: str, detail: str) -> Rejected:
    return reject(InputError(source=source, detail=detail))


def _iter_path(
    path: Path, *, options: ReaderOptions, stats: ReadStats, visited: set[tuple[int, int]]
) -> Iterator[Item]:
    source = str(path)
    try:
        info = path.stat()
    except OSError as err:
        yield _unreadable(source, f"{err.strerror or err}; a broken link or no permission")
        return
    if stat.S_ISDIR(info.st_mode):
        key = (info.st_dev, info.st_ino)
        if key in visited:
            logger.info("%s: directory already visited (symlink loop), skipped", source)
            stats.skip("directory visited twice (symlink loop)")
            return
        visited.add(key)
        try:
            entries = sorted(os.scandir(path), key=lambda entry: entry.name)
        except OSError as err:
            yield _unreadable(source, f"cannot list directory: {err.strerror or err}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            yield from _iter_path(Path(entry.path), options=options, stats=stats, visited=visited)
        return
    if not stat.S_ISREG(info.st_mode):
        stats.skip("not a regular file")
        return
    stats.files += 1
    yield from _read_file(path, size=info.st_size, options=options, stats=stats)


def open_binary(path: Path) -> IO[bytes]:
    """Open ``path`` for buffered binary reading (one place, so tests can simulate failures)."""
    return path.open("rb")


def _read_file(
    path: Path, *, size: int, options: ReaderOptions, stats: ReadStats
) -> Iterator[Item]:
    source = str(path)
    try:
        stream = open_binary(path)
    except OSError as err:
        yield _unreadable(source, f"{err.strerror or err}; check the file's permissions")
        return
    with stream:
        head = _peek(stream)
        reader_name = _reader_name(head, path.name)
        single = reader_name not in CONTAINERS and not archive.is_gzip(head, path.name)
        if single and not archive.is_zip(head, path.name) and size > options.max_bytes:
            yield too_large(
                source, limit=options.max_bytes, detail=f"file of {size:,} bytes, not read"
            )
            return
        yield from read_stream(stream, name=path.name, source=source, options=options, stats=stats)


def _peek(stream: IO[bytes]) -> bytes:
    peek = getattr(stream, "peek", None)
    if peek is None:
        return b""
    head: bytes = peek(HEAD_BYTES)[:HEAD_BYTES]
    return head


def _reader_name(head: bytes, name: str) -> str | None:
    lowered = name.lower()
    for reader_name, suffixes, _read in READERS:
        if lowered.endswith(suffixes):
            return reader_name
    for reader_name, sniffer in _SNIFFERS:
        if sniffer(head, name):
            return reader_name
    return None


def read_stream(
    stream: IO[bytes],
    *,
    name: str,
    source: str,
    options: ReaderOptions,
    stats: ReadStats,
) -> Iterator[Item]:
    """Route one binary stream (with a ``peek`` method) to the reader its name or head selects."""
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(_RawAdapter(stream))
    head = _peek(stream)
    lowered = name.lower()
    items: Iterator[Item]
    if lowered.endswith((".warc.gz", ".arc.gz")) or (
        head.startswith(archive.GZIP_MAGIC) and _gzip_holds_warc(lowered)
    ):
        items = warc.read(stream, source=source, options=options, stats=stats)
    elif archive.is_gzip(head, name):
        items = archive.read_gzip(
            stream, source=source, name=name, options=options, stats=stats, dispatch=read_stream
        )
    elif archive.is_zip(head, name):
        items = archive.read_zip(
            stream, source=source, name=name, options=options, stats=stats, dispatch=read_stream
        )
    elif lowered.endswith(UNSUPPORTED_SUFFIXES) or head.startswith(_BINARY_MAGIC):
        yield reject(
            UnsupportedFormatError(
                source=source, detail=f"'{name}' is not a text format", choices=SUPPORTED
            )
        )
        return
    else:
        reader_name = _reader_name(head, name) or text.NAME
        read_fn = next(fn for rname, _suffixes, fn in READERS if rname == reader_name)
        items = read_fn(stream, source=source, options=options, stats=stats)
    yield from _guard(items, source=source, options=options)


class _RawAdapter(io.RawIOBase):
    """Lets ``io.BufferedReader`` (and its ``peek``) wrap any binary stream."""

    def __init__(self, inner: IO[bytes]) -> None:
        self.inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _gzip_holds_warc(lowered: str) -> bool:
    return ".warc" in lowered or ".arc" in lowered


def _guard(items: Iterator[Item], *, source: str, options: ReaderOptions) -> Iterator[Item]:
    """Turn an ``InputError`` raised mid-stream (a bomb, a cut archive) into one reject."""
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except InputError as err:
            yield reject(err)
            return
        except OSError as err:
            yield _unreadable(source, f"read failed: {err}")
            return
        except MemoryError:
            yield too_large(source, limit=options.max_bytes, detail="ran out of memory")
            return
        yield item


__all__ = ["iter_documents", "limit_text", "read_stream"]
