"""JSON Lines (one record per line) and JSON (an array of records, or one record).

Each record becomes a ``RawDocument`` through the field mapping in ``base``. A broken line is
one ``Rejected`` naming ``path:line`` and its byte offset; the lines after it are still read.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Mapping
from typing import IO

from claimgraph.errors import MalformedRecordError
from claimgraph.ingest.base import (
    Item,
    iter_lines,
    read_capped,
    record_to_document,
    reject,
    too_large,
)
from claimgraph.ingest.options import ReaderOptions, ReadStats

NAME = "jsonl"
SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
JSON_SUFFIXES = (".json",)
#: keys under which a JSON document may hold its list of records
LIST_KEYS = ("articles", "items", "documents", "data", "records")


def sniff(head: bytes, name: str) -> bool:
    lowered = name.lower()
    if lowered.endswith(SUFFIXES + JSON_SUFFIXES):
        return True
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def read(
    stream: IO[bytes], *, source: str, options: ReaderOptions, stats: ReadStats
) -> Iterator[Item]:
    if source.lower().endswith(JSON_SUFFIXES) and not source.lower().endswith(SUFFIXES):
        yield from _read_json(stream, source=source, options=options)
        return
    yield from _read_lines(stream, source=source, options=options)


def _read_lines(stream: IO[bytes], *, source: str, options: ReaderOptions) -> Iterator[Item]:
    for line_no, offset, line in iter_lines(stream, limit=options.max_bytes):
        where = f"{source}:{line_no}"
        if line is None:
            yield too_large(
                where, limit=options.max_bytes, detail=f"line at byte {offset} is too long"
            )
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            yield reject(
                MalformedRecordError(
                    source=where,
                    detail=f"invalid JSON at byte {offset} ({err}); fix or remove the line, "
                    "the other lines are read",
                )
            )
            continue
        if not isinstance(record, Mapping):
            yield reject(
                MalformedRecordError(
                    source=where,
                    detail=f"line at byte {offset} is a JSON {type(record).__name__}, "
                    "not an object",
                )
            )
            continue
        yield record_to_document(record, source=where, options=options)


def _read_json(stream: IO[bytes], *, source: str, options: ReaderOptions) -> Iterator[Item]:
    data = read_capped(stream, limit=options.max_bytes)
    if data is None:
        yield too_large(
            source, limit=options.max_bytes, detail="JSON file larger than the limit; use JSONL"
        )
        return
    try:
        value = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        if data.count(b"\n") > 1:
            # JSON Lines under a .json name
            yield from _read_lines(io.BytesIO(data), source=source, options=options)
            return
        yield reject(MalformedRecordError(source=source, detail=f"invalid JSON ({err})"))
        return
    if isinstance(value, Mapping):
        nested = next((value[key] for key in LIST_KEYS if isinstance(value.get(key), list)), None)
        records = nested if nested is not None else [value]
    elif isinstance(value, list):
        records = value
    else:
        yield reject(
            MalformedRecordError(source=source, detail="JSON must be an object or an array")
        )
        return
    for index, record in enumerate(records):
        where = f"{source}#{index}"
        if not isinstance(record, Mapping):
            yield reject(MalformedRecordError(source=where, detail="item is not an object"))
            continue
        yield record_to_document(record, source=where, options=options)
