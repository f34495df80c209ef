"""CSV and TSV files: one document per row, columns mapped like JSONL fields."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from typing import IO

from claimgraph.errors import MalformedRecordError
from claimgraph.ingest.base import Item, record_to_document, reject
from claimgraph.ingest.options import ReaderOptions, ReadStats

NAME = "csv"
SUFFIXES = (".csv", ".tsv")


def sniff(head: bytes, name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


def read(
    stream: IO[bytes], *, source: str, options: ReaderOptions, stats: ReadStats
) -> Iterator[Item]:
    csv.field_size_limit(min(options.max_bytes, sys.maxsize))
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    delimiter = "\t" if source.lower().endswith(".tsv") else ","
    reader = csv.DictReader(text, delimiter=delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield reject(
                MalformedRecordError(
                    source=f"{source}:{reader.line_num}",
                    detail=f"{err}; rows after it are not read (fix the quoting)",
                )
            )
            return
        where = f"{source}:{reader.line_num}"
        clean_row = {key: value for key, value in row.items() if key is not None}
        yield record_to_document(clean_row, source=where, options=options)
