"""RSS and Atom feeds (feedparser): one document per item.

An item's full content (``content:encoded``, Atom ``content``) is HTML and goes through the HTML
extractor. An item with only a summary is kept, marked ``content=summary`` in its media type, so
that cleaning flags the article "feed item without full text".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import IO, Any

from claimgraph.errors import MalformedRecordError
from claimgraph.ingest.base import Item, read_capped, reject, too_large
from claimgraph.ingest.options import ReaderOptions, ReadStats
from claimgraph.records import RawDocument

NAME = "feed"
SUFFIXES = (".rss", ".atom", ".rdf")
#: media type of a feed item that carries only its summary
SUMMARY_MEDIA_TYPE = "text/html; content=summary"
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


def sniff(head: bytes, name: str) -> bool:
    if name.lower().endswith(SUFFIXES):
        return True
    return _FEED_ROOT.search(head[:2048]) is not None


def read(
    stream: IO[bytes], *, source: str, options: ReaderOptions, stats: ReadStats
) -> Iterator[Item]:
    data = read_capped(stream, limit=options.max_bytes)
    if data is None:
        yield too_large(source, limit=options.max_bytes, detail="feed file larger than the limit")
        return
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    entries: list[Any] = list(parsed.get("entries", []))
    if not entries:
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        detail = f"not an RSS/Atom feed ({problem})" if problem else "feed has no items"
        yield reject(
            MalformedRecordError(
                source=source,
                detail=f"{detail}; give an RSS 2.0 or Atom XML file, or rename the file "
                "if it holds text or HTML",
            )
        )
        return
    outlet = parsed.get("feed", {}).get("title") or None
    for index, entry in enumerate(entries):
        where = f"{source}#{entry.get('id') or index}"
        content = entry.get("content") or []
        full = next((part.get("value") for part in content if part.get("value")), None)
        summary = entry.get("summary")
        body = full or summary
        if not body:
            yield reject(MalformedRecordError(source=where, detail="feed item has no text"))
            continue
        data_item = str(body).encode("utf-8")
        if len(data_item) > options.max_bytes:
            yield too_large(where, limit=options.max_bytes, detail="feed item too long")
            continue
        yield RawDocument(
            source=where,
            data=data_item,
            media_type="text/html" if full else SUMMARY_MEDIA_TYPE,
            url=entry.get("link") or None,
            title=entry.get("title") or None,
            author=entry.get("author") or None,
            published=_entry_date(entry),
            outlet=outlet,
            record_id=entry.get("id") or None,
            declared_encoding="utf-8",
        )


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None
