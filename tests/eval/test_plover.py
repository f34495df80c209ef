"""The plover scorer on a tiny hand-written gold set."""

from __future__ import annotations

import json
from pathlib import Path

from claimgraph.eval import plover
from claimgraph.vocab import PloverType


def test_plover_old_labels_mapped() -> None:
    assert plover.gold_type("DEMAND") == PloverType.REQUEST
    assert plover.gold_type("FIGHT") == PloverType.ASSAULT
    assert plover.gold_type("consult") == PloverType.CONSULT
    assert plover.gold_type("CRIME") is None


def test_plover_type_accuracy(tmp_path: Path) -> None:
    records = [
        {
            "id": "a",
            "event": "FIGHT",
            "eventText": "shelled",
            "text": "Ethiopian artillery shelled Eritrean positions on Friday.",
            "source": [{"actorText": "Ethiopian", "code": "ETH"}],
        },
        {
            "id": "b",
            "event": "CONSULT",
            "eventText": "visited",
            "text": "The Chilean president visited Lima on Monday.",
            "source": [{"actorText": "Chilean", "code": "CHL"}],
        },
    ]
    (tmp_path / "gold.json").write_text(json.dumps(records), encoding="utf-8")
    result = plover.evaluate(tmp_path)
    assert result.metrics["plover_type_accuracy"] == 1.0
    assert result.n_items == 2
