"""Build ``data/training/corpus/wikinews_cc.jsonl``: English Wikinews articles of 2019-2020.

    python scripts/build_wikinews_cc_corpus.py --repo PATH_TO_GIT_DIR
        [--commit 347254178bf343f3801aac1d03c41cc09c35decb]
        [--out data/training/corpus/wikinews_cc.jsonl]

The public GitHub repository ``vanatteveldt/wikinews`` keeps, at the commit above, two files
``data/wikinews_2019.csv`` (171 articles) and ``data/wikinews_2020.csv`` (124 articles) with
columns ``url, date, title, text``: the published English Wikinews articles of those years as
scraped plain text. Wikinews articles are under CC BY 2.5 (attribution: Wikinews contributors,
the article's address, kept in each record's ``url``); the repository puts its own code under
the same licence. ``--repo`` is a git directory of that repository (a clone or mirror).

None of these articles is in the shared Wikinews corpus (its latest article is of 2023, and
none is of 2019 or 2020), so annotating them does not touch the Wikinews sample the product is
judged on.

The scraped text keeps page furniture, removed by rule:

- the dateline that opens the article ("Friday, January 4, 2019"), alone or at the start of the
  first paragraph; the record keeps the CSV's ISO date instead;
- image captions (any paragraph holding ``Image:``, the credit line of a caption), the
  attribution lines of pull quotes (a paragraph opening with a dash, or a quote followed by
  ``— Name``), map and chart legends (``█``), and short lines without a sentence end (captions
  and headings of under 12 words);
- a line break inside a paragraph becomes a space.

Interviews (the ``((WN))`` question-and-answer layout) are left out, as are articles of under
150 or over 1,500 words. ``id`` is ``WNCC-<first 10 hex digits of sha1(url)>``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = "vanatteveldt/wikinews"
FILES = ("data/wikinews_2019.csv", "data/wikinews_2020.csv")
COMMIT = "347254178bf343f3801aac1d03c41cc09c35decb"
LICENSE = "CC BY 2.5 (Wikinews contributors; the article's address is in url)"
MIN_WORDS = 150
MAX_WORDS = 1500
SHORT_LINE = 12
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_DATELINE = re.compile(rf"^\s*{_WEEKDAY},\s+{_MONTH}\s+\d{{1,2}},\s+\d{{4}}\s*")
_INTERVIEW = re.compile(r"\(\((?:WN|[A-Z][^()]{1,60})\)\)")
_SENTENCE_END = re.compile(r"[.!?:;][\"'\u201d\u2019)\]]*$")
_PULL_QUOTE = re.compile(r"^[\u2014\u2013]|[\"\u201d]\s*[\u2014\u2013]\s*\S")
_SPACE = re.compile(r"[ \t\u00a0\u200d]+")


def _clean(paragraph: str) -> str:
    return _SPACE.sub(" ", paragraph.replace("\n", " ")).strip()


def _is_furniture(paragraph: str) -> bool:
    """A caption, pull-quote attribution, legend or heading, not running text."""
    if "Image:" in paragraph or "\u2588" in paragraph or _PULL_QUOTE.search(paragraph):
        return True
    return len(paragraph.split()) < SHORT_LINE and not _SENTENCE_END.search(paragraph)


def paragraphs(text: str) -> list[str]:
    """The running-text paragraphs of one scraped article, dateline and furniture removed."""
    out: list[str] = []
    for raw in re.split(r"\n\s*\n", text):
        paragraph = _clean(_DATELINE.sub("", raw, count=1) if not out else raw)
        if paragraph and not _is_furniture(paragraph):
            out.append(paragraph)
    return out


def is_interview(text: str) -> bool:
    return len(_INTERVIEW.findall(text)) >= 3


def _title_from_url(url: str) -> str:
    return url.rsplit("/", 1)[-1]


def records(repo: Path, commit: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for name in FILES:
        raw = subprocess.run(
            ["git", "-C", str(repo), "show", f"{commit}:{name}"],
            check=True,
            capture_output=True,
        ).stdout.decode("utf-8")
        for row in csv.DictReader(io.StringIO(raw, newline="")):
            text = row["text"]
            if is_interview(text):
                continue
            body = "\n\n".join(paragraphs(text))
            if not MIN_WORDS <= len(body.split()) <= MAX_WORDS:
                continue
            url = row["url"].replace("org//wiki/", "org/wiki/")
            out.append(
                {
                    "id": f"WNCC-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:10]}",
                    "source": "English Wikinews",
                    "outlet": "Wikinews",
                    "author": "",
                    "url": url,
                    "title": row["title"].strip() or _title_from_url(url),
                    "date": row["date"].strip(),
                    "text": body,
                    "text_license": LICENSE,
                    "provenance": {"repo": REPO, "file": name, "commit": commit},
                }
            )
    return sorted(out, key=lambda r: str(r["id"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repo", type=Path, required=True)
    parser.add_argument("--commit", default=COMMIT)
    parser.add_argument("--out", type=Path, default=Path("data/training/corpus/wikinews_cc.jsonl"))
    args = parser.parse_args()
    rows = records(args.repo, args.commit)
    with args.out.open("w", encoding="utf-8") as handle:
        for record in rows:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(rows)} articles written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
