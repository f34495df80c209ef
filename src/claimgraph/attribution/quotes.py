"""Quotation spans in a text: curly and straight double quotes, across sentences.

Only double quotation marks delimit a quotation. ``’`` is an apostrophe ("It’s") or closes a
nested single quote, so single marks never open or close a top-level quotation.
"""

from __future__ import annotations

OPEN_CURLY = "“"
CLOSE_CURLY = "”"
STRAIGHT = '"'

#: A quotation left open for longer than this many characters is dropped as unbalanced (a
#: missing closing mark). Hand-set well above a several-paragraph quote; not swept.
MAX_QUOTE_CHARS = 4000


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Half-open character spans of quotations, each including its quotation marks.

    Curly quotes pair by direction; straight quotes pair in order. A paragraph that opens a new
    quotation while the previous one is still open (the convention for multi-paragraph quotes)
    keeps the quotation going: only the final closing mark ends it.
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    open_char = ""
    for i, char in enumerate(text):
        if char == OPEN_CURLY or (char == STRAIGHT and open_at is None):
            if open_at is not None and i - open_at > MAX_QUOTE_CHARS:
                open_at = None
            if open_at is None:
                open_at, open_char = i, char
            continue
        if open_at is None:
            continue
        closes = (char == CLOSE_CURLY and open_char == OPEN_CURLY) or (
            char == STRAIGHT and open_char == STRAIGHT
        )
        if closes:
            if i - open_at <= MAX_QUOTE_CHARS:
                spans.append((open_at, i + 1))
            open_at = None
    return spans
