"""Draw a seeded random sample of predicted claims on the shared Wikinews corpus, for judging.

    python scripts/sample_claims.py [--extractor model] [--n 100] [--seed 2026]
        [--out data/judgments/wikinews_sample.json]
    python scripts/sample_claims.py --show data/judgments/wikinews_sample.json
    python scripts/sample_claims.py --score data/judgments/wikinews_sample.json

The first form runs the pipeline (``PipelineConfig(extractor=...)``) over every article of
``corpus/wikinews/articles.jsonl``, counts the claims per international-affairs article (its
``geopolitics_heuristic`` flag), and writes a sample of ``--n`` claims drawn with
``random.Random(seed)`` from the claims of every article outside the training split
(``data/training/splits.tsv``), so the judged precision is out of sample. Each sampled claim
carries what a judge needs to find and read it: the article id, the sentence's span, subject,
object, type, status, source chain and trigger. The judge fills ``judgment`` per claim
(docs/annotation.md decides):

    "judgment": {"claim": true|false, "actors": true|false, "type": true|false,
                 "status": true|false, "note": "..."}

``claim``: the sentence states an event between the two actors (§1), in this direction;
``actors``/``type``/``status``: the field is right (judged only when ``claim`` is true).
No article text is stored: a sampled claim points to its sentence by article id and
character span, and ``--show`` prints each claim with its sentence read in place from the
shared corpus. ``--score`` prints the judged precision (share of ``claim`` true, and of
claims right in actors + type + status) of a judged file.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from claimgraph.eval.claims import shared_data_root

WIKINEWS = Path("corpus") / "wikinews" / "articles.jsonl"


def _articles(shared: Path, *, flagged_only: bool = False) -> list[dict[str, object]]:
    with (shared / WIKINEWS).open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [r for r in rows if r.get("geopolitics_heuristic") or not flagged_only]


def _train_ids() -> frozenset[str]:
    """Articles of the training split: their claims are in-sample and never drawn."""
    from claimgraph.learn.splits import read_splits

    path = Path("data/training/splits.tsv")
    if not path.is_file():
        return frozenset()
    return frozenset(doc for doc, split in read_splits(path).items() if split == "train")


def draw(extractor: str, n: int, seed: int, shared: Path) -> dict[str, object]:
    import datetime as dt

    from claimgraph.pipeline import Pipeline, PipelineConfig

    pipeline = Pipeline(PipelineConfig(extractor=extractor))
    claims: list[dict[str, object]] = []
    per_article: dict[str, int] = {}
    train_ids = _train_ids()
    for row in _articles(shared):
        date = row.get("date")
        published = None
        if isinstance(date, str) and len(date) >= 10:
            try:
                published = dt.date.fromisoformat(date[:10])
            except ValueError:
                published = None
        result = pipeline.extract_text(
            str(row["text"]),
            title=str(row.get("title") or "") or None,
            published=published,
            source=f"{WIKINEWS}#{row['id']}",
            outlet=str(row.get("outlet") or "") or None,
        )
        if row.get("geopolitics_heuristic"):
            per_article[str(row["id"])] = len(result.claims)
        if str(row["id"]) in train_ids:
            continue
        for claim in result.claims:
            claims.append(
                {
                    "doc_id": row["id"],
                    "international": bool(row.get("geopolitics_heuristic")),
                    "url": row.get("url"),
                    "sentence_span": list(claim.char_span),
                    "subject": claim.subject.mention,
                    "subject_id": claim.subject.id,
                    "object": claim.object.mention,
                    "object_id": claim.object.id,
                    "type": claim.type.value,
                    "trigger": claim.trigger,
                    "status": claim.status.value,
                    "sources": [link.source for link in claim.attribution if link.source],
                }
            )
    rng = random.Random(seed)
    sample = rng.sample(claims, min(n, len(claims)))
    sample.sort(key=lambda c: (str(c["doc_id"]), list(c["sentence_span"])))  # type: ignore[call-overload]
    for k, claim in enumerate(sample, start=1):
        claim["n"] = k
    return {
        "extractor": extractor,
        "seed": seed,
        "articles": len(per_article),
        "claims_on_international_articles": sum(per_article.values()),
        "claims_per_article": round(sum(per_article.values()) / max(1, len(per_article)), 2),
        "per_article": per_article,
        "pool": "every article of the corpus outside the training split",
        "claims_in_pool": len(claims),
        "sample": sample,
    }


def show(path: Path, shared: Path) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    texts = {str(r["id"]): str(r["text"]) for r in _articles(shared, flagged_only=False)}
    for claim in data["sample"]:
        start, end = claim["sentence_span"]
        sentence = " ".join(texts.get(str(claim["doc_id"]), "")[start:end].split())
        sources = ", ".join(claim["sources"]) or "-"
        print(
            f"#{claim['n']} [{claim['doc_id']}] {claim['subject']!r} -{claim['type']}-> "
            f"{claim['object']!r} | trigger {claim['trigger']!r} | status {claim['status']} "
            f"| sources {sources}\n    {sentence}"
        )
    return 0


def _judges(sample: list[dict[str, object]]) -> list[str]:
    """The judgment keys present (``judgment``, ``judgment_b``, ...): one per judge."""
    keys = {k for c in sample for k in c if str(k).startswith("judgment")}
    return sorted(keys)


def score(path: Path) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    sample = data["sample"]
    judges = _judges(sample)
    if not judges:
        print(f"{path}: no judged claim", file=sys.stderr)
        return 1
    print(f"{len(sample)} sampled claims ({data['extractor']}, seed {data['seed']}):")
    fields = ("actors", "type", "status")
    for key in judges:
        judged = [c[key] for c in sample if isinstance(c.get(key), dict)]
        n = len(judged)
        events = [j for j in judged if j.get("claim")]
        ok = [j for j in events if j.get("actors")]
        full = [j for j in ok if all(j.get(f) for f in fields)]
        print(
            f"  {key}: {n} judged; precision (a claim, right actors and direction) "
            f"{len(ok) / n:.3f}; all of actors, type and status right {len(full) / n:.3f}"
        )
        for f in fields:
            right = sum(1 for j in events if j.get(f))
            print(f"    {f} right among the {len(events)} events: {right}")
    if len(judges) > 1:
        both = [c for c in sample if all(isinstance(c.get(k), dict) for k in judges)]
        agree = sum(1 for c in both if len({bool(c[k].get("claim")) for k in judges}) == 1)
        print(f"  agreement on 'claim' between {len(judges)} judges: {agree}/{len(both)}")
    print(
        f"  claims per international-affairs article: {data['claims_per_article']} "
        f"over {data['articles']} articles"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--extractor", default="model")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=Path("data/judgments/wikinews_sample.json"))
    parser.add_argument("--shared", type=Path, default=None)
    parser.add_argument("--score", type=Path, default=None)
    parser.add_argument("--show", type=Path, default=None)
    args = parser.parse_args()
    if args.score is not None:
        return score(args.score)
    shared = args.shared if args.shared is not None else shared_data_root()
    if args.show is not None:
        return show(args.show, shared)
    data = draw(args.extractor, args.n, args.seed, shared)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"{data['claims_on_international_articles']} claims on {data['articles']} "
        f"international-affairs articles ({data['claims_per_article']} per article); "
        f"{len(data['sample'])} sampled of {data['claims_in_pool']} -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
