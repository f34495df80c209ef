"""``RawDocument`` to ``Article``: decode, extract or clean, strip the dateline, normalize.

HTML goes through trafilatura (``clean.html``), plain text through the ``LineCleaner``.
Metadata: for HTML the page's own metadata comes first and the container's (feed, JSONL,
WARC) fills the gaps, except ``url`` and ``published``, where a container's value is
preferred; for plain text the container's fields come first (the cleaner only guesses).
"""

from __future__ import annotations

import logging
from functools import lru_cache

from claimgraph.clean.dateline import strip_dateline
from claimgraph.clean.html import extract_html
from claimgraph.clean.language import detect_language
from claimgraph.clean.lines import LineCleaner
from claimgraph.clean.normalize import make_doc_id, normalize_text, sha1_bytes
from claimgraph.clean.outlet import outlet_from_url
from claimgraph.errors import EmptyDocumentError
from claimgraph.ingest.decode import decode_bytes
from claimgraph.records import Article, RawDocument

logger = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: Below this probability the language guess is not trusted and the article is kept as
#: English (short or mixed texts; py3langid's normalized probability).
LANGUAGE_MIN_PROBABILITY = 0.8
SUMMARY_WARNING = "feed item without full text"


@lru_cache(maxsize=1)
def _line_cleaner() -> LineCleaner:
    return LineCleaner()


def parse_media_type(media_type: str) -> tuple[str, dict[str, str]]:
    """``"text/html; content=summary"`` to ``("text/html", {"content": "summary"})``."""
    kind, *params = media_type.split(";")
    values = {}
    for param in params:
        key, _, value = param.partition("=")
        values[key.strip().lower()] = value.strip().strip("\"'")
    return kind.strip().lower(), values


def clean_document(raw: RawDocument) -> Article:
    """Clean one raw document; raises an ``InputError`` subclass when it cannot be used."""
    if not raw.data.strip():
        raise EmptyDocumentError(source=raw.source, detail="no bytes but whitespace")
    kind, params = parse_media_type(raw.media_type)
    is_html = kind in HTML_TYPES
    text, _encoding = decode_bytes(
        raw.data, source=raw.source, declared=raw.declared_encoding, sniff_markup=is_html
    )
    warnings: list[str] = []
    if params.get("content") == "summary":
        warnings.append(SUMMARY_WARNING)
    removed = 0
    if is_html:
        page = extract_html(text, url=raw.url, fragment=bool(warnings))
        body = page.text
        title = page.title or raw.title
        author = page.author or raw.author
        outlet = page.outlet or raw.outlet
        url = raw.url or page.url
        published = raw.published or page.published
        if not body.strip():
            raise EmptyDocumentError(
                source=raw.source,
                detail="HTML page with no article body (no extractor found text); "
                "check it is an article page, not an index or an error page",
            )
    else:
        cleaned = _line_cleaner().clean(text)
        body = cleaned.text
        removed = len(cleaned.removed)
        title = raw.title or cleaned.title
        author = raw.author or cleaned.author
        outlet, url = raw.outlet, raw.url
        published = raw.published or cleaned.published
    body, agency = strip_dateline(normalize_text(body))
    body = normalize_text(body)
    if not body:
        raise EmptyDocumentError(
            source=raw.source,
            detail=f"nothing left after removing {removed} lines of page furniture",
        )
    language, probability = detect_language(body)
    if language != "en" and probability >= LANGUAGE_MIN_PROBABILITY:
        warnings.append(f"non-English ({language}): stored, not parsed")
    elif language != "en":
        language = "en"
    return Article(
        doc_id=make_doc_id(body),
        source=raw.source,
        text=body,
        title=title,
        author=author,
        published=published,
        outlet=outlet or agency or outlet_from_url(url),
        url=url,
        language=language,
        raw_sha1=sha1_bytes(raw.data),
        media_type=kind,
        removed_lines=removed,
        warnings=tuple(warnings),
    )
