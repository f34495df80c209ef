"""The re3d scorer on a tiny hand-written gold set."""

from __future__ import annotations

import json
from pathlib import Path

from claimgraph.eval import re3d

MAPPING = (
    "dataset\tsource_label\tsource_meaning\tsimple_relation\tdirection_note\tcoarse_penta\tnotes\n"
    "re3d\tFightingAgainst\tx\tATTACK\tsource->target; often symmetric\t4_material_conflict\t\n"
    "re3d\tCoLocated\tx\tLOCATED_AT\tentity -> location\tn/a\t\n"
    "PLOVER\tASSAULT\tx\tATTACK\tactor->recipient\t4_material_conflict\t\n"
)


def _write(root: Path) -> Path:
    text = "Turkish forces attacked Kurdish fighters near the border."
    data = root / "re3d"
    folder = data / "Sample"
    folder.mkdir(parents=True)
    (root / "label_mapping.tsv").write_text(MAPPING, encoding="utf-8")
    (folder / "documents.json").write_text(json.dumps({"_id": "d1", "text": text}) + "\n")
    ents = [("Turkish forces", "Organisation"), ("Kurdish fighters", "Organisation")]
    lines = []
    for value, kind in ents:
        begin = text.index(value)
        lines.append(
            json.dumps(
                {
                    "documentId": "d1",
                    "begin": begin,
                    "end": begin + len(value),
                    "type": kind,
                    "value": value,
                }
            )
        )
    (folder / "entities.json").write_text("\n".join(lines) + "\n")
    rel = {
        "documentId": "d1",
        "type": "FightingAgainst",
        "sourceBegin": 0,
        "sourceEnd": 14,
        "targetBegin": 24,
        "targetEnd": 40,
    }
    (folder / "relations.json").write_text(json.dumps(rel) + "\n")
    return data


def test_re3d_scores_known_answer(tmp_path: Path) -> None:
    result = re3d.evaluate(_write(tmp_path))
    assert result.n_items == 1
    assert result.metrics["relation_f1"] == 1.0


def test_re3d_symmetric_match() -> None:
    gold = [re3d.Relation("d", "ATTACK", (0, 5), (10, 15))]
    pred = [re3d.Relation("d", "ATTACK", (10, 15), (0, 5))]
    assert re3d.score(pred, gold, {"ATTACK"})[0] == 1
    assert re3d.score(pred, gold, set())[0] == 0
