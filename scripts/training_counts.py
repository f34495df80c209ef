"""Counts of the training annotations, for data/training/README.md.

    python scripts/training_counts.py [--data data/training]

Prints, per batch file of ``claims/``, its articles, claims and corpora, then the totals, the
statuses and the split counts of ``splits.tsv``: the figures the README's table quotes.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("data/training"))
    args = parser.parse_args()
    statuses: Counter[str] = Counter()
    n_docs = n_claims = 0
    print("| file | articles | claims | corpora (articles) | annotator |")
    print("|---|---|---|---|---|")
    for path in sorted((args.data / "claims").glob("*.json")):
        payload = json.loads(path.read_text(encoding="utf-8"))
        docs = payload["documents"]
        corpora = Counter(doc["corpus"] for doc in docs)
        claims = [claim for doc in docs for claim in doc["claims"]]
        statuses.update(str(claim.get("status")) for claim in claims)
        n_docs += len(docs)
        n_claims += len(claims)
        where = "; ".join(f"`{c}` ({n})" for c, n in sorted(corpora.items()))
        row = [f"`claims/{path.name}`", str(len(docs)), str(len(claims)), where]
        print("| " + " | ".join([*row, str(payload.get("annotator", "-"))]) + " |")
    print(f"| **total** | **{n_docs}** | **{n_claims}** | | |")
    print()
    print("Statuses: " + ", ".join(f"{s} {n}" for s, n in statuses.most_common()) + ".")
    splits_file = args.data / "splits.tsv"
    if splits_file.is_file():
        lines = splits_file.read_text(encoding="utf-8").splitlines()
        splits = Counter(line.split("\t")[-1] for line in lines[1:] if "\t" in line)
        print("Splits: " + ", ".join(f"{s} {splits[s]}" for s in ("train", "dev", "test")) + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
