"""The script that turns early Wikinews wikitext into the committed ``wikinews_pd`` corpus."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    path = ROOT / "scripts" / "build_wikinews_pd_corpus.py"
    spec = importlib.util.spec_from_file_location("build_wikinews_pd_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_wikitext_keeps_link_labels_and_drops_templates() -> None:
    plain = _script()._plain
    text, date = plain(
        "{{date|March 4, 2005}}{{Europe}}''{{w|Le Monde|Le Monde}}'' said the "
        "[[Freedonia|Freedonian]] minister met {{w|Rufus T. Firefly|Firefly}} in "
        "[[Sylvania]]. [[File:Map.png|thumb|A map]][[Category:Politics]]"
    )
    assert text == "Le Monde said the Freedonian minister met Firefly in Sylvania."
    assert date == "2005-03-04"


def test_lost_lead_keeps_the_text_after_its_first_broken_sentence() -> None:
    repair = _script()._repair
    text, lost = repair(
        "{{byline|dateinister of Freedonia left early. The talks with Sylvania went on.\n{publish}}"
    )
    assert lost
    assert text.strip() == "The talks with Sylvania went on."
    same, lost = repair("Talks went on. {{publish}}")
    assert not lost
    assert same.strip() == "Talks went on."


def test_dateline_parses_only_a_bare_date() -> None:
    dateline = _script()._dateline
    assert dateline("December 3, 2004") == "2004-12-03"
    assert dateline("On December 3, 2004 talks began.") is None


def test_committed_corpus_has_plain_unique_records() -> None:
    path = ROOT / "data" / "training" / "corpus" / "wikinews_pd.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len({r["id"] for r in records}) == len(records) > 0
    for record in records:
        assert record["id"].startswith("WNPD-")
        assert "{{" not in record["text"]
        assert "[[" not in record["text"]
        assert len(record["text"].split()) >= 80
        assert "public domain" in record["text_license"]
