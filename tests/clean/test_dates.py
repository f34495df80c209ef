"""Date lines in plain-text scrapes."""

from __future__ import annotations

import datetime as dt

import pytest

from claimgraph.clean.dates import parse_date_line
from claimgraph.clean.lines import LineCleaner


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("September 11, 2024", dt.date(2024, 9, 11)),
        ("Sept. 11, 2024", dt.date(2024, 9, 11)),
        ("11 September 2024", dt.date(2024, 9, 11)),
        ("Published: 11 Sep 2024 10:32 GMT", dt.date(2024, 9, 11)),
        ("Updated on Wednesday, 2024-09-11", dt.date(2024, 9, 11)),
        ("Posted 03/04/2025", dt.date(2025, 4, 3)),
    ],
)
def test_dates_line_is_a_date(line: str, expected: dt.date) -> None:
    assert parse_date_line(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "The talks resumed on September 11, 2024 in Doha.",
        "Ceasefire Holds",
        "By Jane Doe, September 11, 2024 and more",
        "2024 in review",
    ],
)
def test_dates_line_with_more_than_a_date_is_not(line: str) -> None:
    assert parse_date_line(line) is None


def test_dates_cleaner_takes_the_date_line_out_of_the_body() -> None:
    text = (
        "Border Talks Resume\n\nBy Ana Ruiz\n\nMarch 4, 2025\n\n"
        "Negotiators from both countries met in Geneva on Tuesday to discuss the frontier.\n\n"
        "The talks will continue next week, officials said after the first session ended."
    )
    cleaned = LineCleaner().clean(text)
    assert cleaned.published == dt.date(2025, 3, 4)
    assert "March 4, 2025" not in cleaned.text
    assert cleaned.text.startswith("Negotiators")
