"""Build (or extend) ``data/training/corpus/state_dept.jsonl`` from a State Department feed history.

    python scripts/build_state_dept_corpus.py --repo PATH_TO_GIT_DIR [--add 60] [--seed 2026]
        [--out data/training/corpus/state_dept.jsonl]

The U.S. Department of State's press-release RSS feed (``state.gov/rss-feed/press-releases``)
was captured hourly from May 2021 to August 2022 in the public GitHub repository
``markschaver/State-Department-PR`` (file ``data.rss``, one commit per capture). Press releases
are works of the U.S. federal government: public domain (17 U.S.C. 105). ``--repo`` is a git
directory of that repository (a clone or mirror).

Every release is read from the latest capture that holds it: the item's ``content:encoded``
HTML (feedparser), its text extracted with trafilatura; ``id`` is
``SD-<date>-<first 8 hex digits of sha1(url)>``. Records already in ``--out`` are kept as they
are; ``--add N`` appends N releases not yet there, drawn with ``random.Random(seed)`` from the
releases of at least 80 words and a date, and written in the order of their ids.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
from pathlib import Path

REPO = "markschaver/State-Department-PR"
FEED_FILE = "data.rss"
LICENSE = (
    "public domain (work of the U.S. federal government, 17 U.S.C. 105; state.gov: information "
    "is in the public domain unless a copyright is indicated)"
)
MIN_WORDS = 80


def _git(repo: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(repo), *args], check=True, capture_output=True
    ).stdout


def releases(repo: Path) -> dict[str, dict[str, object]]:
    """Every release of the feed history by URL, from the latest capture that holds it."""
    import feedparser
    import trafilatura

    commits = _git(repo, "log", "--format=%H", "--", FEED_FILE).decode().split()
    found: dict[str, dict[str, object]] = {}
    for commit in commits:
        feed = feedparser.parse(_git(repo, "show", f"{commit}:{FEED_FILE}"))
        for entry in feed.entries:
            url = str(entry.get("link", ""))
            if not url or url in found or not entry.get("content"):
                continue
            if not entry.get("published_parsed"):
                continue  # no date: no id
            text = trafilatura.extract(entry.content[0].value) or ""
            parsed = entry.get("published_parsed")
            date = (
                f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}" if parsed else ""
            )
            found[url] = {
                "id": f"SD-{date}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:8]}",
                "source": "U.S. Department of State press releases",
                "outlet": "U.S. Department of State",
                "author": str(entry.get("author", "")),
                "url": url,
                "title": str(entry.get("title", "")),
                "date": date,
                "text": text,
                "text_license": LICENSE,
                "provenance": {
                    "repo": REPO,
                    "file": FEED_FILE,
                    "commit": commit,
                    "extracted_with": "feedparser content:encoded, trafilatura.extract",
                },
            }
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repo", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("data/training/corpus/state_dept.jsonl"))
    parser.add_argument("--add", type=int, default=0)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    kept: list[dict[str, object]] = []
    if args.out.exists():
        with args.out.open(encoding="utf-8") as handle:
            kept = [json.loads(line) for line in handle if line.strip()]
    have = {str(r["url"]) for r in kept}
    pool = [
        r
        for url, r in sorted(releases(args.repo).items(), key=lambda kv: str(kv[1]["id"]))
        if url not in have and len(str(r["text"]).split()) >= MIN_WORDS
    ]
    drawn = random.Random(args.seed).sample(pool, min(args.add, len(pool)))
    added = sorted(drawn, key=lambda r: str(r["id"]))
    with args.out.open("w", encoding="utf-8") as handle:
        for record in [*kept, *added]:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(kept)} kept, {len(added)} added, {len(pool)} more available", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
