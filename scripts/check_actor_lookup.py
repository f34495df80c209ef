"""Score ``ActorResolver.lookup`` on the actor phrases of the PLOVER gold standard records.

Every ``source``/``target`` ``actorText`` is looked up with the record's date as the
publication date. Metrics:

* ``iso3_accuracy``: over gold codes that are ISO3 codes of a state in our tables, the share
  whose actor's country (a state's own id) equals the gold code;
* ``nonstate_accuracy``: over gold codes IGO/NGO/IMG/ISM, the share resolved to a non-state
  actor (igo, organization, armed group, media) or an international official;
* ``sector_accuracy``: over gold sectors that are 3-letter codes, the share whose actor sector
  equals the gold sector's first three letters.

    python scripts/check_actor_lookup.py ../shared/data/events/plover/PLOVER_GSR_dev.json [-v]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from claimgraph.actors import load_resolver
from claimgraph.actors.tables import load_tables
from claimgraph.vocab import ActorKind

NONSTATE_CODES = {"IGO", "NGO", "IMG", "ISM"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list the misses")
    args = parser.parse_args()
    records = json.loads(args.gold.read_text(encoding="utf-8"))
    resolver = load_resolver()
    states = load_tables().states
    iso_n = iso_ok = ns_n = ns_ok = sec_n = sec_ok = 0
    skipped: list[str] = []
    for record in records:
        day = dt.date.fromisoformat(record["date"]) if record.get("date") else None
        for role in ("source", "target"):
            actors = record.get(role)
            if isinstance(actors, dict):
                actors = [actors]
            if not isinstance(actors, list):
                continue
            for gold in actors:
                text, code, sector = gold.get("actorText"), gold.get("code"), gold.get("sector")
                if not text or not code:
                    continue
                actor = resolver.lookup(text, published=day)
                got_country = None if actor is None else actor.country
                if code in NONSTATE_CODES:
                    ns_n += 1
                    hit = actor is not None and (
                        actor.kind not in (ActorKind.STATE, ActorKind.PERSON)
                        or (actor.kind is ActorKind.PERSON and actor.country is None)
                    )
                    ns_ok += hit
                elif code in states:
                    iso_n += 1
                    hit = got_country == code
                    iso_ok += hit
                else:
                    skipped.append(f"{text!r} {code}")
                    continue
                if not hit and args.verbose:
                    print(f"MISS code  {text!r}: gold {code}, got {actor}")
                if sector and len(sector) >= 3 and sector[:3].isalpha():
                    sec_n += 1
                    sec_hit = actor is not None and actor.sector == sector[:3]
                    sec_ok += sec_hit
                    if not sec_hit and args.verbose:
                        got = None if actor is None else actor.sector
                        print(f"MISS sector {text!r}: gold {sector}, got {got}")
    print(f"iso3_accuracy     {iso_ok / iso_n:.3f}  ({iso_ok}/{iso_n})")
    print(f"nonstate_accuracy {ns_ok / ns_n:.3f}  ({ns_ok}/{ns_n})")
    print(f"sector_accuracy   {sec_ok / sec_n:.3f}  ({sec_ok}/{sec_n})")
    print(f"skipped (gold code not an ISO3 of ours): {len(skipped)} {skipped}")


if __name__ == "__main__":
    main()
