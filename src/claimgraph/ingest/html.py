"""HTML pages (.html/.htm or sniffed markup): one document per file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from claimgraph.ingest.base import Item, single_document
from claimgraph.ingest.options import ReaderOptions, ReadStats

NAME = "html"
SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_MARKUP = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html[\s>]|<head[\s>])", re.I | re.S)


def sniff(head: bytes, name: str) -> bool:
    if name.lower().endswith(SUFFIXES):
        return True
    return _MARKUP.match(head.lstrip(b"\xef\xbb\xbf")[:4096]) is not None


def read(
    stream: IO[bytes], *, source: str, options: ReaderOptions, stats: ReadStats
) -> Iterator[Item]:
    yield from single_document(
        stream, source=source, options=options, stats=stats, media_type="text/html"
    )
