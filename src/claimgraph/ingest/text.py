"""Plain-text files (.txt and any unrecognised text): one document per file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from claimgraph.ingest.base import Item, single_document
from claimgraph.ingest.options import ReaderOptions, ReadStats

NAME = "text"
SUFFIXES = (".txt", ".text", ".md")


def sniff(head: bytes, name: str) -> bool:
    """Text is the fallback: it claims ``.txt`` names here and anything no other reader takes."""
    return name.lower().endswith(SUFFIXES)


def read(
    stream: IO[bytes], *, source: str, options: ReaderOptions, stats: ReadStats
) -> Iterator[Item]:
    yield from single_document(
        stream, source=source, options=options, stats=stats, media_type="text/plain"
    )
