"""HTML pages to body text and metadata: trafilatura, then fenced fallbacks.

The cascade: ``trafilatura.bare_extraction`` (body and metadata, precision mode), then, when
it returns no body, trafilatura's ``baseline`` (all paragraph-like text), then the page's
visible text. A failing extractor is logged and yields nothing; it never aborts the document.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

#: trafilatura mode chosen on AEB (181 pages, shingle F1 from eval/aeb.py, include_tables on):
#: default P 0.942 / R 0.978 / F1 0.960; favor_precision P 0.963 / R 0.971 / F1 0.967.
FAVOR_PRECISION = True
#: A fallback body shorter than this (characters) is page chrome, not an article.
MIN_FALLBACK_CHARS = 200


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """What extraction found on one page (every field may be missing)."""

    text: str
    title: str | None = None
    author: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    method: str = "trafilatura"


def extract_html(html: str, *, url: str | None = None, fragment: bool = False) -> ExtractedPage:
    """Body and metadata of ``html``; ``text`` is empty when no extractor finds a body.

    ``fragment`` marks a piece of HTML (a feed item's summary), not a page: any text the
    fallbacks find is kept, however short.
    """
    document = _trafilatura(html, url=url)
    meta = _metadata(document)
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if text:
        return ExtractedPage(text=text, **meta)
    for method, fallback in (("baseline", _baseline), ("page-text", _page_text)):
        text = fallback(html)
        if text and (fragment or len(text) >= MIN_FALLBACK_CHARS):
            logger.debug("body from %s fallback", method)
            return ExtractedPage(text=text, method=method, **meta)
    return ExtractedPage(text="", method="none", **meta)


def _trafilatura(html: str, *, url: str | None) -> Any:
    try:
        import trafilatura

        return trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=FAVOR_PRECISION,
        )
    except Exception:  # fenced third-party extractor: a failure yields nothing
        logger.warning("trafilatura failed on a page", exc_info=True)
        return None


def _metadata(document: Any) -> dict[str, Any]:
    if document is None:
        return {}
    return {
        "title": _clean(getattr(document, "title", None)),
        "author": _clean(getattr(document, "author", None)),
        "published": _date(getattr(document, "date", None)),
        "outlet": _clean(getattr(document, "sitename", None)),
        "url": _clean(getattr(document, "url", None)),
    }


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _baseline(html: str) -> str:
    try:
        from trafilatura import baseline

        _tree, text, _length = baseline(html)
    except Exception:  # fenced third-party extractor
        logger.warning("trafilatura baseline failed on a page", exc_info=True)
        return ""
    return str(text or "").strip()


def _page_text(html: str) -> str:
    try:
        from lxml import html as lxml_html

        tree = lxml_html.fromstring(html)
        for bad in tree.xpath("//script|//style|//noscript|//template"):
            bad.drop_tree()
        body = tree.find("body")
        node = body if body is not None else tree
        text = node.text_content()
    except Exception:  # fenced: malformed markup yields nothing
        logger.warning("lxml could not read a page", exc_info=True)
        return ""
    return "\n".join(line.strip() for line in str(text).splitlines() if line.strip())
