"""What every exporter shares: the output target and a text view of it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Literal, TextIO, cast

ExportFormat = Literal["jsonl", "csv", "parquet", "plover", "graphml", "gexf"]
FORMATS: tuple[ExportFormat, ...] = ("jsonl", "csv", "parquet", "plover", "graphml", "gexf")

RelationFormat = Literal["csv", "parquet"]
RELATION_FORMATS: tuple[RelationFormat, ...] = ("csv", "parquet")

# Where an export goes: an open text or binary stream, or a file path (created/overwritten).
Target = TextIO | BinaryIO | str | Path


def _is_binary(stream: TextIO | BinaryIO) -> bool:
    return isinstance(stream, io.RawIOBase | io.BufferedIOBase) or (
        not isinstance(stream, io.TextIOBase) and "b" in getattr(stream, "mode", "")
    )


@contextmanager
def open_text(out: Target, *, newline: str | None = None) -> Iterator[TextIO]:
    """A UTF-8 text stream onto ``out``; a path is opened (and closed), a stream is not."""
    if isinstance(out, str | Path):
        with Path(out).open("w", encoding="utf-8", newline=newline) as handle:
            yield handle
        return
    if _is_binary(out):
        wrapper = io.TextIOWrapper(cast(BinaryIO, out), encoding="utf-8", newline=newline)
        try:
            yield wrapper
        finally:
            wrapper.flush()
            wrapper.detach()
        return
    yield cast(TextIO, out)
