"""The line-level cleaner for plain-text scrapes.

A scrape of a news page keeps the page's furniture as lines of text: analytics and ad
placeholders, photo credits and image ids, share/subscribe/cookie prompts, "Latest Posts" and
"Related" teaser blocks (a title and a snippet cut off with "..."), author boxes, and headings
glued to the next paragraph when the markup was stripped. ``LineCleaner.clean`` removes them,
says why for each removed line, and recovers the title and author where the scrape shows them.

Steps, in order (each only looks at lines the earlier ones kept):

1. furniture patterns from ``data/clean/furniture.tsv``;
2. author lines ("By NAME", "Read more from NAME") from ``author_cues.tsv``;
3. repeated lines (the second and later copies of a line);
4. teaser blocks: a heading from ``section_cues.tsv`` and the non-prose lines after it, and
   snippets cut off with an ellipsis with their title line;
5. glued headings: "...Military AffairsThere is a concept..." loses its heading prefix;
6. date lines (a line that is only a date): removed, the first one is the publication date;
7. the body region: from the first to the last prose line; short lines before it are page
   header (the first headline-like one is the title), short lines after it are footer, and
   short lines inside it stay only when they look like section headings.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from claimgraph.clean.dates import parse_date_line
from claimgraph.clean.tables import (
    author_rules,
    furniture_rules,
    section_cues,
    sentence_openers,
)

#: A prose line has at least this many words and ends like a sentence. Swept 4-8 on the AEB
#: line labels (lines_aeb): boilerplate F1 0.925-0.929, nearly flat; 6 keeps short
#: sentences of real articles.
PROSE_MIN_WORDS = 6
#: Lines this long are prose even without final punctuation (long list items, captions cut
#: off). Swept 15-40 on lines_aeb: F1 0.917 (15), 0.924 (20), 0.927 (25), 0.928 (30, 40);
#: 25 keeps long unpunctuated content lines.
LONG_LINE_WORDS = 25
#: Longest line read as a date line ("Published: Wednesday, 11 September 2024 10:32 GMT").
DATE_LINE_MAX_WORDS = 10
#: Longest line read as a headline or section heading.
HEADING_MAX_WORDS = 20
#: Shortest title kept: shorter first lines are site names or sections.
TITLE_MIN_WORDS = 3
#: A teaser snippet (a cut-off summary) has at least this many words before its ellipsis.
TEASER_MIN_WORDS = 4
#: A teaser title (the line before a snippet) has at most this many words.
TEASER_TITLE_MAX_WORDS = 20

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000]+")
_TERMINAL = re.compile(r"""[.!?:;]["'”’»)\]]*$|["”’»]$""")
_ELLIPSIS = re.compile(r"(\.\s?\.\s?\.|…)\s*[\])»”\"']*$")
_WORD = re.compile(r"\w+")
# "...Military AffairsThere is a concept...": a run of capitalized words glued to a sentence
_GLUED = re.compile(
    r"^(?P<head>(?:[A-Z0-9][\w'’&-]*\s+){1,9}?[A-Z][\w'’&-]*?[a-z])"
    r"(?P<rest>[A-Z][a-z]+\b.*)$"
)
_HEADING_WORD = re.compile(r"^[A-Z0-9\"'“‘(]")


def normalize_line(line: str) -> str:
    """NFC, one space between words, no leading/trailing space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", line)).strip()


def count_words(line: str) -> int:
    return len(_WORD.findall(line))


def is_prose(line: str, n_words: int | None = None) -> bool:
    """A sentence-like line: long enough and ending like a sentence (or simply long)."""
    n_words = count_words(line) if n_words is None else n_words
    if _ELLIPSIS.search(line):
        return n_words >= LONG_LINE_WORDS * 2
    if n_words >= LONG_LINE_WORDS:
        return True
    return n_words >= PROSE_MIN_WORDS and _TERMINAL.search(line) is not None


def _key(line: str) -> str:
    return " ".join(_WORD.findall(line.lower()))


def _is_heading_like(line: str, n_words: int) -> bool:
    if not 1 <= n_words <= HEADING_MAX_WORDS or _ELLIPSIS.search(line):
        return False
    if line.endswith((".", ",", ";")):
        return False
    return _HEADING_WORD.match(line) is not None


def split_glued_heading(line: str) -> tuple[str, str] | None:
    """``(heading, rest)`` when a heading is glued to the sentence after it, else None."""
    match = _GLUED.match(line)
    if match is None:
        return None
    head, rest = match.group("head"), match.group("rest")
    first_word = rest.split(" ", 1)[0]
    if not is_prose(rest) or count_words(rest) < PROSE_MIN_WORDS:
        return None
    head_words = head.split()
    openers = sentence_openers()
    opener = first_word.lower().strip(",;:") in openers
    if not opener and len(head_words) < 3:
        return None
    if not all(_HEADING_WORD.match(word) or word.lower() in openers for word in head_words):
        return None
    return head.strip(), rest


@dataclass(slots=True)
class CleanedText:
    """The cleaner's result: the body, what it recovered, and each removed line with why."""

    text: str
    title: str | None = None
    author: str | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)
    published: dt.date | None = None  # from a date line of its own, when the scrape shows one


@dataclass(slots=True)
class _Line:
    text: str
    n_words: int
    reason: str | None = None


class LineCleaner:
    """Removes page furniture from a plain-text scrape, line by line (see the module doc)."""

    def clean(self, text: str) -> CleanedText:
        lines = [
            _Line(line, count_words(line))
            for line in (normalize_line(raw) for raw in text.splitlines())
            if line
        ]
        author = self._mark_furniture(lines)
        self._mark_repeats(lines)
        self._mark_teasers(lines)
        removed: list[tuple[str, str]] = []
        self._split_glued(lines, removed)
        published = self._mark_dates(lines)
        title = self._mark_region(lines)
        paragraphs = []
        for line in lines:
            if line.reason is None:
                paragraphs.append(line.text)
            else:
                removed.append((line.text, line.reason))
        return CleanedText(
            text="\n\n".join(paragraphs),
            title=title,
            author=author,
            removed=removed,
            published=published,
        )

    def decide(self, raw_lines: Sequence[str]) -> list[str | None]:
        """For each of ``raw_lines``, the reason it is removed (None: kept; "empty" if blank)."""
        normalized = [normalize_line(raw) for raw in raw_lines]
        lines = [_Line(line, count_words(line)) for line in normalized if line]
        self._mark_furniture(lines)
        self._mark_repeats(lines)
        self._mark_teasers(lines)
        self._split_glued(lines, [])
        self._mark_dates(lines)
        self._mark_region(lines)
        reasons = iter(line.reason for line in lines)
        return [next(reasons) if line else "empty" for line in normalized]

    # -- steps ---------------------------------------------------------------------------

    @staticmethod
    def _mark_furniture(lines: list[_Line]) -> str | None:
        rules = furniture_rules()
        authors = author_rules()
        author = None
        for line in lines:
            for rule in rules:
                if rule.applies(line.text, line.n_words):
                    line.reason = rule.reason
                    break
            if line.reason is not None or line.n_words > HEADING_MAX_WORDS:
                continue
            for author_rule in authors:
                match = author_rule.pattern.match(line.text)
                if match is not None:
                    line.reason = author_rule.reason
                    author = author or match.group("name").strip()
                    break
        return author

    @staticmethod
    def _mark_repeats(lines: list[_Line]) -> None:
        seen: set[str] = set()
        for line in lines:
            key = _key(line.text)
            if not key:
                line.reason = line.reason or "no-words"
                continue
            if key in seen:
                line.reason = line.reason or "repeated"
            seen.add(key)

    @staticmethod
    def _mark_teasers(lines: list[_Line]) -> None:
        cues = section_cues()
        in_block = False
        for index, line in enumerate(lines):
            cue = cues.get(_key(line.text).replace(" s ", "'s "))
            if cue is None:
                cue = cues.get(line.text.lower().strip(" :|»›>-–—"))
            if cue is not None and line.n_words <= 6:
                line.reason = line.reason or cue
                in_block = True
                continue
            snippet = _ELLIPSIS.search(line.text) is not None and line.n_words >= TEASER_MIN_WORDS
            if snippet and not is_prose(line.text, line.n_words):
                line.reason = line.reason or "teaser"
                previous = lines[index - 1] if index else None
                if (
                    previous is not None
                    and previous.n_words <= TEASER_TITLE_MAX_WORDS
                    and not _TERMINAL.search(previous.text)
                ):
                    previous.reason = previous.reason or "teaser"
                continue
            if in_block:
                if is_prose(line.text, line.n_words) and line.n_words > TEASER_TITLE_MAX_WORDS:
                    in_block = False
                else:
                    line.reason = line.reason or "teaser"

    @staticmethod
    def _split_glued(lines: list[_Line], removed: list[tuple[str, str]]) -> None:
        for line in lines:
            if line.reason is not None:
                continue
            split = split_glued_heading(line.text)
            if split is None:
                continue
            heading, rest = split
            removed.append((heading, "glued-heading"))
            line.text = rest
            line.n_words = count_words(rest)

    @staticmethod
    def _mark_dates(lines: list[_Line]) -> dt.date | None:
        """Lines that are only a date are furniture; the first one is the publication date."""
        published = None
        for line in lines:
            if line.reason is not None or line.n_words > DATE_LINE_MAX_WORDS:
                continue
            date = parse_date_line(line.text)
            if date is not None:
                line.reason = "date-line"
                published = published or date
        return published

    @staticmethod
    def _mark_region(lines: list[_Line]) -> str | None:
        prose = [
            index
            for index, line in enumerate(lines)
            if line.reason is None and is_prose(line.text, line.n_words)
        ]
        title = None
        if not prose:
            for line in lines:
                if line.reason is None:
                    line.reason = "no-prose"
            return None
        first, last = prose[0], prose[-1]
        for index, line in enumerate(lines):
            if line.reason is not None or index in prose:
                continue
            if index < first:
                if (
                    title is None
                    and _is_heading_like(line.text, line.n_words)
                    and (line.n_words >= TITLE_MIN_WORDS)
                ):
                    title = line.text
                    line.reason = "title"
                else:
                    line.reason = "header"
            elif index > last:
                line.reason = "footer"
            elif not _is_heading_like(line.text, line.n_words) or not _next_is_prose(lines, index):
                line.reason = "short-line"
        return title


def _next_is_prose(lines: list[_Line], index: int) -> bool:
    for line in lines[index + 1 :]:
        if line.reason is None:
            return is_prose(line.text, line.n_words)
    return False
