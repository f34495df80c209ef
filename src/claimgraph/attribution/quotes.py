"""Quotation spans in a text: curly and straight double quotes, across sentences.

Only double quotation marks delimit a quotation. ``’`` is an apostrophe ("It’s") or closes a
nested single quote, so single marks never open or close a top-level quotation.
"""

from __future__ import annotations

import re

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


#: A block statement ends before a line that does not end like a sentence (a heading such
#: as "Further information") or that opens another speaker's block ("… said:").
_SENTENCE_LINE_END = re.compile(r"[.!?\"”’)\]]\s*$")
_BLOCK_HEADER = re.compile(r":\s*$")
_QUOTE_CHARS = (OPEN_CURLY, CLOSE_CURLY, STRAIGHT)


def block_statement(text: str, colon_end: int) -> tuple[int, int] | None:
    """The statement a speaker line introduces without quotation marks.

    Government releases print "Foreign Office Minister Tobias Ellwood said:" at the end of a
    paragraph and the minister's words as the paragraphs that follow. ``colon_end`` is the
    offset just after that colon; the statement is every following paragraph up to a
    heading-like line, another speaker's colon line, a later paragraph holding quotation
    marks (news narration resuming around a quote), or ``MAX_QUOTE_CHARS``. ``None`` when the
    colon does not end its line.
    """
    line_end = text.find("\n", colon_end)
    if line_end == -1 or text[colon_end:line_end].strip():
        return None
    start: int | None = None
    end = line_end
    pos = line_end + 1
    while pos < len(text):
        nxt = text.find("\n", pos)
        nxt = len(text) if nxt == -1 else nxt
        line = text[pos:nxt].strip()
        if line:
            if _BLOCK_HEADER.search(line) or not _SENTENCE_LINE_END.search(line):
                break
            if start is not None and any(mark in line for mark in _QUOTE_CHARS):
                break  # the narration resumes ("…,” he said.): the statement has ended
            if start is None:
                start = pos + (len(text[pos:nxt]) - len(text[pos:nxt].lstrip()))
            if nxt - start > MAX_QUOTE_CHARS:
                break
            end = pos + len(text[pos:nxt].rstrip())
        pos = nxt + 1
    return (start, end) if start is not None else None
