"""Scorer ``plover``: actor codes and event types on the PLOVER gold-standard records.

Layout (``data_dir`` = ``.../events/plover``): every ``*.json`` file holds a list of records
with ``text``, ``event``, ``eventText`` and ``source``/``target`` lists of
``{"actorText", "code", "sector"}``.

- ``iso3_accuracy``: the country code ``actors.load_resolver().lookup(actorText)`` gives
  (the actor's ``country``, or its id for a state) against the first three letters of the
  gold ``code``; ``sector_accuracy`` where the gold actor has a sector.
- ``plover_type_accuracy``: our type for the sentence, taken from the predicate whose trigger
  is one of the gold ``eventText`` words, else the main predicate. Old gold labels are mapped
  to current ones (DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT ->
  ASSAULT).
"""

from __future__ import annotations

import importlib
import json
import logging
from pathlib import Path
from typing import Protocol, cast

from claimgraph.claims.predicates import find_predicates
from claimgraph.claims.selection import main_predicates
from claimgraph.errors import EvalDataMissingError
from claimgraph.eval.base import EvalResult, Metric, require_path
from claimgraph.nlp.model import BATCH_SIZE, load_nlp
from claimgraph.records import Actor, Predicate
from claimgraph.vocab import ActorKind, PloverType

logger = logging.getLogger(__name__)

TASK = "plover"
DEFAULT_SPLIT: str | None = None
#: Old PLOVER gold labels and their current types (the set's README).
OLD_LABELS = {
    "DEMAND": PloverType.REQUEST,
    "DISAPPROVE": PloverType.ACCUSE,
    "INVESTIGATE": PloverType.ACCUSE,
    "FIGHT": PloverType.ASSAULT,
}


def gold_type(label: str) -> PloverType | None:
    """The current PLOVER type of a gold label (old labels mapped), or ``None``."""
    upper = label.strip().upper()
    if upper in OLD_LABELS:
        return OLD_LABELS[upper]
    return PloverType.__members__.get(upper)


def pick_predicate(predicates: list[Predicate], doc: object, event_text: str) -> Predicate | None:
    """The predicate whose trigger is a gold event word, else the main predicate."""
    words = {w.strip(".,;:").lower() for w in event_text.split()}
    for predicate in predicates:
        if predicate.trigger.lower() in words or predicate.lemma in words:
            return predicate
    chosen = main_predicates(doc, predicates)  # type: ignore[arg-type]  # a spaCy Doc
    return chosen[0] if chosen else None


def _actors(record: dict[str, object]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for key in ("source", "target"):
        value = record.get(key)
        if isinstance(value, list):
            out.extend(a for a in value if isinstance(a, dict) and a.get("actorText"))
    return out


def _load_records(data_dir: Path) -> list[dict[str, object]]:
    records: list[dict[str, object]] = []
    for path in sorted(data_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise EvalDataMissingError(
                task=TASK, path=str(path), detail=f"bad JSON: {err}"
            ) from err
        if isinstance(data, list):
            records.extend(r for r in data if isinstance(r, dict) and r.get("text"))
    if not records:
        raise EvalDataMissingError(task=TASK, path=str(data_dir), detail="no *.json records")
    return records


class _Resolver(Protocol):
    def lookup(self, text: str) -> Actor | None: ...


def _resolver_lookup() -> _Resolver | None:
    try:
        actors = importlib.import_module("claimgraph.actors")
    except ImportError:
        return None
    load = getattr(actors, "load_resolver", None)
    return cast(_Resolver, load()) if callable(load) else None


def evaluate(
    data_dir: Path, *, split: str | None = None, peers: bool = False, limit: int | None = None
) -> EvalResult:
    """Score actor codes, sectors and PLOVER types on the gold records under ``data_dir``."""
    require_path(data_dir, task=TASK, what="a folder of PLOVER *.json records")
    records = _load_records(data_dir)
    if limit is not None:
        records = records[:limit]
    notes: list[str] = []
    nlp = load_nlp()
    type_hits = type_total = 0
    per_item: list[dict[str, object]] = []
    for record, doc in zip(
        records, nlp.pipe((str(r["text"]) for r in records), batch_size=BATCH_SIZE), strict=True
    ):
        gold = gold_type(str(record.get("event", "")))
        if gold is None:
            continue
        chosen = pick_predicate(find_predicates(doc), doc, str(record.get("eventText", "")))
        predicted = chosen.type if chosen is not None else None
        type_total += 1
        type_hits += predicted == gold
        per_item.append(
            {
                "id": record.get("id"),
                "gold": gold.value,
                "predicted": predicted.value if predicted else None,
            }
        )

    resolver = _resolver_lookup()
    iso3: Metric = None
    sector: Metric = None
    if resolver is None:
        notes.append("actors.load_resolver() not available: iso3/sector accuracy not scored")
    else:
        lookup = resolver.lookup
        iso_hits = iso_total = sec_hits = sec_total = 0
        for record in records:
            for gold_actor in _actors(record):
                actor = lookup(gold_actor["actorText"])
                code = (gold_actor.get("code") or "")[:3].upper()
                country = None
                if actor is not None:
                    country = actor.country or (actor.id if actor.kind == ActorKind.STATE else None)
                if code:
                    iso_total += 1
                    iso_hits += country == code
                if gold_actor.get("sector"):
                    sec_total += 1
                    sec_hits += actor is not None and actor.sector == gold_actor["sector"]
        iso3 = round(iso_hits / iso_total, 4) if iso_total else None
        sector = round(sec_hits / sec_total, 4) if sec_total else None
    metrics: dict[str, Metric] = {
        "iso3_accuracy": iso3,
        "sector_accuracy": sector,
        "plover_type_accuracy": round(type_hits / type_total, 4) if type_total else None,
    }
    return EvalResult(
        task=TASK,
        data=str(data_dir),
        split=None,
        n_items=type_total,
        metrics=metrics,
        per_item=per_item,
        notes=notes,
    )
