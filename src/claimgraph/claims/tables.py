"""The claims stage's data tables: verb classes, nominalizations, mode cues, light verbs.

Each table is a TSV file with a header row under ``claimgraph/data/claims/``, loaded once
(``functools.lru_cache``) and validated row by row; a bad row raises ``DataTableError``.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from claimgraph.errors import DataTableError
from claimgraph.vocab import PloverType

logger = logging.getLogger(__name__)

_PACKAGE = "claimgraph"
_FOLDER = "data/claims"


@dataclass(frozen=True, slots=True)
class VerbClass:
    """A verb lemma that triggers an event of ``type`` (default ``mode``)."""

    lemma: str
    type: PloverType
    mode: str | None
    recipient: bool  # the dative / "to" object is the patient (supply, deliver, sell)
    cameo: str | None  # the CAMEO code the row was seeded from


@dataclass(frozen=True, slots=True)
class PhrasalVerb:
    """A verb with a particle, preposition or fixed object that changes its event type
    ("call for" is an appeal, not a phone call; "open fire" is an assault)."""

    lemma: str
    particle: str
    type: PloverType
    mode: str | None
    recipient: bool
    cameo: str | None


@dataclass(frozen=True, slots=True)
class NounClass:
    """A nominalization ("invasion", "support") and the prepositions that mark its patient."""

    noun: str
    type: PloverType
    mode: str | None
    patient_preps: frozenset[str]
    cameo: str | None


@dataclass(frozen=True, slots=True)
class ModeCue:
    """A context word that sets the type and mode of predicates of the listed types."""

    cue: str
    applies_to: frozenset[PloverType]
    type: PloverType
    mode: str


def _read_rows(name: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    text = resources.files(_PACKAGE).joinpath(_FOLDER).joinpath(name).read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    if tuple(reader.fieldnames or ()) != columns:
        raise DataTableError(
            table=name, row=1, detail=f"header {reader.fieldnames!r}, expected {list(columns)}"
        )
    rows: list[tuple[int, dict[str, str]]] = []
    for line_no, row in enumerate(reader, start=2):
        if None in row or any(value is None for value in row.values()):
            raise DataTableError(
                table=name, row=line_no, detail=f"expected {len(columns)} tab-separated fields"
            )
        rows.append((line_no, {key: value.strip() for key, value in row.items()}))
    return rows


def _plover(value: str, *, table: str, row: int) -> PloverType:
    try:
        return PloverType(value)
    except ValueError as err:
        choices = ", ".join(member.value for member in PloverType)
        raise DataTableError(
            table=table, row=row, detail=f"unknown PLOVER type {value!r}; valid: {choices}"
        ) from err


def _word(value: str, *, table: str, row: int) -> str:
    if not value or value != value.lower() or " " in value:
        raise DataTableError(table=table, row=row, detail=f"{value!r} must be one lower-case word")
    return value


@lru_cache(maxsize=1)
def load_verb_classes() -> dict[str, VerbClass]:
    """``verb_classes.tsv``: verb lemma -> class."""
    table = "verb_classes.tsv"
    out: dict[str, VerbClass] = {}
    for row_no, row in _read_rows(table, ("lemma", "type", "mode", "recipient", "cameo")):
        lemma = _word(row["lemma"], table=table, row=row_no)
        if lemma in out:
            raise DataTableError(table=table, row=row_no, detail=f"duplicate lemma {lemma!r}")
        if row["recipient"] not in ("yes", "no"):
            raise DataTableError(table=table, row=row_no, detail="recipient must be yes or no")
        out[lemma] = VerbClass(
            lemma=lemma,
            type=_plover(row["type"], table=table, row=row_no),
            mode=row["mode"] or None,
            recipient=row["recipient"] == "yes",
            cameo=row["cameo"] or None,
        )
    return out


@lru_cache(maxsize=1)
def load_phrasal_verbs() -> dict[tuple[str, str], PhrasalVerb]:
    """``phrasal_verbs.tsv``: (verb lemma, particle word) -> class."""
    table = "phrasal_verbs.tsv"
    out: dict[tuple[str, str], PhrasalVerb] = {}
    columns = ("lemma", "particle", "type", "mode", "recipient", "cameo")
    for row_no, row in _read_rows(table, columns):
        lemma = _word(row["lemma"], table=table, row=row_no)
        particle = _word(row["particle"], table=table, row=row_no)
        if (lemma, particle) in out:
            raise DataTableError(
                table=table, row=row_no, detail=f"duplicate entry {lemma!r} {particle!r}"
            )
        if row["recipient"] not in ("yes", "no"):
            raise DataTableError(table=table, row=row_no, detail="recipient must be yes or no")
        out[(lemma, particle)] = PhrasalVerb(
            lemma=lemma,
            particle=particle,
            type=_plover(row["type"], table=table, row=row_no),
            mode=row["mode"] or None,
            recipient=row["recipient"] == "yes",
            cameo=row["cameo"] or None,
        )
    return out


@lru_cache(maxsize=1)
def load_noun_classes() -> dict[str, NounClass]:
    """``nominalizations.tsv``: noun (lemma or plural form) -> class."""
    table = "nominalizations.tsv"
    out: dict[str, NounClass] = {}
    for row_no, row in _read_rows(table, ("noun", "type", "mode", "patient_preps", "cameo")):
        noun = _word(row["noun"], table=table, row=row_no)
        if noun in out:
            raise DataTableError(table=table, row=row_no, detail=f"duplicate noun {noun!r}")
        preps = frozenset(p for p in row["patient_preps"].split(",") if p)
        out[noun] = NounClass(
            noun=noun,
            type=_plover(row["type"], table=table, row=row_no),
            mode=row["mode"] or None,
            patient_preps=preps,
            cameo=row["cameo"] or None,
        )
    return out


@lru_cache(maxsize=1)
def load_mode_cues() -> tuple[ModeCue, ...]:
    """``modes.tsv``: context cues in file order (the first matching row wins)."""
    table = "modes.tsv"
    out: list[ModeCue] = []
    for row_no, row in _read_rows(table, ("cue", "applies_to", "type", "mode")):
        applies = frozenset(
            _plover(v, table=table, row=row_no) for v in row["applies_to"].split(",") if v
        )
        if not applies or not row["mode"]:
            raise DataTableError(table=table, row=row_no, detail="applies_to and mode required")
        out.append(
            ModeCue(
                cue=_word(row["cue"], table=table, row=row_no),
                applies_to=applies,
                type=_plover(row["type"], table=table, row=row_no),
                mode=row["mode"],
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def load_light_verbs() -> dict[str, frozenset[PloverType]]:
    """``light_verbs.tsv``: verb lemma -> the noun types it lends itself to."""
    table = "light_verbs.tsv"
    out: dict[str, frozenset[PloverType]] = {}
    for row_no, row in _read_rows(table, ("lemma", "noun_types")):
        lemma = _word(row["lemma"], table=table, row=row_no)
        types = frozenset(
            _plover(v, table=table, row=row_no) for v in row["noun_types"].split(",") if v
        )
        if not types:
            raise DataTableError(table=table, row=row_no, detail="noun_types is empty")
        out[lemma] = types
    return out


#: Sector codes are three upper-case letters (PLOVER/CAMEO agent codes: GOV, CVL, OPP, ...).
_SECTOR_CODE_LENGTH = 3


@lru_cache(maxsize=1)
def load_collective_nouns() -> dict[str, str]:
    """``collective_nouns.tsv``: singular nouns that name acting people ("the international
    community", "the secretary"), lemma -> sector; plural agent nouns need no entry."""
    table = "collective_nouns.tsv"
    out: dict[str, str] = {}
    for row_no, row in _read_rows(table, ("noun", "sector")):
        noun = _word(row["noun"], table=table, row=row_no)
        sector = row["sector"]
        if len(sector) != _SECTOR_CODE_LENGTH or not sector.isalpha() or not sector.isupper():
            raise DataTableError(table=table, row=row_no, detail=f"bad sector code {sector!r}")
        out[noun] = sector
    return out


@dataclass(frozen=True, slots=True)
class StanceVerb:
    """A verb of feeling whose experiencer takes a stance toward its cause: "was appalled
    by the crackdown" (the experiencer accuses the cause's actor)."""

    lemma: str
    type: PloverType
    cameo: str | None


@lru_cache(maxsize=1)
def load_stance_verbs() -> dict[str, StanceVerb]:
    """``stance_verbs.tsv``: verb lemma -> the event its experiencer does to the cause."""
    table = "stance_verbs.tsv"
    out: dict[str, StanceVerb] = {}
    for row_no, row in _read_rows(table, ("lemma", "type", "cameo")):
        lemma = _word(row["lemma"], table=table, row=row_no)
        if lemma in out:
            raise DataTableError(table=table, row=row_no, detail=f"duplicate lemma {lemma!r}")
        out[lemma] = StanceVerb(
            lemma=lemma,
            type=_plover(row["type"], table=table, row=row_no),
            cameo=row["cameo"] or None,
        )
    return out
