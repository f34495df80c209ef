"""The script that turns scraped 2019-2020 Wikinews articles into the ``wikinews_cc`` corpus."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from types import ModuleType

import pytest
from tests.learn.scripts import ROOT, git_repo_with, load_script


def _script() -> ModuleType:
    return load_script("build_wikinews_cc_corpus")


def test_dateline_captions_and_pull_quotes_are_removed() -> None:
    text = (
        "Friday, January 4, 2019 \n\n\nThe Freedonian army moved north on Monday.\n\n\n"
        "Troops at the border Image: Rufus Firefly.\n\n"
        "\u2014Rufus T. Firefly, Freedonian leader\n\n"
        '"We will not retreat."\u00a0\u00a0\u2014 Firefly\n\n'
        "\u2588\u2588\u00a0Occupied area\n\n"
        "Border crossings\n\n"
        'Sylvania said the move was\nan act of war.\n\n\n"\n'
    )
    assert _script().paragraphs(text) == [
        "The Freedonian army moved north on Monday.",
        "Sylvania said the move was an act of war.",
    ]


def test_dateline_sharing_the_first_paragraph_is_cut_off() -> None:
    text = "Monday, August 3, 2020\u00a0\nOn Thursday, Sylvania closed its border."
    assert _script().paragraphs(text) == ["On Thursday, Sylvania closed its border."]
    # A date inside the text is kept.
    later = "Talks began.\n\nMonday, August 3, 2020 was the deadline, Sylvania said."
    assert _script().paragraphs(later)[1].startswith("Monday, August 3, 2020 was")


def test_interviews_are_recognised() -> None:
    interview = "\n\n".join(["((WN)) Why?", "((Rufus Firefly)) Because.", "((WN)) When?"])
    assert _script().is_interview(interview)
    assert not _script().is_interview("Firefly said the talks ((in Geneva)) failed.")


def _csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["url", "date", "title", "text"])
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_records_end_to_end_from_a_git_repository(tmp_path: Path) -> None:
    body = " ".join(["The Freedonian army moved north along the river."] * 20)
    url = "https://en.wikinews.org//wiki/Freedonia_moves_troops"
    first, second = _script().FILES
    repo, commit = git_repo_with(
        tmp_path,
        {
            first: _csv(
                [
                    {
                        "url": url,
                        "date": "2019-01-04",
                        "title": "Freedonia moves troops",
                        "text": "Friday, January 4, 2019\n\n" + body + "\n\n\u2014Firefly",
                    },
                    {
                        "url": url + "2",
                        "date": "2019-01-05",
                        "title": "Too short",
                        "text": "Only a few words here.",
                    },
                ]
            ),
            second: _csv(
                [
                    {
                        "url": url + "3",
                        "date": "2020-01-05",
                        "title": "An interview",
                        "text": "\n\n".join(
                            ["((WN)) Why? " + body, "((Firefly)) So.", "((WN)) Ok."]
                        ),
                    },
                ]
            ),
        },
    )
    rows = _script().records(repo, commit)
    assert [row["title"] for row in rows] == ["Freedonia moves troops"]
    row = rows[0]
    assert row["text"] == body
    assert row["url"] == "https://en.wikinews.org/wiki/Freedonia_moves_troops"
    assert row["date"] == "2019-01-04"
    assert row["provenance"] == {"repo": _script().REPO, "file": first, "commit": commit}
    assert row["id"].startswith("WNCC-") and len(row["id"]) == 15
    assert "CC BY 2.5" in row["text_license"]


def test_committed_corpus_has_plain_unique_records_outside_the_shared_corpus() -> None:
    path = ROOT / "data" / "training" / "corpus" / "wikinews_cc.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len({r["id"] for r in records}) == len(records) > 0
    for record in records:
        assert record["id"].startswith("WNCC-")
        assert record["date"][:4] in {"2019", "2020", "2021"}, record["id"]
        assert "Image:" not in record["text"] and "((WN))" not in record["text"]
        for paragraph in record["text"].split("\n\n"):
            assert paragraph == paragraph.strip() and paragraph and "\n" not in paragraph
            assert _script()._DATELINE.match(paragraph) is None, record["id"]
        assert 150 <= len(record["text"].split()) <= 1500
    shared = ROOT.parent / "shared" / "data" / "corpus" / "wikinews" / "articles.jsonl"
    if shared.exists():
        lines = shared.read_text(encoding="utf-8").splitlines()
        titles = {json.loads(line)["title"].strip().lower() for line in lines}
        assert not titles & {r["title"].strip().lower() for r in records}
