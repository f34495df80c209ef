"""Scorer ``re3d``: directed actor -> actor event relations on the re3d defence corpus.

Layout (``data_dir`` = ``.../events/re3d``): one folder per source, each with
``documents.json``, ``entities.json`` and ``relations.json`` (one JSON object per line).

Both sides are mapped to simple relations with ``../label_mapping.tsv``: re3d types
(FightingAgainst -> ATTACK, AlliesOf -> MILITARY_SUPPORT_OR_ALLIANCE, CommWith ->
MEET_OR_COMMUNICATE, Likes -> SUPPORT_OR_PRAISE, Dislikes -> ACCUSE_OR_CRITICIZE) and our
PLOVER types (AID and COOPERATE with mode ``military`` -> MILITARY_SUPPORT_OR_ALLIANCE).
Only event relations are kept: gold ones whose two endpoints are actor entities
(Organisation, Person, Nationality), predicted ones whose label is one of the gold event
labels and whose two arguments hold a PERSON/ORG/NORP/GPE entity (the same filter applies
to the peer). A prediction matches a gold relation of the same document and label when its
source and target spans overlap the gold ones (either direction for symmetric labels).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimgraph.claims.predicates import find_predicates
from claimgraph.claims.selection import read_relation_mapping
from claimgraph.errors import EvalDataMissingError
from claimgraph.eval import peers_svo
from claimgraph.eval.base import EvalResult, Metric, part_note, prf, require_path, select_part
from claimgraph.nlp.model import BATCH_SIZE, load_nlp
from claimgraph.vocab import PloverType

if TYPE_CHECKING:
    from spacy.tokens import Doc

logger = logging.getLogger(__name__)

TASK = "re3d"
DEFAULT_SPLIT: str | None = None
#: Entity types that count as actors (the mapping file's note on FightingAgainst).
ACTOR_ENTITY_TYPES = frozenset({"Organisation", "Person", "Nationality"})
#: spaCy entity labels an argument must contain to be an actor argument.
ACTOR_NER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
#: Simple relations that are events (the others are structural: members, aliases, places).
EVENT_RELATIONS = frozenset(
    {
        "ATTACK",
        "MILITARY_SUPPORT_OR_ALLIANCE",
        "MEET_OR_COMMUNICATE",
        "SUPPORT_OR_PRAISE",
        "ACCUSE_OR_CRITICIZE",
    }
)
#: Our material-cooperation types count as alliance relations when their mode is military.
MILITARY_TYPES = frozenset({PloverType.AID, PloverType.COOPERATE})


@dataclass(frozen=True, slots=True)
class Relation:
    doc_id: str
    label: str
    source: tuple[int, int]
    target: tuple[int, int]


def _lines(path: Path) -> Iterator[dict[str, object]]:
    for line_no, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError as err:
            raise EvalDataMissingError(
                task=TASK, path=str(path), detail=f"line {line_no}: bad JSON ({err})"
            ) from err


def plover_relation(plover: PloverType, mode: str | None, mapping: dict[PloverType, str]) -> str:
    """The simple relation of one of our (type, mode) pairs."""
    if plover in MILITARY_TYPES and mode == "military":
        return "MILITARY_SUPPORT_OR_ALLIANCE"
    return mapping.get(plover, plover.value)


def _has_actor(doc: Doc, span: tuple[int, int]) -> bool:
    start, end = span
    return any(
        ent.label_ in ACTOR_NER_LABELS and ent.start_char < end and ent.end_char > start
        for ent in doc.ents
    )


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(pred: list[Relation], gold: list[Relation], symmetric: set[str]) -> tuple[int, int, int]:
    """True positives (one-to-one), number predicted, number gold."""
    used: set[int] = set()
    hits = 0
    for p in pred:
        for k, g in enumerate(gold):
            if k in used or g.doc_id != p.doc_id or g.label != p.label:
                continue
            forward = _overlap(p.source, g.source) and _overlap(p.target, g.target)
            backward = (
                p.label in symmetric
                and _overlap(p.source, g.target)
                and _overlap(p.target, g.source)
            )
            if forward or backward:
                used.add(k)
                hits += 1
                break
    return hits, len(pred), len(gold)


def evaluate(
    data_dir: Path, *, split: str | None = None, peers: bool = False, limit: int | None = None
) -> EvalResult:
    """Score directed event relations on every source folder of re3d.

    ``split`` (``dev`` or ``test``) scores one seeded part of the documents
    (``claimgraph.learn.splits.stage_part`` of the document id), else every document.
    """
    require_path(data_dir, task=TASK, what="re3d source folders")
    mapping_path = require_path(
        data_dir.parent / "label_mapping.tsv", task=TASK, what="../label_mapping.tsv"
    )
    re3d_map, plover_map, symmetric = read_relation_mapping(mapping_path)
    folders = sorted(p for p in data_dir.iterdir() if (p / "documents.json").is_file())
    if not folders:
        raise EvalDataMissingError(task=TASK, path=str(data_dir), detail="no */documents.json")
    texts: dict[str, str] = {}
    gold: list[Relation] = []
    for folder in folders:
        for doc_record in _lines(folder / "documents.json"):
            texts[str(doc_record["_id"])] = str(doc_record["text"])
        entity_types = {
            (str(e["documentId"]), int(str(e["begin"])), int(str(e["end"]))): str(e["type"])
            for e in _lines(folder / "entities.json")
        }
        for rel in _lines(folder / "relations.json"):
            label = re3d_map.get(str(rel["type"]))
            if label not in EVENT_RELATIONS:
                continue
            doc_id = str(rel["documentId"])
            source = (int(str(rel["sourceBegin"])), int(str(rel["sourceEnd"])))
            target = (int(str(rel["targetBegin"])), int(str(rel["targetEnd"])))
            if (
                entity_types.get((doc_id, *source)) not in ACTOR_ENTITY_TYPES
                or entity_types.get((doc_id, *target)) not in ACTOR_ENTITY_TYPES
            ):
                continue
            gold.append(Relation(doc_id, str(label), source, target))
    doc_ids = select_part(sorted(texts), split, key=str)
    if limit is not None:
        doc_ids = doc_ids[:limit]
    wanted = set(doc_ids)
    gold = list({g: None for g in gold if g.doc_id in wanted})
    labels = {g.label for g in gold} | (EVENT_RELATIONS if not gold else set())
    run_peer = peers and peers_svo.peer_available()
    notes: list[str] = []
    if peers and not run_peer:
        notes.append("peer textacy_svo unavailable: textacy is not installed")
    ours: list[Relation] = []
    theirs: list[Relation] = []
    nlp = load_nlp()
    for doc_id, doc in zip(
        doc_ids, nlp.pipe((texts[d] for d in doc_ids), batch_size=BATCH_SIZE), strict=True
    ):
        for predicate in find_predicates(doc):
            if predicate.agent is None or predicate.patient is None:
                continue
            label = plover_relation(predicate.type, predicate.mode, plover_map)
            if (
                label in labels
                and _has_actor(doc, predicate.agent)
                and _has_actor(doc, predicate.patient)
            ):
                ours.append(Relation(doc_id, label, predicate.agent, predicate.patient))
        if run_peer:
            for triple in peers_svo.svo_triples(doc):
                if triple.type is None:
                    continue
                label = plover_relation(triple.type, triple.mode, plover_map)
                if (
                    label in labels
                    and _has_actor(doc, triple.subject)
                    and _has_actor(doc, triple.object)
                ):
                    theirs.append(Relation(doc_id, label, triple.subject, triple.object))
    ours = list(dict.fromkeys(ours))
    precision, recall, f1 = prf(*score(ours, gold, symmetric))
    metrics: dict[str, Metric] = {
        "relation_precision": round(precision, 4),
        "relation_recall": round(recall, 4),
        "relation_f1": round(f1, 4),
    }
    peer_metrics: dict[str, dict[str, Metric]] = {}
    if run_peer:
        p, r, f = prf(*score(list(dict.fromkeys(theirs)), gold, symmetric))
        peer_metrics[peers_svo.PEER_NAME] = {
            "relation_precision": round(p, 4),
            "relation_recall": round(r, 4),
            "relation_f1": round(f, 4),
        }
    notes.append(f"{len(doc_ids)} documents, {len(gold)} gold event relations")
    notes.append(part_note(split, len(doc_ids)))
    return EvalResult(
        task=TASK,
        data=str(data_dir),
        split=split,
        n_items=len(gold),
        metrics=metrics,
        peers=peer_metrics,
        notes=notes,
    )
