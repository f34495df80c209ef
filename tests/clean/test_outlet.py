"""The outlet of a page from its URL."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.bbc.co.uk/news/world-1", "bbc.co.uk"),
        ("http://edition.cnn.com/2024/story", "cnn.com"),
        ("https://news.example.com.au/x", "example.com.au"),
        ("not a url", None),
        (None, None),
    ],
)
def test_outlet_from_url_is_the_registered_domain(url: str | None, expected: str | None) -> None:
    from claimgraph.clean.outlet import outlet_from_url

    assert outlet_from_url(url) == expected


def test_outlet_falls_back_to_the_url_domain() -> None:
    from claimgraph.clean import clean_document
    from claimgraph.records import RawDocument

    text = "Negotiators met in Geneva on Tuesday to discuss the disputed frontier between them."
    raw = RawDocument(source="x", data=text.encode(), url="https://www.harbourpost.example.com/a")
    assert clean_document(raw).outlet == "example.com"
