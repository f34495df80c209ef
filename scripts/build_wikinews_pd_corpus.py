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
label, ``[[Target|Label]]`` links their label (a label-less ``[[w:Target]]`` its target without
the prefix), files, categories, interlanguage links and other templates are dropped, and
``''``/``'''`` markup is removed. A line break inside a paragraph becomes a space; an indented,
list or bold heading line starts a paragraph of its own. A paragraph that is only a dateline
("December 3, 2004") gives the date and is not kept.

The source file is damaged in places, and the damage is repaired by rule:

- In most articles the lead paragraph was lost in an earlier extraction: a ``{{byline|date``
  template (any case) ran into the next paragraph's text and ate its first letters. The same
  happened after some table openings (``{| rules``). Such a chunk keeps its text from the first
  whole sentence after the break, and the record says ``"lead_lost": true``.
- Remnants of broken markup are dropped: paragraphs that start a table, an unclosed comment or
  a rule (``{|``, ``!--``, ``---``, ``__NOTOC__``), that hold an unmatched ``[[``, ``]]``,
  ``{{`` or ``}}``, or that are a bare web address; an external link the parser left as text
  (unclosed or cut off) is removed.

Articles with under 75 words, and those in ``EXCLUDED`` (not running text), are left out. ``id``
is ``WNPD-<first 10 hex digits of sha1(title)>``. The date is the ``{{date|...}}`` template's,
else a dateline paragraph's, else a date category's ("December 3, 2004"), if any.
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
MIN_WORDS = 75
# Articles of the file that are not running text.
EXCLUDED = {"Draw for Champions League round of 16 made": "a fixture list, not prose"}
_PUBLISH = re.compile(r"\{?\{(publish|archived?|haveyoursay|reviewed|PD-Article)\}\}", re.I)
# Where the source file lost text: a ``{{byline|date`` template or a table opening run into the
# next paragraph's text, its first letters eaten.
_BROKEN = re.compile(r"\{\{byline\|date|\{\|[ \t]*(?:rules|border)", re.I)
_SENTENCE_END = re.compile(r"[.!?][\"')\u201d]?\s+(?=[\"\u201c'A-Z])")
# A line break that starts a block of its own in wikitext: an indented, list or definition
# line, or a bold heading line ("'''December 29'''").
_BLOCK_LINE = re.compile(r"\n(?=[:*#;])|(?<=''')\n|\n(?=''')|(?<=<br>)\n")
_PREFIXES = ("w:", "wikipedia:", "wikt:", "wiktionary:", "n:", "wikinews:")
_INTERLANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[a-z]+)?:", re.I)
# An external link the parser left as text (unclosed, or cut off by the source file).
_OPEN_EXTERNAL = re.compile(r"\[?\bhttps?://[^\s\]]*\]?")
# Paragraphs that are remnants of markup the source file broke: tables, comments, rules, a
# stray link or template end, a bare address.
_JUNK = re.compile(
    r"^(?:\{\||!--|_+NOTOC_*|-{3,})|-->|\]\]|\[\[|\{\{|\}\}|^\S*\.(?:com|org|net)\S*$"
)
_DATELINE_FORMATS = ("%B %d, %Y", "%B %Y", "%B %d")


def _repair(chunk: str) -> tuple[str, str | None]:
    """Split a wikitext chunk where the source file lost text (a ``{{byline|date`` or table
    opening run into the next paragraph's text, its first letters missing): (wikitext before,
    wikitext after, or None where nothing was lost). Status templates are dropped."""
    chunk = _PUBLISH.sub("", chunk)
    found = _BROKEN.search(chunk)
    if found is None:
        return chunk, None
    return chunk[: found.start()], chunk[found.end() :]


def _after_first_sentence(text: str) -> str:
    """What follows the first sentence end of a plain text whose start was lost."""
    end = _SENTENCE_END.search(text)
    return text[end.end() :] if end else ""


def _link_label(link: Any) -> str:
    """The shown text of a wikilink: its label, else its title without an interwiki prefix."""
    import mwparserfromhell

    if link.text is not None:
        return str(mwparserfromhell.parse(str(link.text)).strip_code().strip())
    title = str(mwparserfromhell.parse(str(link.title)).strip_code().strip())
    for prefix in _PREFIXES:
        if title.lower().startswith(prefix):
            return title[len(prefix) :]
    return title


def _plain(wikitext: str) -> tuple[str, str | None]:
    """(text, ISO date or None) of a wikitext chunk. Paragraphs are separated by a blank line;
    a line break inside a paragraph becomes a space, one that starts a block (indent, list,
    bold heading line) a paragraph break."""
    import mwparserfromhell

    code = mwparserfromhell.parse(_BLOCK_LINE.sub("\n\n", wikitext))
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
    for link in code.filter_wikilinks(recursive=False):
        title = str(link.title).strip()
        lowered = title.lower()
        if lowered.startswith(("file:", "image:", "category:")) or (
            _INTERLANGUAGE.match(title) and not lowered.startswith(_PREFIXES)
        ):
            code.remove(link)
        else:
            code.replace(link, _link_label(link))
    text = code.strip_code(normalize=True, collapse=True)
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n", text):
        paragraph = re.sub(r"'{2,}", "", _OPEN_EXTERNAL.sub("", block))
        paragraph = re.sub(r"\s+", " ", paragraph).strip()
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs), date


def _dateline(paragraph: str) -> str | None:
    """For a paragraph that is only a dateline, its ISO date ("December 3, 2004"), or "" where
    it names no full date ("December 2004"); None for any other paragraph."""
    for fmt in _DATELINE_FORMATS:
        try:
            parsed = dt.datetime.strptime(paragraph.strip(), fmt).date()
        except ValueError:
            continue
        return parsed.isoformat() if fmt == "%B %d, %Y" else ""
    return None


def _is_junk(paragraph: str) -> bool:
    return _JUNK.search(paragraph) is not None or len(paragraph.split()) < 2


def _paragraphs(chunks: list[str]) -> tuple[list[str], str | None, bool]:
    """The plain paragraphs of an article's wikitext chunks, its date, and whether text was
    lost. Datelines give the date and are not kept; markup remnants are dropped."""
    paragraphs: list[str] = []
    date: str | None = None
    lead_lost = False
    for chunk in chunks:
        before, after = _repair(chunk)
        texts = []
        text, found = _plain(before)
        date = date or found
        texts.append(text)
        if after is not None:
            text, found = _plain(after)
            date = date or found
            lead_lost = lead_lost or bool(text)
            texts.append(_after_first_sentence(text))
        for text in texts:
            for paragraph in text.split("\n\n"):
                dateline = _dateline(paragraph)
                if dateline is not None:
                    date = date or dateline or None
                elif paragraph and not _is_junk(paragraph):
                    paragraphs.append(paragraph)
    return paragraphs, date, lead_lost


def records(repo: Path, commit: str) -> list[dict[str, Any]]:
    raw = subprocess.run(
        ["git", "-C", str(repo), "show", f"{commit}:{FILE}"],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    out: list[dict[str, Any]] = []
    for line in raw.split("\n"):
        if not line.strip():
            continue
        entry = json.loads(line)
        if str(entry["title"]).strip() in EXCLUDED:
            continue
        paragraphs, date, lead_lost = _paragraphs([str(c) for c in entry["text"]])
        for category in entry.get("categories", []):
            date = date or _dateline(str(category)) or None
        body = "\n\n".join(paragraphs)
        if len(body.split()) < MIN_WORDS:
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
