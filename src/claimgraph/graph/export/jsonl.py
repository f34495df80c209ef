"""Claims as JSON Lines: one ``claim_to_dict`` object per line."""

from __future__ import annotations

import json
from collections.abc import Iterable

from claimgraph.graph.export.base import Target, open_text
from claimgraph.records import Claim
from claimgraph.serialize import claim_to_dict


def write_jsonl(claims: Iterable[Claim], out: Target) -> int:
    """Write one JSON object per claim; returns the number of lines written."""
    n = 0
    with open_text(out, newline="\n") as handle:
        for claim in claims:
            handle.write(json.dumps(claim_to_dict(claim), ensure_ascii=False))
            handle.write("\n")
            n += 1
    return n
