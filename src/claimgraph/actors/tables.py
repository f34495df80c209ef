"""The curated actor tables: loaded once from package data, validated row by row.

Each table is a TSV file with a header row under ``claimgraph/data/actors/`` (see the README
there for columns and sources). A bad row raises ``DataTableError`` naming the table and row.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from claimgraph.errors import DataTableError
from claimgraph.vocab import ActorKind

logger = logging.getLogger(__name__)

DATA_DIR = "data/actors"  # under the claimgraph package

ISO3_RE = re.compile(r"^[A-Z]{3}$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SECTOR_RE = re.compile(r"^[A-Z]{3}$")

#: How a state surface form was reached (the ``Mention.via`` values a state table may give).
STATE_VIAS = frozenset({"name", "alias", "demonym", "capital", "metonym", "place"})
#: Context checks a state surface form may ask for (see ``resolver``).
CHECKS = frozenset({"", "person", "common"})
OFFICES = frozenset(
    {
        "president",
        "vice_president",
        "prime_minister",
        "chancellor",
        "foreign_minister",
        "defence_minister",
        "supreme_leader",
        "monarch",
        "crown_prince",
        "secretary_general",
        "director_general",
        "leader",
    }
)
ORG_KINDS = frozenset(
    {ActorKind.IGO, ActorKind.ARMED_GROUP, ActorKind.MEDIA, ActorKind.ORGANIZATION}
)


@dataclass(frozen=True, slots=True)
class StateRow:
    iso3: str
    iso2: str
    name: str


@dataclass(frozen=True, slots=True)
class StateName:
    iso3: str
    text: str
    via: str
    sector: str | None
    check: str
    curated: bool = False  # from the hand-edited table (wins over the seeded one)


@dataclass(frozen=True, slots=True)
class OrgRow:
    id: str
    name: str
    kind: ActorKind
    country: str | None
    sector: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: str
    name: str
    country: str | None
    sector: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OfficeRow:
    person_id: str
    office: str
    polity: str  # ISO3 or an organization id
    start: dt.date
    end: dt.date | None  # None: still in office

    def holds_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def distance(self, day: dt.date) -> int:
        """Days between ``day`` and the term (0 inside it)."""
        if day < self.start:
            return (self.start - day).days
        if self.end is not None and day >= self.end:
            return (day - self.end).days
        return 0


@dataclass(frozen=True, slots=True)
class Description:
    text: str
    kinds: frozenset[ActorKind]
    country: str | None
    plural: bool
    sector: str | None


@dataclass(frozen=True, slots=True)
class Tables:
    states: dict[str, StateRow]
    state_names: tuple[StateName, ...]
    organizations: dict[str, OrgRow]
    persons: dict[str, PersonRow]
    offices: tuple[OfficeRow, ...]
    titles: dict[str, str]
    sector_nouns: dict[str, str]
    descriptions: dict[str, Description]


def _rows(table: str, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number, {column: value}) for a TSV table, checking the header and width."""
    text = (
        resources.files("claimgraph").joinpath(DATA_DIR).joinpath(table).read_text(encoding="utf-8")
    )
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != columns:
        raise DataTableError(table=table, row=1, detail=f"header must be {'|'.join(columns)}")
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != len(columns):
            raise DataTableError(
                table=table, row=number, detail=f"{len(cells)} cells, expected {len(columns)}"
            )
        yield number, {col: cell.strip() for col, cell in zip(columns, cells, strict=True)}


def _sector(table: str, number: int, value: str) -> str | None:
    if not value:
        return None
    if not SECTOR_RE.match(value):
        raise DataTableError(table=table, row=number, detail=f"bad sector {value!r}")
    return value


def _date(table: str, number: int, value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise DataTableError(table=table, row=number, detail=f"bad date {value!r}") from err


def _aliases(value: str) -> tuple[str, ...]:
    return tuple(alias.strip() for alias in value.split("|") if alias.strip())


def _load_states() -> dict[str, StateRow]:
    table = "states.tsv"
    states: dict[str, StateRow] = {}
    for number, row in _rows(table, ("iso3", "iso2", "name")):
        if not ISO3_RE.match(row["iso3"]) or not row["name"]:
            raise DataTableError(table=table, row=number, detail="need an ISO3 code and a name")
        states[row["iso3"]] = StateRow(row["iso3"], row["iso2"], row["name"])
    return states


def _load_state_names(states: dict[str, StateRow]) -> tuple[StateName, ...]:
    names: list[StateName] = []
    for number, row in _rows("state_names.tsv", ("iso3", "text", "via")):
        if row["iso3"] not in states or row["via"] not in STATE_VIAS or not row["text"]:
            raise DataTableError(table="state_names.tsv", row=number, detail=str(row))
        names.append(StateName(row["iso3"], row["text"], row["via"], None, ""))
    table = "state_aliases.tsv"
    for number, row in _rows(table, ("iso3", "text", "via", "sector", "check")):
        if row["iso3"] not in states:
            raise DataTableError(table=table, row=number, detail=f"unknown ISO3 {row['iso3']}")
        if row["via"] not in STATE_VIAS or row["check"] not in CHECKS or not row["text"]:
            raise DataTableError(table=table, row=number, detail=f"bad via/check in {row}")
        sector = _sector(table, number, row["sector"])
        names.append(StateName(row["iso3"], row["text"], row["via"], sector, row["check"], True))
    return tuple(names)


def _load_organizations(states: dict[str, StateRow]) -> dict[str, OrgRow]:
    table = "organizations.tsv"
    orgs: dict[str, OrgRow] = {}
    columns = ("id", "name", "kind", "country", "sector", "aliases")
    for number, row in _rows(table, columns):
        if not SLUG_RE.match(row["id"]) or row["id"] in orgs or not row["name"]:
            raise DataTableError(table=table, row=number, detail=f"bad or repeated id {row['id']}")
        try:
            kind = ActorKind(row["kind"])
        except ValueError as err:
            raise DataTableError(table=table, row=number, detail=f"bad kind {row['kind']}") from err
        if kind not in ORG_KINDS:
            raise DataTableError(table=table, row=number, detail=f"kind {kind} not allowed")
        country = row["country"] or None
        if country is not None and country not in states:
            raise DataTableError(table=table, row=number, detail=f"unknown ISO3 {country}")
        orgs[row["id"]] = OrgRow(
            row["id"],
            row["name"],
            kind,
            country,
            _sector(table, number, row["sector"]),
            _aliases(row["aliases"]),
        )
    return orgs


def _load_persons(states: dict[str, StateRow]) -> dict[str, PersonRow]:
    table = "persons.tsv"
    persons: dict[str, PersonRow] = {}
    for number, row in _rows(table, ("id", "name", "country", "sector", "aliases")):
        if not SLUG_RE.match(row["id"]) or row["id"] in persons or not row["name"]:
            raise DataTableError(table=table, row=number, detail=f"bad or repeated id {row['id']}")
        country = row["country"] or None
        if country is not None and country not in states:
            raise DataTableError(table=table, row=number, detail=f"unknown ISO3 {country}")
        persons[row["id"]] = PersonRow(
            row["id"],
            row["name"],
            country,
            _sector(table, number, row["sector"]),
            _aliases(row["aliases"]),
        )
    return persons


def _load_offices(
    states: dict[str, StateRow], orgs: dict[str, OrgRow], persons: dict[str, PersonRow]
) -> tuple[OfficeRow, ...]:
    table = "offices.tsv"
    offices: list[OfficeRow] = []
    for number, row in _rows(table, ("person_id", "office", "polity", "start", "end")):
        if row["person_id"] not in persons:
            raise DataTableError(table=table, row=number, detail=f"unknown {row['person_id']}")
        if row["office"] not in OFFICES:
            raise DataTableError(
                table=table,
                row=number,
                detail=f"unknown office {row['office']}; valid: {', '.join(sorted(OFFICES))}",
            )
        if row["polity"] not in states and row["polity"] not in orgs:
            raise DataTableError(table=table, row=number, detail=f"unknown {row['polity']}")
        start = _date(table, number, row["start"])
        if start is None:
            raise DataTableError(table=table, row=number, detail="a term needs a start date")
        end = _date(table, number, row["end"])
        if end is not None and end < start:
            raise DataTableError(table=table, row=number, detail="term ends before it starts")
        offices.append(OfficeRow(row["person_id"], row["office"], row["polity"], start, end))
    return tuple(offices)


def _load_titles() -> dict[str, str]:
    table = "titles.tsv"
    titles: dict[str, str] = {}
    for number, row in _rows(table, ("title", "office")):
        if row["office"] not in OFFICES or not row["title"]:
            raise DataTableError(table=table, row=number, detail=f"unknown office {row['office']}")
        titles[row["title"]] = row["office"]
    return titles


def _load_sector_nouns() -> dict[str, str]:
    nouns: dict[str, str] = {}
    for table in ("sector_nouns.tsv", "sector_nouns_extra.tsv"):  # the curated file wins
        for number, row in _rows(table, ("noun", "sector")):
            sector = _sector(table, number, row["sector"])
            if sector is None or not row["noun"]:
                raise DataTableError(table=table, row=number, detail="need a noun and a sector")
            nouns[row["noun"].lower()] = sector
    return nouns


def _load_descriptions(states: dict[str, StateRow]) -> dict[str, Description]:
    table = "descriptions.tsv"
    out: dict[str, Description] = {}
    for number, row in _rows(table, ("text", "kinds", "country", "number", "sector")):
        try:
            kinds = frozenset(ActorKind(kind) for kind in row["kinds"].split("|"))
        except ValueError as err:
            raise DataTableError(
                table=table, row=number, detail=f"bad kinds {row['kinds']}"
            ) from err
        country = row["country"] or None
        if (country is not None and country not in states) or row["number"] not in ("sg", "pl"):
            raise DataTableError(table=table, row=number, detail="bad country or number")
        out[row["text"]] = Description(
            row["text"],
            kinds,
            country,
            row["number"] == "pl",
            _sector(table, number, row["sector"]),
        )
    return out


@lru_cache(maxsize=1)
def load_tables() -> Tables:
    """Load and validate every actor table (once per process)."""
    states = _load_states()
    orgs = _load_organizations(states)
    persons = _load_persons(states)
    tables = Tables(
        states=states,
        state_names=_load_state_names(states),
        organizations=orgs,
        persons=persons,
        offices=_load_offices(states, orgs, persons),
        titles=_load_titles(),
        sector_nouns=_load_sector_nouns(),
        descriptions=_load_descriptions(states),
    )
    logger.debug(
        "actor tables: %d states, %d names, %d organizations, %d persons, %d terms",
        len(states),
        len(tables.state_names),
        len(orgs),
        len(persons),
        len(tables.offices),
    )
    return tables
