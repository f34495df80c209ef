"""The outlet of a page from its URL: the registered domain ("bbc.co.uk", "reuters.com").

Uses tldextract with the public-suffix snapshot bundled in the package; it never fetches the
live list (no network at run time).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _extractor() -> Any:
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def outlet_from_url(url: str | None) -> str | None:
    """The registered domain of ``url`` ("www.bbc.co.uk/news/x" -> "bbc.co.uk"), or ``None``."""
    if not url or "." not in url:
        return None
    parts = _extractor()(url)
    domain = str(parts.domain or "")
    suffix = str(parts.suffix or "")
    if not domain or not suffix:
        return None
    return f"{domain}.{suffix}".lower()
