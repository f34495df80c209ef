"""Choosing the predicate a sentence is about, and the PLOVER label mappings scorers use."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from claimgraph.claims.tables import load_noun_classes, load_phrasal_verbs, load_verb_classes
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


#: ConfliBERT "penta" class of each two-digit CAMEO root. Appeals (02) count with public
#: statements as class 0 and reducing relations (16) as verbal conflict, as the ConfliBERT
#: CAMEO training sentences are labelled (urge/ask/call-for sentences are class 0, sanction,
#: expel and suspend sentences class 3); yielding (08) is material cooperation as in the CAMEO
#: quad classes.
PENTA_OF_CAMEO_ROOT: dict[str, int] = {
    "01": 0,
    "02": 0,
    "03": 1,
    "04": 1,
    "05": 1,
    "06": 2,
    "07": 2,
    "08": 2,
    "09": 3,
    "10": 3,
    "11": 3,
    "12": 3,
    "13": 3,
    "14": 4,
    "15": 4,
    "16": 3,
    "17": 4,
    "18": 4,
    "19": 4,
    "20": 4,
}


def cameo_code(predicate: Predicate) -> str | None:
    """The CAMEO code of the table row a predicate was coded from, when a context cue did
    not change its type; ``None`` otherwise."""
    lemma, _, particle = predicate.lemma.partition(" ")
    code: str | None = None
    row_type: PloverType | None = None
    if particle:
        phrasal = load_phrasal_verbs().get((lemma, particle))
        if phrasal is not None:
            code, row_type = phrasal.cameo, phrasal.type
    else:
        tables = (
            (load_noun_classes(), load_verb_classes())
            if predicate.nominal
            else (load_verb_classes(), load_noun_classes())
        )
        for table in tables:
            row = table.get(lemma)
            if row is not None:
                code, row_type = row.cameo, row.type
                break
    return code if row_type == predicate.type else None


def penta_class(predicate: Predicate, *, mapping: dict[PloverType, int] | None = None) -> int:
    """The ConfliBERT penta class (0-4) of a predicate: from its CAMEO root where the table
    row has one, else from its PLOVER type (``coarse_class``)."""
    code = cameo_code(predicate)
    if code is not None and code[:2] in PENTA_OF_CAMEO_ROOT:
        return PENTA_OF_CAMEO_ROOT[code[:2]]
    return coarse_class(predicate.type, mapping=mapping)


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

    triggers = {p.trigger_i for p in predicates if p.agent is not None or p.patient is not None}

    def controlled(i: int) -> bool:
        """The trigger is the complement of another trigger ("refused to lift")."""
        token = doc[i]
        for _ in range(4):
            if token.dep_ != "xcomp" or token.head.i == token.i:
                return False
            token = token.head
            if token.i in triggers:
                return True
        return False

    def rank(predicate: Predicate) -> tuple[int, int, int, int]:
        n_args = (predicate.agent is not None) + (predicate.patient is not None)
        return (
            -n_args,
            controlled(predicate.trigger_i),
            _depth(doc, predicate.trigger_i),
            predicate.trigger_i,
        )

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
        plover = PloverType.__members__.get(label.split("(")[0].strip())
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
            member = PloverType.__members__.get(label.split("(")[0].strip())
            if member is not None:
                plover[member] = plain
    return re3d, plover, symmetric
