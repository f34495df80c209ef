"""Claims as PLOVER-style event records (JSON Lines).

Each line holds the PLOVER event fields (``id``, ``date``, ``source_actor``,
``source_country``, ``source_sector``, ``event_type``, ``mode``, ``target``,
``target_country``, ``target_sector``, ``text``) and claimgraph's own evidence fields
(``status``, ``certainty``, ``polarity``, ``attribution``, ``outlet``, ``doc_id``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from claimgraph.graph.export.base import Target, open_text
from claimgraph.records import Claim


def plover_record(claim: Claim) -> dict[str, object]:
    """The PLOVER-style record of one claim."""
    date = claim.event_date or claim.published
    return {
        "id": claim.claim_id,
        "date": date.isoformat() if date else None,
        "source_actor": claim.subject.name,
        "source_actor_id": claim.subject.id,
        "source_country": claim.subject.country,
        "source_sector": claim.subject.sector,
        "event_type": claim.type.value,
        "mode": claim.mode,
        "target": claim.object.name,
        "target_actor_id": claim.object.id,
        "target_country": claim.object.country,
        "target_sector": claim.object.sector,
        "text": claim.sentence,
        "status": claim.status.value,
        "certainty": claim.certainty.value,
        "polarity": claim.polarity.value,
        "attribution": [
            {"source": link.source, "source_id": link.source_id, "kind": link.kind.value,
             "cue": link.cue, "outlet": link.outlet}
            for link in claim.attribution
        ],
        "outlet": claim.outlet,
        "doc_id": claim.doc_id,
    }  # fmt: skip


def write_plover(claims: Iterable[Claim], out: Target) -> int:
    """One PLOVER-style JSON record per line; returns the number of records."""
    n = 0
    with open_text(out, newline="\n") as handle:
        for claim in claims:
            handle.write(json.dumps(plover_record(claim), ensure_ascii=False))
            handle.write("\n")
            n += 1
    return n
