"""What every reader shares: the reader signature, capped reads, rejects, field mapping."""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import re
from collections.abc import Iterator, Mapping
from typing import IO, Protocol

from claimgraph.errors import (
    BinaryInputError,
    EmptyDocumentError,
    InputError,
    MalformedRecordError,
    TooLargeError,
)
from claimgraph.ingest.decode import HEAD_BYTES, looks_binary, utf16_pattern
from claimgraph.ingest.options import ReaderOptions, ReadStats
from claimgraph.records import RawDocument, Rejected

logger = logging.getLogger(__name__)

#: Chunk size used to skip over the rest of an over-long line without holding it.
SKIP_CHUNK = 1 << 20

STAGE = "ingest"

Item = RawDocument | Rejected


class ReadFn(Protocol):
    def __call__(
        self, stream: IO[bytes], *, source: str, options: ReaderOptions, stats: ReadStats
    ) -> Iterator[Item]: ...


def reject(err: InputError) -> Rejected:
    """The ``Rejected`` record for ``err`` (its ``source`` field names the input)."""
    source = str(err.fields.get("source", "<input>"))
    return Rejected(source=source, stage=STAGE, code=err.code, detail=err.message)


def limit_text(limit: int) -> str:
    return f"{limit:,} bytes (ReaderOptions.max_bytes / --max-bytes)"


def too_large(source: str, *, limit: int, detail: str) -> Rejected:
    return reject(TooLargeError(source=source, detail=detail, limit=limit_text(limit)))


def read_capped(stream: IO[bytes], *, limit: int) -> bytes | None:
    """Read at most ``limit`` bytes; None when the stream holds more (nothing more is read)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        return None
    return data


def check_payload(data: bytes, *, source: str) -> Rejected | None:
    """A reject for an empty or binary payload, else None."""
    if not data.strip():
        return reject(
            EmptyDocumentError(source=source, detail="no text at all; check the file is complete")
        )
    head = data[:HEAD_BYTES]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or _is_utf16(head):
        return None
    if looks_binary(head):
        return reject(
            BinaryInputError(
                source=source,
                detail="NUL or control bytes in the first KB; give a text, HTML, JSONL, CSV, "
                "WARC or feed file",
            )
        )
    return None


def _is_utf16(head: bytes) -> bool:
    return utf16_pattern(head) is not None


def single_document(
    stream: IO[bytes],
    *,
    source: str,
    options: ReaderOptions,
    stats: ReadStats,
    media_type: str,
) -> Iterator[Item]:
    """Read the whole stream (capped) as one document of ``media_type``."""
    data = read_capped(stream, limit=options.max_bytes)
    if data is None:
        yield too_large(source, limit=options.max_bytes, detail="stream longer than the limit")
        return
    bad = check_payload(data, source=source)
    if bad is not None:
        yield bad
        return
    yield RawDocument(source=source, data=data, media_type=media_type)


def iter_lines(stream: IO[bytes], *, limit: int) -> Iterator[tuple[int, int, bytes | None]]:
    """``(line_no, byte_offset, line)`` with ``line`` None for a line over ``limit`` bytes.

    An over-long line is skipped in fixed chunks, so memory stays bounded by ``limit``.
    """
    offset = 0
    line_no = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        line_no += 1
        start = offset
        offset += len(line)
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(SKIP_CHUNK)
                offset += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield line_no, start, None
            continue
        yield line_no, start, line


# ---------------------------------------------------------------------------------------------
# field mapping (JSONL, JSON, CSV)
# ---------------------------------------------------------------------------------------------

TEXT_FIELDS = ("text", "body", "content", "article", "articleBody", "article_body", "html")
URL_FIELDS = ("url", "link", "uri", "source_url")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("published", "date", "publish_date", "published_at", "datePublished", "pubdate")
AUTHOR_FIELDS = ("author", "authors", "byline", "creator")
OUTLET_FIELDS = ("outlet", "source_name", "sitename", "publisher", "site")
ID_FIELDS = ("id", "doc_id", "uid", "guid")

_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<body|<div|<p[\s>]|<article)", re.IGNORECASE)


def looks_html(data: bytes) -> bool:
    return _HTML_START.match(data[:1024]) is not None


def _pick(record: Mapping[str, object], override: str | None, names: tuple[str, ...]) -> object:
    if override is not None:
        return record.get(override)
    lowered = {key.lower(): value for key, value in record.items() if isinstance(key, str)}
    for name in names:
        value = lowered.get(name.lower())
        if value not in (None, ""):
            return value
    return None


def _as_str(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        parts = [_as_str(item) for item in value]
        joined = ", ".join(part for part in parts if part)
        return joined or None
    if isinstance(value, Mapping):
        return _as_str(value.get("name"))
    text = str(value).strip()
    return text or None


def parse_date(value: object) -> dt.date | None:
    """A date from ISO 8601, RFC 2822, epoch seconds or a free-form date string."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return dt.datetime.fromtimestamp(float(value), tz=dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser

    parsed = dateparser.parse(text, settings={"STRICT_PARSING": False})
    return parsed.date() if parsed is not None else None


def record_to_document(
    record: Mapping[str, object], *, source: str, options: ReaderOptions
) -> Item:
    """Map one JSON object or CSV row to a ``RawDocument`` (or a CG108 reject)."""
    text_value = _pick(record, options.text_field, TEXT_FIELDS)
    if not isinstance(text_value, str) or not text_value.strip():
        wanted = options.text_field or "/".join(TEXT_FIELDS[:4])
        return reject(
            MalformedRecordError(
                source=source,
                detail=f"no text in field {wanted}; name the field with --text-field "
                f"(fields here: {', '.join(sorted(map(str, record)))[:200]})",
            )
        )
    data = text_value.encode("utf-8")
    if len(data) > options.max_bytes:
        return too_large(source, limit=options.max_bytes, detail="text field too long")
    record_id = _as_str(_pick(record, None, ID_FIELDS))
    return RawDocument(
        source=source,
        data=data,
        media_type="text/html" if looks_html(data) else "text/plain",
        url=_as_str(_pick(record, options.url_field, URL_FIELDS)),
        title=_as_str(_pick(record, options.title_field, TITLE_FIELDS)),
        author=_as_str(_pick(record, None, AUTHOR_FIELDS)),
        published=parse_date(_pick(record, options.date_field, DATE_FIELDS)),
        outlet=_as_str(_pick(record, None, OUTLET_FIELDS)),
        record_id=record_id,
        declared_encoding="utf-8",
    )
