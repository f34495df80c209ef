"""WARC reading: only HTTP 200 text responses are documents; damage keeps what came before."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimgraph.ingest import ReadStats, iter_documents
from claimgraph.records import RawDocument, Rejected

PAGE = (
    "<html><head><title>Port reopens</title></head><body><article><p>"
    + "The port reopened on Friday after a week of strikes, the ministry said. " * 20
    + "</p></article></body></html>"
)


def _write_warc(path: Path, *, gzip: bool) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    pages = [
        ("http://example.org/1", "200 OK", "text/html; charset=utf-8", PAGE.encode()),
        ("http://example.org/missing", "404 Not Found", "text/html", b"<html>gone</html>"),
        ("http://example.org/logo.png", "200 OK", "image/png", b"\x89PNG...."),
        ("http://example.org/2", "200 OK", "text/html", PAGE.replace("Friday", "Monday").encode()),
        ("http://example.org/3", "200 OK", "text/html", PAGE.replace("port", "airport").encode()),
    ]
    for uri, status, content_type, body in pages:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)
    metadata = writer.create_warc_record(
        "http://example.org/1",
        "metadata",
        payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
        warc_content_type="application/warc-fields",
    )
    writer.write_record(metadata)
    path.write_bytes(buffer.getvalue())


def test_warc_keeps_only_200_text_responses(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _write_warc(path, gzip=True)
    stats = ReadStats()
    items = list(iter_documents([str(path)], stats=stats))
    assert all(isinstance(item, RawDocument) for item in items)
    assert [item.url for item in items] == [  # type: ignore[union-attr]
        "http://example.org/1",
        "http://example.org/2",
        "http://example.org/3",
    ]
    assert stats.skipped["warc HTTP 404"] == 1
    assert stats.skipped["warc image/png"] == 1
    assert stats.skipped["warc metadata record"] == 1


def test_warc_truncated_gzip_keeps_records_read(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    _write_warc(whole, gzip=True)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.7)])
    items = list(iter_documents([str(cut)]))
    docs = [item for item in items if isinstance(item, RawDocument)]
    rejects = [item for item in items if isinstance(item, Rejected)]
    assert 1 <= len(docs) < 3
    assert len(rejects) == 1
    assert rejects[0].code == "CG103"
    assert items[-1] is rejects[0]


def _raw_record(uri: str, body: bytes, *, content_length: int | None = None) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    length = len(http) if content_length is None else content_length
    header = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Record-ID: <urn:uuid:{uri[-1]}>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
    )
    return header.encode() + http + b"\r\n\r\n"


def test_warc_lying_content_length_too_short(tmp_path: Path) -> None:
    body = PAGE.encode()
    path = tmp_path / "lying.warc"
    path.write_bytes(
        _raw_record("http://a.example/1", body)
        + _raw_record("http://a.example/2", body, content_length=60)
        + _raw_record("http://a.example/3", body)
    )
    items = list(iter_documents([str(path)]))
    assert isinstance(items[0], RawDocument)
    assert items[0].url == "http://a.example/1"
    assert isinstance(items[1], Rejected)
    assert items[1].code == "CG108"
    assert "Content-Length" in items[1].detail
    assert len(items) == 2


def test_warc_lying_content_length_too_long(tmp_path: Path) -> None:
    body = PAGE.encode()
    path = tmp_path / "long.warc"
    path.write_bytes(
        _raw_record("http://a.example/1", body)
        + _raw_record("http://a.example/2", body, content_length=len(body) * 10)
    )
    items = list(iter_documents([str(path)]))
    assert isinstance(items[0], RawDocument)
    assert isinstance(items[1], Rejected)
    assert items[1].code == "CG103"
