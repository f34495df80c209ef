"""Quotation spans."""

from __future__ import annotations

from claimgraph.attribution.quotes import find_quotes


def test_quotes_curly_pairs_and_apostrophes() -> None:
    text = "He said “it’s done” and left. “Don’t go,” she said."
    spans = [text[a:b] for a, b in find_quotes(text)]
    assert spans == ["“it’s done”", "“Don’t go,”"]


def test_quotes_straight_pairs() -> None:
    text = 'A "first" and a "second" quote.'
    assert [text[a:b] for a, b in find_quotes(text)] == ['"first"', '"second"']


def test_quotes_multi_paragraph_convention() -> None:
    text = "“One paragraph.\n\n“Another paragraph.” Done."
    assert [text[a:b] for a, b in find_quotes(text)] == ["“One paragraph.\n\n“Another paragraph.”"]


def test_quotes_unbalanced_open_quote_is_dropped() -> None:
    assert find_quotes("“never closed " + "x" * 5000) == []
