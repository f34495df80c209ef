"""Build ``data/training/corpus/wikinews_pd.jsonl``: early English Wikinews articles as plain text.

    python scripts/build_wikinews_pd_corpus.py --repo PATH_TO_GIT_DIR
        [--commit 1d985031625909c908766812e8a18d0c88116ec8]
        [--out data/training/corpus/wikinews_pd.jsonl]

The public GitHub repository ``airKlizz/WikinewsSum`` (MIT licence for its code) kept, at the
commit above, a file ``endataset.json``: 101 English Wikinews articles of November 2004 to
January 2005 as wikitext paragraphs, with their categories (and the text of the news sources
they cite, which is not used here: those are copyrighted). English Wikinews content published
before 25 September 2005 was released into the public domain; later edits to those pages are
under CC BY 2.5. ``--repo`` is a git directory of that repository (a clone or mirror).

Wikitext is turned into text with mwparserfromhell: ``{{w|Target|Label}}`` links keep their
label, ``[[Target|Label]]`` links their label, files, categories and other templates are
dropped, and ``''``/``'''`` markup is removed. In most articles of that file the lead paragraph
was lost in an earlier extraction (a ``{{byline|date`` template ran into the next paragraph's
text and ate its first letters): such an article keeps the text from its first whole sentence
on, and its record says ``"lead_lost": true``. Articles whose markup does not parse cleanly (a
template left open inside the text), or with under 80 words, are left out. ``id`` is
``WNPD-<first 10 hex digits of sha1(title)>``. The date is the ``{{date|...}}`` template's,
else that of a first paragraph that is only a dateline, else a date category's ("December 3,
2004"), if any.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = "airKlizz/WikinewsSum"
FILE = "endataset.json"
COMMIT = "1d985031625909c908766812e8a18d0c88116ec8"
LICENSE = (
    "public domain (English Wikinews content published before 25 September 2005); later edits "
    "to the page: CC BY 2.5 (Wikinews contributors)"
)
MIN_WORDS = 80
_PUBLISH = re.compile(r"\{?\{(publish|archived?|haveyoursay|PD-Article)\}\}", re.I)
_BYLINE = "{{byline|date"
_SENTENCE_END = re.compile(r"[.!?][\"')\u201d]?\s+(?=[\"\u201c'A-Z])")


def _repair(chunk: str) -> tuple[str, bool]:
    """Drop status templates; where the source file lost the lead (a ``{{byline|date`` run into
    the next paragraph's text, first letters missing), keep what follows its first broken
    sentence. Returns (wikitext, lead lost)."""
    chunk = _PUBLISH.sub("", chunk)
    at = chunk.find(_BYLINE)
    if at < 0:
        return chunk, False
    rest = chunk[at + len(_BYLINE) :]
    end = _SENTENCE_END.search(rest)
    return (rest[end.end() :] if end else ""), True


def _plain(wikitext: str) -> tuple[str, str | None]:
    """(text, ISO date or None) of one wikitext paragraph."""
    import mwparserfromhell

    code = mwparserfromhell.parse(wikitext)
    date: str | None = None
    for template in code.filter_templates(recursive=True):
        if (
            str(template.name).strip().lower() == "w"
            and template.params
            and code.contains(template)
        ):
            code.replace(template, template.params[-1].value.strip_code().strip())
    for template in code.filter_templates(recursive=False):
        name = str(template.name).strip().lower()
        if name == "date" and template.params:
            raw = str(template.params[0].value).strip()
            try:
                date = dt.datetime.strptime(raw, "%B %d, %Y").date().isoformat()
            except ValueError:
                date = None
            code.remove(template)
        else:
            code.remove(template)
    for link in code.filter_wikilinks(recursive=False):
        title = str(link.title).strip()
        if title.lower().startswith(("file:", "image:", "category:")):
            code.remove(link)
        else:
            shown = link.text if link.text is not None else link.title
            label = mwparserfromhell.parse(str(shown)).strip_code().strip()
            code.replace(link, label)
    text = code.strip_code(normalize=True, collapse=True)
    return re.sub(r"[ \t]+", " ", text).strip(), date


def _dateline(paragraph: str) -> str | None:
    """The ISO date of a first paragraph that is only a dateline ("December 3, 2004")."""
    try:
        return dt.datetime.strptime(paragraph.strip(), "%B %d, %Y").date().isoformat()
    except ValueError:
        return None


def records(repo: Path, commit: str) -> list[dict[str, Any]]:
    raw = subprocess.run(
        ["git", "-C", str(repo), "show", f"{commit}:{FILE}"],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    out: list[dict[str, Any]] = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        paragraphs: list[str] = []
        date: str | None = None
        lead_lost = False
        for chunk in entry["text"]:
            repaired, lost = _repair(chunk)
            lead_lost = lead_lost or lost
            text, found = _plain(repaired)
            date = date or found
            if text:
                paragraphs.append(text)
        if date is None and paragraphs:
            date = _dateline(paragraphs[0])
        for category in entry.get("categories", []):
            date = date or _dateline(str(category))
        body = "\n\n".join(paragraphs)
        if "{{" in body or "}}" in body or "[[" in body or len(body.split()) < MIN_WORDS:
            continue
        title = str(entry["title"]).strip()
        out.append(
            {
                "id": f"WNPD-{hashlib.sha1(title.encode('utf-8')).hexdigest()[:10]}",
                "source": "English Wikinews (public-domain period)",
                "outlet": "Wikinews",
                "author": "",
                "url": "https://en.wikinews.org/wiki/" + title.replace(" ", "_"),
                "title": title,
                "date": date or "",
                "lead_lost": lead_lost,
                "categories": [str(c).strip() for c in entry.get("categories", [])],
                "text": body,
                "text_license": LICENSE,
                "provenance": {
                    "repo": REPO,
                    "file": FILE,
                    "commit": commit,
                    "extracted_with": "mwparserfromhell (w-template labels kept)",
                },
            }
        )
    return sorted(out, key=lambda r: str(r["id"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repo", type=Path, required=True)
    parser.add_argument("--commit", default=COMMIT)
    parser.add_argument("--out", type=Path, default=Path("data/training/corpus/wikinews_pd.jsonl"))
    args = parser.parse_args()
    rows = records(args.repo, args.commit)
    with args.out.open("w", encoding="utf-8") as handle:
        for record in rows:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(rows)} articles written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
