"""Readers: every bad input becomes one Rejected with a code, and reading goes on."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from claimgraph.ingest import ReaderOptions, ReadStats, iter_documents
from claimgraph.ingest import sources as sources_module
from claimgraph.records import RawDocument, Rejected

ARTICLE = (
    "Ministers from both countries met in Ankara on Tuesday to discuss grain exports. "
    "The talks ended without an agreement, officials said.\n"
)


def _read(paths: list[Path], **options: int) -> list[RawDocument | Rejected]:
    return list(iter_documents([str(p) for p in paths], options=ReaderOptions(**options)))


def test_sources_plain_text_file_is_one_document(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    items = _read([path])
    assert len(items) == 1
    assert isinstance(items[0], RawDocument)
    assert items[0].media_type == "text/plain"
    assert items[0].source == str(path)


def test_sources_empty_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n\n ")
    (item,) = _read([path])
    assert isinstance(item, Rejected)
    assert item.code == "CG104"
    assert str(path) in item.detail


def test_sources_binary_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "blob.dat"
    path.write_bytes(bytes(range(256)) * 40)
    (item,) = _read([path])
    assert isinstance(item, Rejected)
    assert item.code == "CG106"


def test_sources_pdf_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"x" * 100)
    (item,) = _read([path])
    assert isinstance(item, Rejected)
    assert item.code == "CG101"
    assert "supported" in item.detail


def test_sources_large_text_file_rejected_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        chunk = ARTICLE.encode() * 1000
        while handle.tell() < 50_000_000:
            handle.write(chunk)
    stats = ReadStats()
    items = list(iter_documents([str(path)], stats=stats))
    assert [item.code for item in items if isinstance(item, Rejected)] == ["CG105"]
    assert "limit" in items[0].detail  # type: ignore[union-attr]
    assert stats.rejected == 1


def test_sources_single_line_jsonl_over_limit_rejected(tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    good = json.dumps({"text": ARTICLE}) + "\n"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(good)
        handle.write('{"text": "' + "a" * 3_000_000 + '"}\n')
        handle.write(good)
    items = _read([path], max_bytes=1_000_000)
    codes = [item.code if isinstance(item, Rejected) else "doc" for item in items]
    assert codes == ["doc", "CG105", "doc"]
    assert items[1].source.endswith(":2")


def test_sources_jsonl_broken_line_rejected_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"body": ARTICLE, "url": "https://example.org/a", "date": "2024-03-05"}),
        '{"body": "unterminated',
        json.dumps({"text": ARTICLE, "title": "Grain talks stall"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read([path])
    assert isinstance(items[0], RawDocument)
    assert items[0].url == "https://example.org/a"
    assert str(items[0].published) == "2024-03-05"
    assert isinstance(items[1], Rejected)
    assert items[1].code == "CG108"
    assert items[1].source == f"{path}:2"
    assert "byte" in items[1].detail
    assert isinstance(items[2], RawDocument)
    assert items[2].title == "Grain talks stall"


def test_sources_jsonl_field_override(tmp_path: Path) -> None:
    path = tmp_path / "custom.jsonl"
    path.write_text(json.dumps({"story": ARTICLE, "text": "ignored"}) + "\n", encoding="utf-8")
    (item,) = list(iter_documents([str(path)], options=ReaderOptions(text_field="story")))
    assert isinstance(item, RawDocument)
    assert item.data.decode().startswith("Ministers")


def test_sources_csv_rows(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(f'title,text\n"Talks","{ARTICLE.strip()}"\nEmpty,\n', encoding="utf-8")
    items = _read([path])
    assert isinstance(items[0], RawDocument)
    assert items[0].title == "Talks"
    assert isinstance(items[1], Rejected)
    assert items[1].code == "CG108"


def test_sources_gzip_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(ARTICLE.encode()))
    (item,) = _read([path])
    assert isinstance(item, RawDocument)
    assert item.data == ARTICLE.encode()


def test_sources_gzip_bomb_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    with gzip.open(path, "wb") as handle:
        zeros = b"\0" * (1 << 20)
        for _ in range(60):
            handle.write(zeros)
    assert path.stat().st_size < 200_000
    (item,) = _read([path])
    assert isinstance(item, Rejected)
    assert item.code == "CG105"
    assert "bomb" in item.detail or "decompresses" in item.detail


def test_sources_zip_members_in_order(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("b.txt", ARTICLE)
        archive.writestr("a.html", f"<html><body><p>{ARTICLE}</p></body></html>")
        archive.writestr(".hidden.txt", ARTICLE)
    items = _read([path])
    assert [item.source for item in items] == [f"{path}!a.html", f"{path}!b.txt"]
    assert [item.media_type for item in items if isinstance(item, RawDocument)] == [
        "text/html",
        "text/plain",
    ]


def test_sources_directory_unreadable_file_and_symlink_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "locked.txt").write_text(ARTICLE, encoding="utf-8")
    (root / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    (root / "dangling.txt").symlink_to(root / "missing.txt")
    real_open = sources_module.open_binary

    def fake_open(path: Path) -> io.BufferedReader:
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path)  # type: ignore[return-value]

    monkeypatch.setattr(sources_module, "open_binary", fake_open)
    stats = ReadStats()
    items = list(iter_documents([str(root)], stats=stats))
    docs = [item.source for item in items if isinstance(item, RawDocument)]
    rejects = {Path(item.source).name: item.code for item in items if isinstance(item, Rejected)}
    assert docs == [str(root / "a.txt"), str(root / "sub" / "b.txt")]
    assert rejects == {"dangling.txt": "CG107", "locked.txt": "CG107"}
    assert stats.skipped["directory visited twice (symlink loop)"] == 1


def test_sources_missing_path_and_glob(tmp_path: Path) -> None:
    (tmp_path / "x1.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "x2.txt").write_text(ARTICLE, encoding="utf-8")
    items = list(iter_documents([str(tmp_path / "x*.txt"), str(tmp_path / "nope.txt")]))
    assert [type(item).__name__ for item in items] == ["RawDocument", "RawDocument", "Rejected"]
    assert items[2].code == "CG107"  # type: ignore[union-attr]


def test_sources_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BufferedReader(io.BytesIO(ARTICLE.encode())))
    monkeypatch.setattr("sys.stdin", fake)
    (item,) = list(iter_documents(["-"]))
    assert isinstance(item, RawDocument)
    assert item.source == "<stdin>"


def test_sources_feed_not_xml_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    path.write_text("this is not a feed, just words\n", encoding="utf-8")
    (item,) = _read([path])
    assert isinstance(item, Rejected)
    assert item.code == "CG108"
    assert "RSS" in item.detail


def test_sources_feed_items_full_and_summary(tmp_path: Path) -> None:
    path = tmp_path / "world.xml"
    path.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>World Desk</title>
<item><title>Full story</title><link>https://example.org/full</link>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>The council voted to extend the mission.</p>]]></content:encoded>
</item>
<item><title>Short item</title><link>https://example.org/short</link>
<description>Officials said the border crossing would reopen.</description></item>
</channel></rss>""",
        encoding="utf-8",
    )
    items = _read([path])
    assert all(isinstance(item, RawDocument) for item in items)
    full, short = items
    assert isinstance(full, RawDocument) and isinstance(short, RawDocument)
    assert full.media_type == "text/html"
    assert full.outlet == "World Desk"
    assert str(full.published) == "2024-03-05"
    assert "summary" in short.media_type
