"""Write data/training/splits.tsv: the fixed train / dev / test split of the annotated articles.

    python scripts/make_splits.py [--data data/training]

Each article's split is a pure function of the seed and its id (``claimgraph.learn.splits``),
so re-running after new articles are annotated never moves an article that is already placed.
Refuses to run when an article of the evaluation set ``eval/claims`` is among them. The
shared Wikinews articles flagged ``geopolitics_heuristic`` are held out of training (dev/test
only), so that the figures reported on the international-affairs articles are out of sample;
so are the Wikinews articles whose MEANTIME document is outside MEANTIME's ``train`` part
(the status model trains on that part).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from claimgraph.learn.splits import write_splits


def meantime_held_out(shared: Path) -> frozenset[str]:
    """Wikinews ids (``MEANTIME_<n>``) of the MEANTIME documents outside its ``train`` part.

    The status model trains on MEANTIME's train part and on the training claims; a claim of
    an article whose MEANTIME document is in the dev or test part would carry that part's
    events into training, so such articles go to dev/test only.
    """
    from claimgraph.learn.splits import stage_part

    folder = shared / "factuality" / "meantime"
    return frozenset(
        f"MEANTIME_{path.name.split('_', 1)[0]}"
        for path in folder.rglob("*.conll")
        if stage_part(path.name) != "train"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("data/training"))
    parser.add_argument("--eval", type=Path, default=Path("eval/claims"))
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    args = parser.parse_args()
    held = {
        doc["id"]
        for path in sorted(args.eval.glob("*.json"))
        for doc in json.loads(path.read_text(encoding="utf-8"))["documents"]
    }
    rows: list[tuple[str, str, str]] = []
    for path in sorted((args.data / "claims").glob("*.json")):
        for doc in json.loads(path.read_text(encoding="utf-8"))["documents"]:
            rows.append((doc["id"], doc["corpus"], path.name))
    clash = sorted({doc_id for doc_id, _c, _f in rows} & held)
    if clash:
        print(f"articles of {args.eval} must not be training data: {clash}", file=sys.stderr)
        return 1
    ids = [doc_id for doc_id, _c, _f in rows]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        print(f"articles annotated twice: {twice}", file=sys.stderr)
        return 1
    wikinews = args.shared / "corpus" / "wikinews" / "articles.jsonl"
    if not wikinews.is_file():
        print(f"{wikinews} not found (give --shared)", file=sys.stderr)
        return 1
    with wikinews.open(encoding="utf-8") as handle:
        flagged = frozenset(
            record["id"]
            for record in map(json.loads, handle)
            if record.get("geopolitics_heuristic")
        )
    counts = write_splits(
        args.data / "splits.tsv", rows, held_out=flagged | meantime_held_out(args.shared)
    )
    print(" ".join(f"{split} {n}" for split, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
