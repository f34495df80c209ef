"""Choosing the predicate a sentence is about, and the PLOVER label mappings scorers use."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from claimgraph.records import Predicate
from claimgraph.vocab import FAMILY_OF_TYPE, Family, PloverType

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Coarse (ConfliBERT "penta") class of each PLOVER family; 0 is "statement, no event".
COARSE_OF_FAMILY: dict[Family, int] = {
    Family.VERBAL_COOPERATION: 1,
    Family.MATERIAL_COOPERATION: 2,
    Family.VERBAL_CONFLICT: 3,
    Family.MATERIAL_CONFLICT: 4,
}


def _depth(doc: Doc, i: int) -> int:
    token = doc[i]
    depth = 0
    while token.head.i != token.i and depth < 64:
        token = token.head
        depth += 1
    return depth


def main_predicates(doc: Doc, predicates: Sequence[Predicate]) -> list[Predicate]:
    """The predicates of the sentence's main event: one trigger, all its argument pairs.

    Prefers triggers with both arguments, then with one, then the trigger nearest the root
    of the parse, then the earliest. Empty when there is no predicate.
    """
    if not predicates:
        return []

    def rank(predicate: Predicate) -> tuple[int, int, int]:
        n_args = (predicate.agent is not None) + (predicate.patient is not None)
        return (-n_args, _depth(doc, predicate.trigger_i), predicate.trigger_i)

    best = min(predicates, key=rank)
    return [p for p in predicates if p.trigger_i == best.trigger_i]


def coarse_class(plover: PloverType, *, mapping: dict[PloverType, int] | None = None) -> int:
    """The coarse (1-4) class of a PLOVER type; ``mapping`` overrides the built-in families."""
    if mapping is not None and plover in mapping:
        return mapping[plover]
    return COARSE_OF_FAMILY[FAMILY_OF_TYPE[plover]]


@lru_cache(maxsize=8)
def _read_mapping(path: Path) -> tuple[tuple[str, str, str, str, str], ...]:
    rows: list[tuple[str, str, str, str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            rows.append(
                (
                    row.get("dataset") or "",
                    row.get("source_label") or "",
                    row.get("simple_relation") or "",
                    row.get("direction_note") or "",
                    row.get("coarse_penta") or "",
                )
            )
    return tuple(rows)


def read_coarse_mapping(path: Path, *, prefer: str = "CAMEO quad") -> dict[PloverType, int]:
    """PLOVER type -> coarse class from a ``label_mapping.tsv`` (``prefer``: which quad wins
    where the file gives two, e.g. SANCTION)."""
    out: dict[PloverType, int] = {}
    for dataset, label, _simple, _direction, coarse in _read_mapping(path):
        if not dataset.startswith("PLOVER"):
            continue
        plover = PloverType.__members__.get(label)
        if plover is None:
            continue
        preferred = re.search(r"(\d)_\w+ \(" + re.escape(prefer) + r"\)", coarse)
        first = re.match(r"\s*(\d)_", coarse)
        if preferred:
            out[plover] = int(preferred.group(1))
        elif first:
            out[plover] = int(first.group(1))
    return out


def read_relation_mapping(path: Path) -> tuple[dict[str, str], dict[PloverType, str], set[str]]:
    """From ``label_mapping.tsv``: re3d type -> simple relation, PLOVER type -> simple relation
    (its plain form), and the simple relations marked symmetric."""
    re3d: dict[str, str] = {}
    plover: dict[PloverType, str] = {}
    symmetric: set[str] = set()
    for dataset, label, simple, direction, _coarse in _read_mapping(path):
        plain = simple.split("(")[0].strip()
        if dataset == "re3d":
            re3d[label] = plain
            if "symmetric" in direction:
                symmetric.add(plain)
        elif dataset.startswith("PLOVER"):
            member = PloverType.__members__.get(label)
            if member is not None:
                plover[member] = plain
    return re3d, plover, symmetric
