"""Seed the generated actor tables from the open lexicons in the reference-data folder.

Writes, under ``src/claimgraph/data/actors/``:

* ``states.tsv``        one row per state or territory (ISO3, ISO2, short name);
* ``state_names.tsv``   names, capitals and demonyms per ISO3 (GeoNames country info,
                        CC BY 4.0, and the NGEC nationality table, MIT);
* ``sector_nouns.tsv``  agent nouns -> PLOVER/CAMEO sector (OEDA PLOVER agents, MIT).

The curated tables (``state_aliases.tsv``, ``persons.tsv``, ``offices.tsv``,
``organizations.tsv``, ...) are edited by hand and never overwritten. The product reads only the
files in the package; this script is run by hand when the seeds change::

    python scripts/build_actor_tables.py --lexicons ../shared/data/lexicons
"""

from __future__ import annotations

import argparse
import csv
import re
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "claimgraph" / "data" / "actors"

# GeoNames rows that are not states or dependencies anyone writes news about.
SKIP_ISO3 = {"ATA", "BVT", "HMD", "UMI", "ATF", "SGS", "ANT", "SCG", "IOT"}
# GeoNames short names we replace with the usual English news form.
NAME_FIX = {
    "PSE": "Palestine",
    "TLS": "East Timor",
    "CZE": "Czech Republic",
    "MKD": "North Macedonia",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "VAT": "Vatican City",
}
# Capitals whose GeoNames entry is not what news uses for the seat of government, or is also
# a common word or person name in English text.
CAPITAL_SKIP = {
    "Victoria",
    "Kingston",
    "Hamilton",
    "Douglas",
    "Male",
    "Jamestown",
    "Plymouth",
    "Stanley",
    "Georgetown",
    "The Valley",
    "West Island",
    "Saint-Denis",
    "Lima",
    "Praia",
    "Colombo",
}
DEMONYM_RE = re.compile(r"^[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?$")


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def read_geonames(path: Path) -> list[tuple[str, str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(("#", "ISO\t")) or not line.strip():
            continue
        cols = line.split("\t")
        iso2, iso3, name, capital = cols[0], cols[1], cols[4].strip(), cols[5].strip()
        if iso3 in SKIP_ISO3:
            continue
        rows.append((iso3, iso2, NAME_FIX.get(iso3, name), capital))
    return rows


def read_ngec(path: Path, names: dict[str, str]) -> list[tuple[str, str]]:
    """(iso3, demonym) pairs; territory names listed under their metropole are dropped."""
    other_names = {strip_accents(n) for n in names.values()}
    out = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            iso3 = row["CCA3"]
            if iso3 not in names:
                continue
            for raw in row["Nationality"].split(","):
                term = strip_accents(raw.strip())
                if not term or term in other_names or not DEMONYM_RE.match(term):
                    continue
                if "Island" in term or term == names[iso3]:
                    continue
                out.append((iso3, term))
    return out


def read_agents(path: Path) -> list[tuple[str, str]]:
    """(noun phrase, sector) from the PLOVER agents dictionary, lower-cased, singular."""
    out: dict[str, str] = {}
    line_re = re.compile(r"^([A-Z][A-Z_\-']*)\s+\[~([A-Z]{3,})\]")
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = line_re.match(line.strip())
        if not match:
            continue
        phrase = match.group(1).strip("_").replace("_", " ").lower()
        code = match.group(2)
        sector = "MIL" if code.startswith("GOVMIL") else code[:3]
        if len(phrase) < 3 or phrase in out:
            continue
        out[phrase] = sector
    return sorted(out.items())


def write_tsv(path: Path, header: list[str], rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("\t".join(header) + "\n")
        for row in rows:
            handle.write("\t".join(row) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lexicons", type=Path, required=True)
    args = parser.parse_args()
    geo = read_geonames(args.lexicons / "geonames" / "countryInfo.txt")
    names = {iso3: name for iso3, _, name, _ in geo}
    write_tsv(
        OUT / "states.tsv",
        ["iso3", "iso2", "name"],
        sorted((iso3, iso2, name) for iso3, iso2, name, _ in geo),
    )
    rows: set[tuple[str, str, str]] = set()
    for iso3, _, name, capital in geo:
        rows.add((iso3, name, "name"))
        if capital and capital not in CAPITAL_SKIP and capital not in names.values():
            rows.add((iso3, strip_accents(capital), "capital"))
    for iso3, term in read_ngec(args.lexicons / "ngec" / "countries.csv", names):
        rows.add((iso3, term, "demonym"))
    write_tsv(OUT / "state_names.tsv", ["iso3", "text", "via"], sorted(rows))
    write_tsv(
        OUT / "sector_nouns.tsv",
        ["noun", "sector"],
        read_agents(args.lexicons / "ngec" / "PLOVER_agents.txt"),
    )


if __name__ == "__main__":
    main()
