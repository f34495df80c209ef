"""Compare two claim extractors on the same articles, with paired bootstrap intervals.

    python scripts/compare_extractors.py A B [--data data/training] [--eval eval/claims]
        [--sets dev,test,eval]

A and B are ``rules`` or a models folder (``src/claimgraph/data/models``, a folder written
by ``claimgraph train --out``). Both are scored on the dev and test splits of ``--data`` and
on ``--eval``; for each share metric it prints B minus A and the 95% interval of that
difference over resamples of the articles (``claimgraph.eval.intervals``). An interval that
holds 0 says the two are not told apart on those articles. Reads figures, tunes nothing;
``--sets dev`` keeps a choice between two candidates on dev, with test left unseen.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimgraph.eval import claims as claim_eval
from claimgraph.eval.intervals import difference_intervals
from claimgraph.pipeline import Pipeline, PipelineConfig


def _pipeline(name: str) -> Pipeline:
    if name == "rules":
        return Pipeline(PipelineConfig(extractor="rules"))
    return Pipeline(PipelineConfig(extractor="model", model_dir=name))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("first")
    parser.add_argument("second")
    parser.add_argument("--data", type=Path, default=Path("data/training"))
    parser.add_argument("--eval", type=Path, default=Path("eval/claims"))
    parser.add_argument("--sets", default="dev,test,eval", help="which of dev, test, eval")
    args = parser.parse_args()
    wanted = set(args.sets.split(","))
    first, second = _pipeline(args.first), _pipeline(args.second)
    print("| set | metric | B − A | 95% interval |")
    print("|---|---|---|---|")
    for name, folder, split in claim_eval.standard_sets(args.data, args.eval):
        if (split or "eval") not in wanted:
            continue
        a, b = (
            [score.counts() for score in claim_eval.score_set(pipeline, folder, split)]
            for pipeline in (first, second)
        )
        for metric, (point, low, high) in difference_intervals(a, b).items():
            print(f"| {name} | {metric} | {point:+.3f} | {low:+.3f} … {high:+.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
