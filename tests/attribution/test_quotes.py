"""Quotation spans."""

from __future__ import annotations

from claimgraph.attribution.quotes import block_statement, find_quotes


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


def test_block_statement_after_speaker_line() -> None:
    text = (
        "The minister said:\n\nWe welcome the agreement. It is a first step.\n\n"
        "Both sides must now act.\n\nFurther information\n\nFollow us online."
    )
    span = block_statement(text, text.index(":") + 1)
    assert span is not None
    assert text[span[0] : span[1]] == (
        "We welcome the agreement. It is a first step.\n\nBoth sides must now act."
    )


def test_block_statement_stops_at_next_speaker_and_needs_line_end() -> None:
    text = "A said:\n\nFirst point.\n\nB said:\n\nSecond point."
    span = block_statement(text, text.index(":") + 1)
    assert span is not None and text[span[0] : span[1]] == "First point."
    inline = "The aim: peace."
    assert block_statement(inline, inline.index(":") + 1) is None
