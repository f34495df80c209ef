"""gzip and zip archives, guarded against decompression bombs.

A ``.gz`` holds one file whose inner name (without ``.gz``) chooses its reader; a ``.zip`` holds
many, read in name order. Decompression stops, with a CG105 reject, once the output passes
``max_bytes`` or the output/input ratio passes ``MAX_RATIO``.
"""

from __future__ import annotations

import gzip
import io
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import IO

from claimgraph.errors import TooLargeError, TruncatedInputError, UnsupportedFormatError
from claimgraph.ingest.base import Item, limit_text, reject, too_large
from claimgraph.ingest.options import ReaderOptions, ReadStats

NAME = "archive"
GZIP_SUFFIXES = (".gz", ".gzip")
ZIP_SUFFIXES = (".zip",)
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"

#: Largest decompressed/compressed ratio accepted. Text and HTML compress 3-15x (the AEB
#: pages: 6.3 MB gzip for about 31 MB of HTML, ratio ~5); a ratio over 1000 is a bomb.
MAX_RATIO = 1000
#: The ratio is judged only after this much output, so tiny archives of repetitive text pass.
RATIO_MIN_OUTPUT = 1 << 20

#: size limit on a decompressed container (JSONL, CSV, WARC): its records are capped one by one
UNBOUNDED = sys.maxsize

Dispatch = Callable[..., Iterator[Item]]


class _CountingReader(io.RawIOBase):
    """Counts the compressed bytes a decompressor pulls from ``raw``."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        self.count += len(data)
        buffer[: len(data)] = data
        return len(data)


class GuardedStream(io.RawIOBase):
    """A decompressed stream that raises ``TooLargeError`` past the size or ratio limits."""

    def __init__(
        self,
        inner: IO[bytes],
        *,
        compressed: Callable[[], int],
        source: str,
        limit: int,
    ) -> None:
        self.inner = inner
        self.compressed = compressed
        self.source = source
        self.limit = limit
        self.produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            data = self.inner.read(len(buffer))
        except (EOFError, gzip.BadGzipFile, zlib.error, zipfile.BadZipFile) as err:
            raise TruncatedInputError(
                source=self.source,
                detail=f"compressed data is cut off or damaged after {self.produced:,} bytes "
                f"({err}); re-download or repair the archive",
            ) from err
        self.produced += len(data)
        if self.produced > self.limit:
            raise TooLargeError(
                source=self.source,
                detail=f"decompresses to more than {self.limit:,} bytes",
                limit=limit_text(self.limit),
            )
        packed = max(self.compressed(), 1)
        if self.produced >= RATIO_MIN_OUTPUT and self.produced / packed > MAX_RATIO:
            raise TooLargeError(
                source=self.source,
                detail=f"compression ratio over {MAX_RATIO} ({self.produced:,} bytes from "
                f"{packed:,}): a decompression bomb",
                limit=limit_text(self.limit),
            )
        buffer[: len(data)] = data
        return len(data)


def is_gzip(head: bytes, name: str) -> bool:
    return head.startswith(GZIP_MAGIC) or name.lower().endswith(GZIP_SUFFIXES)


def is_zip(head: bytes, name: str) -> bool:
    return head.startswith(ZIP_MAGIC) or name.lower().endswith(ZIP_SUFFIXES)


def inner_name(name: str) -> str:
    lowered = name.lower()
    for suffix in GZIP_SUFFIXES:
        if lowered.endswith(suffix):
            return name[: -len(suffix)]
    return name


def read_gzip(
    stream: IO[bytes],
    *,
    source: str,
    name: str,
    options: ReaderOptions,
    stats: ReadStats,
    dispatch: Dispatch,
) -> Iterator[Item]:
    counter = _CountingReader(stream)
    inner_file = inner_name(name)
    limit = UNBOUNDED if _is_container(inner_file) else options.max_bytes
    inner = gzip.GzipFile(fileobj=io.BufferedReader(counter), mode="rb")
    guarded = io.BufferedReader(
        GuardedStream(
            inner,  # type: ignore[arg-type]
            compressed=lambda: counter.count,
            source=source,
            limit=limit,
        )
    )
    yield from dispatch(guarded, name=inner_file, source=source, options=options, stats=stats)


def read_zip(
    stream: IO[bytes],
    *,
    source: str,
    name: str,
    options: ReaderOptions,
    stats: ReadStats,
    dispatch: Dispatch,
) -> Iterator[Item]:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError) as err:
        yield reject(
            UnsupportedFormatError(
                source=source, detail=f"not a readable zip archive ({err})", choices="zip"
            )
        )
        return
    with archive:
        members = sorted(
            (info for info in archive.infolist() if not info.is_dir()), key=lambda i: i.filename
        )
        for info in members:
            base = info.filename.rsplit("/", 1)[-1]
            if not base or base.startswith((".", "__MACOSX")) or "__MACOSX/" in info.filename:
                continue
            where = f"{source}!{info.filename}"
            if info.file_size > options.max_bytes and not _is_container(base):
                yield too_large(
                    where, limit=options.max_bytes, detail=f"member of {info.file_size:,} bytes"
                )
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size >= RATIO_MIN_OUTPUT and ratio > MAX_RATIO:
                yield too_large(
                    where,
                    limit=options.max_bytes,
                    detail=f"compression ratio {ratio:.0f} over {MAX_RATIO}: a decompression bomb",
                )
                continue
            with archive.open(info) as member:
                guarded = io.BufferedReader(
                    GuardedStream(
                        member,
                        compressed=_constant(info.compress_size),
                        source=where,
                        limit=UNBOUNDED if _is_container(base) else options.max_bytes,
                    )
                )
                yield from dispatch(
                    guarded, name=info.filename, source=where, options=options, stats=stats
                )


def _constant(value: int) -> Callable[[], int]:
    def get() -> int:
        return value

    return get


def _is_container(name: str) -> bool:
    return name.lower().endswith((".warc", ".warc.gz", ".jsonl", ".ndjson", ".csv", ".tsv"))
