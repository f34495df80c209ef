"""Scorer ``plover``: actor codes and event types on the PLOVER gold-standard records.

Layout (``data_dir`` = ``.../events/plover``): every ``*.json`` file holds a list of records
with ``text``, ``event``, ``eventText`` and ``source``/``target`` lists of
``{"actorText", "code", "sector"}``.

- ``iso3_accuracy``: the country ``actors.load_resolver().lookup(actorText)`` gives (with the
  record's date as publication date) against the gold ``code``, over gold codes that are ISO3
  codes of a state; ``nonstate_accuracy`` over the non-state codes (IGO, NGO, ...);
  ``sector_accuracy`` where the gold actor has a sector (see ``score_actors``).
- ``plover_type_accuracy``: our type for the sentence, taken from the predicate whose trigger
  is one of the gold ``eventText`` words, else the main predicate. Old gold labels are mapped
  to current ones (DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT ->
  ASSAULT).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from claimgraph.claims.predicates import find_predicates
from claimgraph.claims.selection import main_predicates
from claimgraph.errors import EvalDataMissingError
from claimgraph.eval.base import EvalResult, Metric, part_note, require_path, select_part
from claimgraph.nlp.model import BATCH_SIZE, load_nlp
from claimgraph.records import Predicate
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


def load_records(data_dir: Path) -> list[dict[str, object]]:
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


#: Gold codes for non-state actors: scored as "resolved to a non-state actor", not as ISO3.
NONSTATE_CODES = frozenset({"IGO", "NGO", "IMG", "ISM"})


@dataclass(slots=True)
class ActorScores:
    iso3_hits: int = 0
    iso3_total: int = 0
    nonstate_hits: int = 0
    nonstate_total: int = 0
    sector_hits: int = 0
    sector_total: int = 0
    skipped: list[str] = field(default_factory=list)  # gold codes that are no ISO3 code
    misses: list[str] = field(default_factory=list)


def _share(hits: int, total: int) -> Metric:
    return round(hits / total, 4) if total else None


def score_actors(records: list[dict[str, object]]) -> ActorScores:
    """Resolve every gold actor phrase with the record's date as publication date.

    ``iso3``: over gold codes that are ISO3 codes of a state in our tables, the share whose
    actor's country equals the code. ``nonstate``: over gold codes IGO/NGO/IMG/ISM, the share
    resolved to a non-state actor (or an official without a state). ``sector``: over gold
    sectors that are 3-letter codes, the share whose actor sector equals them.
    """
    from claimgraph.actors import load_resolver
    from claimgraph.actors.tables import load_tables

    resolver = load_resolver()
    states = set(load_tables().states)
    scores = ActorScores()
    for record in records:
        date = record.get("date")
        day = dt.date.fromisoformat(date) if isinstance(date, str) and date else None
        for gold in _actors(record):
            text, code, sector = gold["actorText"], gold.get("code") or "", gold.get("sector")
            actor = resolver.lookup(text, published=day)
            if code in NONSTATE_CODES:
                scores.nonstate_total += 1
                scores.nonstate_hits += actor is not None and (
                    actor.kind not in (ActorKind.STATE, ActorKind.PERSON)
                    or (actor.kind is ActorKind.PERSON and actor.country is None)
                )
            elif code in states:
                scores.iso3_total += 1
                hit = actor is not None and actor.country == code
                scores.iso3_hits += hit
                if not hit:
                    scores.misses.append(f"code {text!r}: gold {code}, got {actor}")
            elif code:
                scores.skipped.append(f"{text!r} {code}")
            if sector and len(sector) >= 3 and sector[:3].isalpha():
                scores.sector_total += 1
                got = None if actor is None else actor.sector
                scores.sector_hits += got == sector[:3]
                if got != sector[:3]:
                    scores.misses.append(f"sector {text!r}: gold {sector}, got {got}")
    return scores


def evaluate(
    data_dir: Path, *, split: str | None = None, peers: bool = False, limit: int | None = None
) -> EvalResult:
    """Score actor codes, sectors and PLOVER types on the gold records under ``data_dir``.

    ``split`` (``dev`` or ``test``) scores one seeded part of the records
    (``claimgraph.learn.splits.stage_part`` of the record id), else every record.
    """
    require_path(data_dir, task=TASK, what="a folder of PLOVER *.json records")
    records = select_part(load_records(data_dir), split, key=lambda r: str(r.get("id", "")))
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

    actor_scores = score_actors(records)
    notes.append(
        f"iso3 over {actor_scores.iso3_total} gold actors with a state code; "
        f"non-state codes ({', '.join(sorted(NONSTATE_CODES))}) scored as nonstate_accuracy "
        f"over {actor_scores.nonstate_total}; {len(actor_scores.skipped)} gold codes that are "
        f"no ISO3 code skipped: {', '.join(actor_scores.skipped)}"
    )
    metrics: dict[str, Metric] = {
        "iso3_accuracy": _share(actor_scores.iso3_hits, actor_scores.iso3_total),
        "sector_accuracy": _share(actor_scores.sector_hits, actor_scores.sector_total),
        "plover_type_accuracy": _share(type_hits, type_total),
        "nonstate_accuracy": _share(actor_scores.nonstate_hits, actor_scores.nonstate_total),
    }
    notes.append(part_note(split, len(records)))
    return EvalResult(
        task=TASK,
        data=str(data_dir),
        split=split,
        n_items=type_total,
        metrics=metrics,
        per_item=per_item,
        notes=notes,
    )
