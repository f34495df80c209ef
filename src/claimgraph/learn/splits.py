"""The fixed train / dev / test split of the annotated articles.

A document's split is a pure function of the seed and its id, so adding articles never moves
one that is already placed. The international-affairs articles of the shared Wikinews demo
corpus (its ``geopolitics_heuristic`` flag) go to dev and test only: the corpus-level figures
reported on them (claims per article, judged precision) then come from articles the model
never trained on. ``data/training/splits.tsv`` is written by
``scripts/make_splits.py`` from these rules and is what training and evaluation read.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path

#: The seed of the split; changing it would reshuffle every article.
SPLIT_SEED = "claimgraph-splits-2026"
SPLITS = ("train", "dev", "test")
#: Share of ordinary articles in train and dev (the rest is test).
TRAIN_SHARE, DEV_SHARE = 0.70, 0.15


def _unit(doc_id: str, seed: str) -> float:
    digest = hashlib.sha1(f"{seed}|{doc_id}".encode()).hexdigest()
    return int(digest[:12], 16) / float(1 << 48)


def assign_split(doc_id: str, *, held_out: bool = False, seed: str = SPLIT_SEED) -> str:
    """``train``, ``dev`` or ``test`` for one annotated article (``held_out``: never train)."""
    u = _unit(doc_id, seed)
    if held_out:
        return "dev" if u < 0.5 else "test"
    if u < TRAIN_SHARE:
        return "train"
    return "dev" if u < TRAIN_SHARE + DEV_SHARE else "test"


def write_splits(
    path: Path, documents: Iterable[tuple[str, str, str]], *, held_out: frozenset[str] = frozenset()
) -> dict[str, int]:
    """Write ``doc_id, corpus, gold_file, split`` rows (sorted) and return counts per split."""
    rows = sorted(
        (doc_id, corpus, gold_file, assign_split(doc_id, held_out=doc_id in held_out))
        for doc_id, corpus, gold_file in documents
    )
    counts = dict.fromkeys(SPLITS, 0)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["doc_id", "corpus", "gold_file", "split"])
        for row in rows:
            writer.writerow(row)
            counts[row[3]] += 1
    return counts


def read_splits(path: Path) -> Mapping[str, str]:
    """doc_id -> split, from ``splits.tsv``."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["doc_id"]: row["split"] for row in csv.DictReader(handle, delimiter="\t")}


#: The seed of the parts of the shared stage sets (MEANTIME documents, PLOVER records, ...).
PART_SEED = "claimgraph-stage-parts-2026"
PARTS = ("train", "dev", "test")
#: Shares of a shared stage set in its train and dev parts (the rest is test).
PART_TRAIN, PART_DEV = 0.60, 0.20


def stage_part(item_id: str, *, seed: str = PART_SEED) -> str:
    """``train``, ``dev`` or ``test`` for one item of a shared stage set.

    The shared gold sets have no split of their own (or only a dev split): the learned
    components train on the ``train`` part, thresholds are chosen on ``dev`` and ``test`` is
    reported beside it, never tuned on.
    """
    u = _unit(item_id, seed)
    if u < PART_TRAIN:
        return "train"
    return "dev" if u < PART_TRAIN + PART_DEV else "test"
