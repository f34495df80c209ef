"""WARC and ARC archives: HTTP 200 HTML/text responses become documents.

FastWARC reads WARC (plain or gzip); warcio reads ARC, which FastWARC cannot. Other records
(requests, metadata, redirects, errors, images) yield nothing and are counted in ``ReadStats``.
Damage ends the read with one ``Rejected`` and keeps what came before: a cut-off file (CG103), a
record whose ``Content-Length`` does not match its block (CG103 when too long, CG108 when the
next header is not where it says).
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from typing import IO, Any

from claimgraph.errors import MalformedRecordError, TruncatedInputError
from claimgraph.ingest.base import Item, reject, too_large
from claimgraph.ingest.options import ReaderOptions, ReadStats
from claimgraph.records import RawDocument

logger = logging.getLogger(__name__)

NAME = "warc"
SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
ARC_SUFFIXES = (".arc", ".arc.gz")
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_GZIP_MAGIC = b"\x1f\x8b"
#: Compressed bytes checked at the end of a .warc.gz for a cut-off member (the last record
#: read and what follows it); a longer tail is not checked (the file kept going: not cut).
TAIL_CHECK_BYTES = 64 << 20
#: Output cap per decompress call while checking the tail (keeps memory flat).
SKIP_BYTES = 1 << 20


def sniff(head: bytes, name: str) -> bool:
    if name.lower().endswith(SUFFIXES):
        return True
    return head.startswith(b"WARC/")


def read(
    stream: IO[bytes], *, source: str, options: ReaderOptions, stats: ReadStats
) -> Iterator[Item]:
    if source.lower().endswith(ARC_SUFFIXES):
        yield from _read_warcio(stream, source=source, options=options, stats=stats)
        return
    try:
        from fastwarc.warc import ArchiveIterator
    except ImportError:  # pragma: no cover - FastWARC is a declared dependency
        logger.warning("FastWARC not importable; reading %s with warcio", source)
        yield from _read_warcio(stream, source=source, options=options, stats=stats)
        return
    records = iter(ArchiveIterator(stream, parse_http=False))
    pending: RawDocument | None = None
    last_pos = 0
    stopped = False
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except OSError as err:
            # the previous record's Content-Length did not lead to the next header
            detail = (
                f"no valid WARC header after the record at byte {last_pos} ({err}); its "
                "Content-Length is wrong or the file is damaged: the records before it are kept"
            )
            bad_source = pending.source if pending is not None else source
            pending = None
            stopped = True
            yield reject(MalformedRecordError(source=bad_source, detail=detail))
            break
        last_pos = record.stream_pos
        item, stop = _record_item(record, source=source, options=options, stats=stats)
        if item is None:
            continue
        if pending is not None:
            yield pending
            pending = None
        if isinstance(item, RawDocument):
            pending = item
            continue
        yield item
        if stop:
            stopped = True
            break
    if pending is not None:
        yield pending
    if not stopped and _gzip_tail_truncated(stream, start=last_pos):
        yield reject(
            TruncatedInputError(
                source=source,
                detail=f"the gzip data after byte {last_pos} is cut off; the records before "
                "it are kept: re-download or repair the file",
            )
        )


def _gzip_tail_truncated(stream: IO[bytes], *, start: int) -> bool:
    """True when the gzip members from ``start`` to the end do not all end properly.

    FastWARC stops without an error when a ``.warc.gz`` ends inside a member; decompressing
    the tail (the last record read and whatever follows) tells a cut-off file from a whole one.
    """
    if not stream.seekable():
        return False
    try:
        stream.seek(start)
        tail = stream.read(TAIL_CHECK_BYTES)
    except OSError:
        return False
    if not tail.startswith(_GZIP_MAGIC):
        return False
    data = tail
    while data:
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            while True:
                decompressor.decompress(data, SKIP_BYTES)
                data = decompressor.unconsumed_tail
                if not data or decompressor.eof:
                    break
        except zlib.error:
            return True
        if not decompressor.eof:
            return len(tail) < TAIL_CHECK_BYTES
        data = decompressor.unused_data
    return False


def _record_item(
    record: Any, *, source: str, options: ReaderOptions, stats: ReadStats
) -> tuple[Item | None, bool]:
    """The item for one FastWARC record and whether reading must stop after it."""
    headers = record.headers
    record_id = headers.get("WARC-Record-ID") or f"@{record.stream_pos}"
    where = f"{source}#{record_id}"
    declared_length = headers.get("Content-Length")
    if declared_length is None or not declared_length.strip().isdigit():
        return reject(
            TruncatedInputError(
                source=where,
                detail=f"record header at byte {record.stream_pos} is incomplete; the file "
                "ends early (the records before it are kept): re-download or repair it",
            )
        ), True
    length = int(declared_length)
    warc_type = headers.get("WARC-Type") or "unknown"
    if warc_type not in ("response", "resource"):
        stats.skip(f"warc {warc_type} record")
        return None, False
    if length > options.max_bytes:
        stats.skip("warc record over max_bytes")
        return too_large(
            where, limit=options.max_bytes, detail=f"record of {length:,} bytes"
        ), False
    block = record.reader.read()
    if len(block) != length:
        return reject(
            TruncatedInputError(
                source=where,
                detail=f"record at byte {record.stream_pos} declares Content-Length {length} "
                f"but holds {len(block)} bytes; the records before it are kept",
            )
        ), True
    uri = headers.get("WARC-Target-URI")
    if warc_type == "resource":
        content_type = (headers.get("Content-Type") or "").lower()
        return _document(
            block, content_type=content_type, where=where, uri=uri, record_id=record_id, stats=stats
        ), False
    status, http_headers, body = _split_http(block)
    if status != 200:
        stats.skip(f"warc HTTP {status}" if status else "warc unparsable HTTP")
        return None, False
    content_type = http_headers.get("content-type", "").lower()
    decoded = _decode_transfer(body, http_headers, limit=options.max_bytes)
    if decoded is None:
        stats.skip("warc undecodable content-encoding")
        return None, False
    return _document(
        body, content_type=content_type, where=where, uri=uri, record_id=record_id, stats=stats
    ), False


def _document(
    body: bytes,
    *,
    content_type: str,
    where: str,
    uri: str | None,
    record_id: str,
    stats: ReadStats,
) -> RawDocument | None:
    mime = content_type.split(";", maxsplit=1)[0].strip()
    if mime and mime not in TEXT_TYPES:
        stats.skip(f"warc {mime}")
        return None
    if not body.strip():
        stats.skip("warc empty body")
        return None
    charset = None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip() == "charset":
            charset = value.strip().strip("\"'") or None
    return RawDocument(
        source=where,
        data=body,
        media_type="text/plain" if mime == "text/plain" else "text/html",
        url=uri,
        record_id=record_id,
        declared_encoding=charset,
    )


def _split_http(block: bytes) -> tuple[int | None, dict[str, str], bytes]:
    head, sep, body = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = block.partition(b"\n\n")
    lines = head.decode("latin-1").splitlines()
    if not sep or not lines or not lines[0].startswith("HTTP/"):
        return None, {}, b""
    parts = lines[0].split()
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    headers: dict[str, str] = {}
    for line in lines[1:]:
        key, _, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    return status, headers, body


def _decode_transfer(body: bytes, headers: dict[str, str], *, limit: int) -> bytes | None:
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    encoding = headers.get("content-encoding", "").lower().strip()
    if encoding in ("gzip", "x-gzip", "deflate"):
        wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
        decompressor = zlib.decompressobj(wbits)
        try:
            out = decompressor.decompress(body, limit + 1)
        except zlib.error:
            return None
        return out if len(out) <= limit else None
    return body


def _dechunk(body: bytes) -> bytes:
    out = bytearray()
    pos = 0
    while pos < len(body):
        end = body.find(b"\r\n", pos)
        if end < 0:
            break
        size_text = body[pos:end].split(b";")[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return body  # not really chunked: keep as is
        if size == 0:
            break
        out += body[end + 2 : end + 2 + size]
        pos = end + 2 + size + 2
    return bytes(out)


def _read_warcio(
    stream: IO[bytes], *, source: str, options: ReaderOptions, stats: ReadStats
) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    records = iter(ArchiveIterator(stream, arc2warc=True))
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except (ArchiveLoadFailed, OSError, ValueError, EOFError, zlib.error) as err:
            yield reject(
                TruncatedInputError(source=source, detail=f"{err}; the records before it are kept")
            )
            return
        record_id = record.rec_headers.get_header("WARC-Record-ID") or "?"
        where = f"{source}#{record_id}"
        if record.rec_type != "response":
            stats.skip(f"warc {record.rec_type} record")
            continue
        http = record.http_headers
        status = http.get_statuscode() if http is not None else None
        if status != "200":
            stats.skip(f"warc HTTP {status}")
            continue
        body = record.content_stream().read(options.max_bytes + 1)
        if len(body) > options.max_bytes:
            yield too_large(where, limit=options.max_bytes, detail="record over the limit")
            continue
        content_type = (http.get_header("Content-Type") or "").lower()
        uri = record.rec_headers.get_header("WARC-Target-URI")
        document = _document(
            body, content_type=content_type, where=where, uri=uri, record_id=record_id, stats=stats
        )
        if document is not None:
            yield document
