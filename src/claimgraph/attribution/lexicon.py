"""The attribution cue tables: reporting verbs, cue phrases, unnamed-source and outlet nouns.

Each table is a TSV file with a header row under ``claimgraph/data/attribution/``, loaded once
per process and validated row by row (a bad row raises ``DataTableError``).
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from claimgraph.errors import DataTableError
from claimgraph.vocab import CueKind

logger = logging.getLogger(__name__)

_PACKAGE = "claimgraph"

ContentFrame = Literal["complement", "quote", "raising"]


@dataclass(frozen=True, slots=True)
class CueEntry:
    """A reporting verb: its lemma, how it positions the source, what content it takes.

    ``content`` is ``complement`` when any complement (clause, infinitive, object) or a
    quotation counts as content ("said that ...", "denied the report", "said: “...”"), and
    ``quote`` when only a quotation does ("“…,” he continued", but not "prices continued to
    rise"), and ``raising`` for verbs whose subject belongs to the content and whose source is
    unexpressed ("the talks appear to have stalled": content "the talks … to have stalled").
    """

    lemma: str
    kind: CueKind
    content: ContentFrame


@dataclass(frozen=True, slots=True)
class CueLexicon:
    verbs: dict[str, CueEntry]
    phrases: dict[tuple[str, ...], CueKind]  # lower-cased word tuples: ("according", "to")
    unnamed_nouns: frozenset[str]
    outlet_nouns: frozenset[str]  # "interview", "statement": "in an interview with X"
    media_nouns: frozenset[str]  # "newspaper", "news source": marks an outlet description
    prep_complements: frozenset[tuple[str, str]]  # ("refer", "to"): "referred to the deal"
    #: verbs that take a clause without attributing it ("ensure that", "means that")
    non_cue_clause_verbs: frozenset[str]
    #: nouns that name an act of saying or an attitude ("statement", "concern", "view")
    cue_nouns: dict[str, CueKind]
    #: cues of attitude or intention ("wants", "plans", "praised", "refused"), not of a report:
    #: attributions for PolNeAR-style scoring, but never a link of a claim's evidence chain
    non_evidential: frozenset[str] = frozenset()


def read_table(name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of ``data/attribution/<name>`` as dicts, checking the header and empty cells."""
    path = resources.files(_PACKAGE).joinpath("data").joinpath("attribution").joinpath(name)
    text = path.read_text(encoding="utf-8")
    return parse_rows(text, table=f"attribution/{name}", columns=columns)


def parse_rows(text: str, *, table: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Parse a TSV table with a header row; every row must fill every column."""
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header is None or tuple(header) != columns:
        raise DataTableError(table=table, row=1, detail=f"header must be {'/'.join(columns)}")
    rows: list[dict[str, str]] = []
    for line_no, cells in enumerate(reader, start=2):
        if not cells:
            continue
        if len(cells) != len(columns) or any(not cell.strip() for cell in cells):
            raise DataTableError(
                table=table, row=line_no, detail=f"expected {len(columns)} non-empty cells"
            )
        rows.append({col: cell.strip() for col, cell in zip(columns, cells, strict=True)})
    return rows


def _cue_kind(value: str, *, table: str, row: int) -> CueKind:
    try:
        return CueKind(value)
    except ValueError as err:
        choices = ", ".join(kind.value for kind in CueKind)
        raise DataTableError(
            table=table, row=row, detail=f"unknown cue kind '{value}'; choose from {choices}"
        ) from err


@lru_cache(maxsize=1)
def load_lexicon() -> CueLexicon:
    """The cue lexicon (loaded once per process)."""
    verbs: dict[str, CueEntry] = {}
    for row_no, row in enumerate(read_table("cues.tsv", ("lemma", "kind", "content")), start=2):
        frame = _content_frame(row["content"], row=row_no)
        kind = _cue_kind(row["kind"], table="attribution/cues.tsv", row=row_no)
        verbs[row["lemma"].lower()] = CueEntry(row["lemma"].lower(), kind, frame)
    phrases: dict[tuple[str, ...], CueKind] = {}
    for row_no, row in enumerate(read_table("phrases.tsv", ("phrase", "kind")), start=2):
        words = tuple(row["phrase"].lower().split())
        phrases[words] = _cue_kind(row["kind"], table="attribution/phrases.tsv", row=row_no)
    unnamed = frozenset(r["lemma"].lower() for r in read_table("unnamed_sources.tsv", ("lemma",)))
    outlets = frozenset(r["lemma"].lower() for r in read_table("outlet_nouns.tsv", ("lemma",)))
    media = frozenset(r["lemma"].lower() for r in read_table("media_nouns.tsv", ("lemma",)))
    preps = frozenset(
        (r["lemma"].lower(), r["prep"].lower())
        for r in read_table("prep_complements.tsv", ("lemma", "prep"))
    )
    non_cue = frozenset(
        r["lemma"].lower() for r in read_table("non_cue_clause_verbs.tsv", ("lemma",))
    )
    nouns: dict[str, CueKind] = {}
    for row_no, row in enumerate(read_table("cue_nouns.tsv", ("lemma", "kind")), start=2):
        nouns[row["lemma"].lower()] = _cue_kind(
            row["kind"], table="attribution/cue_nouns.tsv", row=row_no
        )
    non_evidential = frozenset(
        r["lemma"].lower() for r in read_table("non_evidential.tsv", ("lemma",))
    )
    logger.debug("loaded %d cue verbs and %d cue phrases", len(verbs), len(phrases))
    return CueLexicon(
        verbs=verbs,
        phrases=phrases,
        unnamed_nouns=unnamed,
        outlet_nouns=outlets,
        media_nouns=media,
        prep_complements=preps,
        non_cue_clause_verbs=non_cue,
        cue_nouns=nouns,
        non_evidential=non_evidential,
    )


def _content_frame(value: str, *, row: int) -> ContentFrame:
    frames: tuple[ContentFrame, ...] = ("complement", "quote", "raising")
    for frame in frames:
        if value == frame:
            return frame
    raise DataTableError(
        table="attribution/cues.tsv", row=row, detail=f"content must be one of {'/'.join(frames)}"
    )
