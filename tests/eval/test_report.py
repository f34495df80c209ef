"""The generated evaluation report."""

from __future__ import annotations

from claimgraph.eval.base import EvalResult
from claimgraph.eval.report import TaskOutcome, render
from claimgraph.eval.runner import TASKS


def test_report_renders_targets_peers_and_missing_tasks() -> None:
    polnear = EvalResult(
        task="polnear",
        data="d",
        split="dev",
        n_items=10,
        metrics={"cue_f1": 0.9, "source_f1_overlap": 0.5, "content_f1_overlap": None},
        peers={"textacy_quotes": {"cue_f1": 0.2}},
    )
    claims = EvalResult(
        task="claims",
        data="eval/claims",
        split=None,
        n_items=3,
        metrics={"actor_match": 0.5, "type_match": 0.25},
        per_item=[
            {
                "doc_id": "A1",
                "n_gold": 3,
                "type_match": 0.25,
                "errors": {"no_candidate": 2, "matched": 1},
            }
        ],
    )
    text = render(
        [
            TaskOutcome(TASKS["polnear"], "cmd polnear", result=polnear),
            TaskOutcome(TASKS["claims"], "cmd claims", result=claims),
            TaskOutcome(TASKS["aeb"], "cmd aeb", error="no such folder"),
        ],
        analysis="## Analysis\n\nwhy",
    )
    assert "target `cue_f1` ≥ 0.82: 0.900 (met)" in text
    assert "target `source_f1_overlap` ≥ 0.82: 0.500 (**not met**)" in text
    assert "target `content_f1_overlap` ≥ 0.80: not measured" in text
    assert "| textacy_quotes (measured here) | 0.200 |" in text
    assert "| A1 | 3 | — | — | 0.250 |" in text and "no_candidate 2" in text
    assert "not run: no such folder" in text
    assert text.rstrip().endswith("why")


def test_report_puts_seeded_parts_beside_the_whole_set() -> None:
    whole = EvalResult(
        task="plover", data="d", split=None, n_items=166, metrics={"iso3_accuracy": 0.922}
    )
    test_part = EvalResult(
        task="plover", data="d", split="test", n_items=27, metrics={"iso3_accuracy": 0.9}
    )
    text = render([TaskOutcome(TASKS["plover"], "cmd", result=whole, parts={"test": test_part})])
    assert "### Stage scores by part" in text
    assert "| plover | iso3_accuracy | 0.922 (all) | test | 0.900 | 27 |" in text
    # a task without parts adds no row
    assert "| plover | sector_accuracy" not in text
