"""The script that turns early Wikinews wikitext into the committed ``wikinews_pd`` corpus."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from types import ModuleType

import pytest
from tests.learn.scripts import ROOT, git_repo_with, load_script


def _script() -> ModuleType:
    return load_script("build_wikinews_pd_corpus")


def test_wikitext_keeps_link_labels_and_drops_templates() -> None:
    plain = _script()._plain
    text, date = plain(
        "{{date|March 4, 2005}}{{Europe}}''{{w|Le Monde|Le Monde}}'' said the "
        "[[Freedonia|Freedonian]] minister met {{w|Rufus T. Firefly|Firefly}} in "
        "[[Sylvania]]. [[File:Map.png|thumb|A map]][[Category:Politics]]"
    )
    assert text == "Le Monde said the Freedonian minister met Firefly in Sylvania."
    assert date == "2005-03-04"


def test_lost_text_is_split_off_at_the_break() -> None:
    repair = _script()._repair
    before, after = repair("{{Europe}}{{Byline|dateinister left. Talks went on.\n{publish}}")
    assert before == "{{Europe}}"
    assert after is not None and after.strip() == "inister left. Talks went on."
    before, after = repair("{| ruleshe report says so. It is long.")
    assert before == "" and after is not None
    same, after = repair("Talks went on. {{publish}}")
    assert after is None
    assert same.strip() == "Talks went on."


def test_text_after_a_break_starts_at_its_first_whole_sentence() -> None:
    cut = _script()._after_first_sentence
    assert (
        cut('inister left early. "We go," he said. Talks went on.')
        == '"We go," he said. Talks went on.'
    )
    assert cut("the only sentence") == ""


def test_line_breaks_links_and_markup_remnants() -> None:
    plain = _script()._plain
    text, _ = plain(
        "These\npeople want safe\nschools, violating [[w:human rights]].\n"
        ':Roche: "No."\n* A list line\n[[de:Ein Artikel]]\n'
        "Read more [http://example.org/a?b\n\nSecond paragraph ''here''."
    )
    assert text.split("\n\n") == [
        "These people want safe schools, violating human rights.",
        'Roche: "No."',
        "A list line",
        "Read more",
        "Second paragraph here.",
    ]


def test_dateline_parses_only_a_bare_date() -> None:
    dateline = _script()._dateline
    assert dateline("December 3, 2004") == "2004-12-03"
    assert dateline("December 2004") == ""
    assert dateline("On December 3, 2004 talks began.") is None


def test_datelines_and_junk_paragraphs_are_not_kept() -> None:
    paragraphs = _script()._paragraphs
    kept, date, lost = paragraphs(
        [
            "'''December 3, 2004'''",
            "Freedonia sent troops to the border of Sylvania on Friday.",
            "!-- Instructions for editing tables: http://example.org/x -->",
            "{| border{publish}}\n{{archive}}",
            "{{haveyoursay}}\n---\n_NOTOC__\nww.example.com",
            "[Related story about the border]] (December 2, 2004)",
        ]
    )
    assert kept == ["Freedonia sent troops to the border of Sylvania on Friday."]
    assert date == "2004-12-03"
    assert not lost


def _git_repo_with(tmp_path: Path, entries: list[dict[str, object]]) -> tuple[Path, str]:
    lines = "".join(json.dumps(entry) + "\n" for entry in entries)
    return git_repo_with(tmp_path, {_script().FILE: lines})


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_records_end_to_end_from_a_git_repository(tmp_path: Path) -> None:
    body = " ".join(["The Freedonian army moved north along the river."] * 12)
    repo, commit = _git_repo_with(
        tmp_path,
        [
            {
                "title": "Freedonia moves troops",
                "text": [
                    "{{Europe}}{{byline|dateinister said so. " + body,
                    "{{date|March 4, 2005}}Sylvania protested.\n{{archive}}",
                ],
                "categories": ["Europe"],
            },
            {"title": "Too short", "text": ["Only a few words here."], "categories": []},
            {"title": next(iter(_script().EXCLUDED)), "text": [body], "categories": []},
        ],
    )
    rows = _script().records(repo, commit)
    assert [row["title"] for row in rows] == ["Freedonia moves troops"]
    row = rows[0]
    assert row["text"] == body + "\n\nSylvania protested."
    assert row["lead_lost"] is True
    assert row["date"] == "2005-03-04"
    assert row["provenance"]["commit"] == commit
    assert row["id"].startswith("WNPD-") and len(row["id"]) == 15


_JUNK_IN_TEXT = re.compile(
    r"\{\{|\}\}|\[\[|\]\]|\{\||!--|-->|NOTOC|^-{3,}$|\[https?:|https?://|\bw:|''|"
    r"(?<!\n)\n(?!\n)",
    re.M,
)


def test_committed_corpus_has_plain_unique_records() -> None:
    path = ROOT / "data" / "training" / "corpus" / "wikinews_pd.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len({r["id"] for r in records}) == len(records) > 0
    for record in records:
        assert record["id"].startswith("WNPD-")
        assert _JUNK_IN_TEXT.search(record["text"]) is None, record["id"]
        for paragraph in record["text"].split("\n\n"):
            assert _script()._dateline(paragraph) is None, record["id"]
            assert paragraph == paragraph.strip() and paragraph, record["id"]
        assert len(record["text"].split()) >= 75
        assert "public domain" in record["text_license"]
