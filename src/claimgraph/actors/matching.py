"""Surface-form index over the actor tables and the token-span matcher.

Matching is on the text of token spans, not on NER labels: the table forms are looked up
case-sensitively (after folding accents, curly quotes and whitespace), so the matcher works
the same over a spaCy ``Doc`` and over a free phrase cut by ``tokenize``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from claimgraph.actors.tables import StateName, Tables

Target = Literal["state", "org", "person", "title"]

#: Longest table form, in tokens ("Organization for Security and Co-operation in Europe" with
#: hyphens split is 9); spans longer than this are never looked up.
MAX_SPAN_TOKENS = 12

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "‐": "-", "–": "-"})
_SPACE_RE = re.compile(r"\s+")
ARTICLES = frozenset({"the", "The"})
#: Abbreviations with dots (U.S., U.N., D.C.), possessive 's, words, then any other character.
_TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|['’]s\b|[^\W_]+|\S", re.UNICODE)


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Fold accents, curly quotes and runs of whitespace; case is kept.

    Cached, with an ASCII fast path: the matcher normalizes every candidate span of every
    article, and most spans repeat and need no accent folding.
    """
    translated = text.translate(_QUOTES)
    if not translated.isascii():
        folded = unicodedata.normalize("NFKD", translated)
        translated = "".join(char for char in folded if not unicodedata.combining(char))
    return _SPACE_RE.sub(" ", translated).strip()


@dataclass(slots=True)
class TokenView:
    """What the matcher needs of a token; parse fields are empty for a plain phrase."""

    i: int
    start: int
    end: int
    text: str
    lemma: str = ""
    tag: str = ""
    pos: str = ""
    dep: str = ""
    head: int = -1
    ent: str = ""  # NER label
    ent_span: tuple[int, int] = (-1, -1)  # token range of the entity
    sent_start: bool = False
    sent_caps: bool = False  # the sentence is written in capitals (a headline)


@dataclass(frozen=True, slots=True)
class Entry:
    target: Target
    id: str  # ISO3, organization id, person id, or office code for a title
    via: str
    sector: str | None = None
    check: str = ""
    surname: bool = False  # a one-word alias of a person


@dataclass(slots=True)
class Match:
    start_i: int  # token range [start_i, end_i)
    end_i: int
    entries: list[Entry]


def tokenize(text: str) -> list[TokenView]:
    """Cut a phrase into token views (no parse) for ``lookup``."""
    return [
        TokenView(i=i, start=m.start(), end=m.end(), text=m.group(), sent_start=i == 0)
        for i, m in enumerate(_TOKEN_RE.finditer(text))
    ]


def _variants(form: str) -> set[str]:
    form = normalize(form)
    out = {form}
    if form[:1].islower():
        out.add(form[0].upper() + form[1:])
    if "-" in form:
        for variant in list(out):
            out.add(variant.replace("-", " "))
    return {variant for variant in out if variant}


def build_index(tables: Tables) -> dict[str, list[Entry]]:
    """Map every normalized surface form to its entries, most specific source first."""
    index: dict[str, list[Entry]] = {}

    def add(form: str, entry: Entry) -> None:
        for key in _variants(form):
            bucket = index.setdefault(key, [])
            if entry not in bucket:
                bucket.append(entry)

    curated = [name for name in tables.state_names if name.curated]
    seeded = [name for name in tables.state_names if not name.curated]
    # Curated state forms (metonyms, checked names) first, then organizations and persons,
    # then the seeded state names, then titles.
    for name in curated:
        add(name.text, Entry("state", name.iso3, name.via, name.sector, name.check))
    for org in tables.organizations.values():
        for form in (org.name, *org.aliases):
            add(form, Entry("org", org.id, "name" if form == org.name else "alias", org.sector))
    for person in tables.persons.values():
        for form in (person.name, *person.aliases):
            single = len(form.split()) == 1
            add(form, Entry("person", person.id, "name", person.sector, surname=single))
    seeded = [
        *(StateName(iso3, s.name, "name", None, "") for iso3, s in tables.states.items()),
        *seeded,
    ]
    for name in seeded:
        key_entries = index.get(normalize(name.text), [])
        if any(entry.target == "state" and entry.id == name.iso3 for entry in key_entries):
            continue
        add(name.text, Entry("state", name.iso3, name.via))
    for title, office in tables.titles.items():
        add(title, Entry("title", office, "title"))
    return index


#: Table forms are pre-filtered by their first characters (4 cuts lookups on a 1k-token news
#: article from ~12k to under 2k while keeping every form of 1-3 characters reachable).
PREFIX_CHARS = 4


def build_prefixes(index: dict[str, list[Entry]]) -> frozenset[str]:
    """The first ``PREFIX_CHARS`` characters of every table form (whole form when shorter)."""
    return frozenset(form[:PREFIX_CHARS] for form in index)


def find_matches(
    text: str,
    tokens: Sequence[TokenView],
    index: dict[str, list[Entry]],
    *,
    prefixes: frozenset[str],
    accept: Callable[[Entry, int, int], bool],
) -> list[Match]:
    """Greedy left-to-right longest matches of table forms over token spans.

    ``accept(entry, start_i, end_i)`` applies the context checks; a span whose entries are all
    refused is skipped so that a shorter span can match.
    """
    n = len(tokens)

    def longest(i: int) -> Match | None:
        if tokens[i].text.isspace():
            return None  # a match never starts on a whitespace token (paragraph breaks)
        head = normalize(text[tokens[i].start : tokens[i].start + PREFIX_CHARS + 2])
        if not any(head[:k] in prefixes for k in range(1, PREFIX_CHARS + 1)):
            return None  # no table form starts like this token: skip the span lookups
        for j in range(min(n, i + MAX_SPAN_TOKENS), i, -1):
            if tokens[j - 1].text.isspace():
                continue
            entries = index.get(normalize(text[tokens[i].start : tokens[j - 1].end]))
            if not entries:
                continue
            kept = [entry for entry in entries if accept(entry, i, j)]
            if kept:
                return Match(i, j, kept)
        return None

    matches: list[Match] = []
    i = 0
    while i < n:
        match = longest(i)
        if match is not None and tokens[i].text in ARTICLES and i + 1 < n:
            inner = longest(i + 1)  # "the U.N. Security Council" beats "the U.N."
            if inner is not None and inner.end_i > match.end_i:
                match = inner
        if match is None:
            i += 1
            continue
        matches.append(match)
        i = match.end_i
    return matches
