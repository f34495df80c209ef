"""Claims as one flat CSV row each (the attribution chain joined into a few columns)."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from claimgraph.graph.export.base import Target, open_text
from claimgraph.records import Claim, ClaimActor
from claimgraph.vocab import FAMILY_OF_TYPE

# Separator between the links of an attribution chain in one cell (outermost first).
CHAIN_SEPARATOR = " <- "

_ACTOR_FIELDS = ("id", "name", "kind", "country", "sector", "mention", "start", "end")

COLUMNS: tuple[str, ...] = (
    "claim_id",
    "doc_id",
    "title",
    "outlet",
    "author",
    "published",
    "sentence",
    "start",
    "end",
    "trigger",
    "trigger_start",
    "trigger_end",
    *(f"subject_{name}" for name in _ACTOR_FIELDS),
    "type",
    "family",
    "mode",
    *(f"object_{name}" for name in _ACTOR_FIELDS),
    "event_date",
    "sources",
    "source_ids",
    "source_kinds",
    "cues",
    "source_outlets",
    "certainty",
    "polarity",
    "time",
    "status",
    "confidence",
)


def _actor(prefix: str, actor: ClaimActor) -> dict[str, object]:
    return {
        f"{prefix}_id": actor.id,
        f"{prefix}_name": actor.name,
        f"{prefix}_kind": actor.kind.value,
        f"{prefix}_country": actor.country or "",
        f"{prefix}_sector": actor.sector or "",
        f"{prefix}_mention": actor.mention,
        f"{prefix}_start": actor.start,
        f"{prefix}_end": actor.end,
    }


def claim_row(claim: Claim) -> dict[str, object]:
    """The flat CSV row of one claim (empty strings for missing values)."""
    chain = claim.attribution
    return {
        "claim_id": claim.claim_id,
        "doc_id": claim.doc_id,
        "title": claim.title or "",
        "outlet": claim.outlet or "",
        "author": claim.author or "",
        "published": claim.published.isoformat() if claim.published else "",
        "sentence": claim.sentence,
        "start": claim.char_span[0],
        "end": claim.char_span[1],
        "trigger": claim.trigger,
        "trigger_start": claim.trigger_span[0],
        "trigger_end": claim.trigger_span[1],
        **_actor("subject", claim.subject),
        "type": claim.type.value,
        "family": FAMILY_OF_TYPE[claim.type].value,
        "mode": claim.mode or "",
        **_actor("object", claim.object),
        "event_date": claim.event_date.isoformat() if claim.event_date else "",
        "sources": CHAIN_SEPARATOR.join(link.source or "" for link in chain),
        "source_ids": CHAIN_SEPARATOR.join(link.source_id or "" for link in chain),
        "source_kinds": CHAIN_SEPARATOR.join(link.kind.value for link in chain),
        "cues": CHAIN_SEPARATOR.join(link.cue for link in chain),
        "source_outlets": CHAIN_SEPARATOR.join(link.outlet or "" for link in chain),
        "certainty": claim.certainty.value,
        "polarity": claim.polarity.value,
        "time": claim.time.value,
        "status": claim.status.value,
        "confidence": claim.confidence,
    }


def write_csv(claims: Iterable[Claim], out: Target) -> int:
    """Write a header and one row per claim; returns the number of rows."""
    n = 0
    with open_text(out, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for claim in claims:
            writer.writerow(claim_row(claim))
            n += 1
    return n
