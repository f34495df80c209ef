"""The cleaner's cue tables (``claimgraph/data/clean/*.tsv``), loaded once and validated."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from claimgraph.errors import DataTableError

PACKAGE = "claimgraph.data.clean"
MATCH_KINDS = frozenset({"full", "search"})


@dataclass(frozen=True, slots=True)
class FurnitureRule:
    """A furniture pattern: ``full`` must match the whole line, ``search`` anywhere in it.

    ``max_words`` bounds the line length the rule may remove (0: no bound), so a long
    prose line that mentions, say, a photo agency is not taken for a credit line.
    """

    reason: str
    match: str
    max_words: int
    pattern: re.Pattern[str]

    def applies(self, line: str, n_words: int) -> bool:
        if self.max_words and n_words > self.max_words:
            return False
        if self.match == "full":
            return self.pattern.fullmatch(line) is not None
        return self.pattern.search(line) is not None


@dataclass(frozen=True, slots=True)
class AuthorRule:
    reason: str
    pattern: re.Pattern[str]


def _rows(table: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    text = resources.files(PACKAGE).joinpath(table).read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    if tuple(reader.fieldnames or ()) != columns:
        raise DataTableError(
            table=table,
            row=1,
            detail=f"header must be {list(columns)}, not {reader.fieldnames}",
        )
    rows = []
    for number, row in enumerate(reader, start=2):
        if any(row.get(column) in (None, "") for column in columns):
            raise DataTableError(table=table, row=number, detail=f"empty cell in {row}")
        rows.append((number, row))
    return rows


def _compile(table: str, row: int, pattern: str, flags: int) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as err:
        raise DataTableError(table=table, row=row, detail=f"bad pattern: {err}") from err


@lru_cache(maxsize=1)
def furniture_rules() -> tuple[FurnitureRule, ...]:
    table = "furniture.tsv"
    rules = []
    for number, row in _rows(table, ("reason", "match", "max_words", "pattern")):
        if row["match"] not in MATCH_KINDS:
            raise DataTableError(
                table=table, row=number, detail=f"match must be one of {sorted(MATCH_KINDS)}"
            )
        if not row["max_words"].isdigit():
            raise DataTableError(table=table, row=number, detail="max_words must be an integer")
        rules.append(
            FurnitureRule(
                reason=row["reason"],
                match=row["match"],
                max_words=int(row["max_words"]),
                pattern=_compile(table, number, row["pattern"], re.IGNORECASE),
            )
        )
    return tuple(rules)


@lru_cache(maxsize=1)
def section_cues() -> dict[str, str]:
    """Teaser-block headings ("latest posts", "related"), lowercased, to their reason."""
    return {
        row["cue"].lower(): row["reason"]
        for _n, row in _rows("section_cues.tsv", ("cue", "reason"))
    }


@lru_cache(maxsize=1)
def author_rules() -> tuple[AuthorRule, ...]:
    table = "author_cues.tsv"
    rules = []
    for number, row in _rows(table, ("reason", "pattern")):
        pattern = _compile(table, number, row["pattern"], 0)
        if "name" not in pattern.groupindex:
            raise DataTableError(table=table, row=number, detail="pattern needs a (?P<name>) group")
        rules.append(AuthorRule(reason=row["reason"], pattern=pattern))
    return tuple(rules)


@lru_cache(maxsize=1)
def agencies() -> dict[str, str]:
    """News-agency names as datelines write them ("AP") to the outlet ("Associated Press")."""
    return {row["agency"]: row["outlet"] for _n, row in _rows("agencies.tsv", ("agency", "outlet"))}


@lru_cache(maxsize=1)
def sentence_openers() -> frozenset[str]:
    """Words that open a sentence (lowercase): a glued heading is split before one of them."""
    table = "sentence_openers.tsv"
    words = set()
    for number, row in _rows(table, ("word",)):
        word = row["word"].strip().lower()
        if not word.isalpha():
            raise DataTableError(table=table, row=number, detail=f"not a word: {word!r}")
        words.add(word)
    return frozenset(words)
