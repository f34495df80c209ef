"""Learning curve of the claim model: train on 25 / 50 / 100% of the training articles.

    python scripts/learning_curve.py [--data data/training] [--eval eval/claims] [--out FILE]

For each share, trains both models into a temporary folder (``claimgraph.learn.train``, the
same seed as ``make train``), then scores the learned extractor on the dev and test splits
of ``--data`` and on ``--eval``, beside the rule extractor. Prints a markdown table (or
writes it to ``--out``). Nothing here tunes anything: the figures are read, not fed back.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from claimgraph.eval import claims as claim_eval
from claimgraph.learn.train import TrainConfig, save, train
from claimgraph.pipeline import Pipeline, PipelineConfig

METRICS = ("actor_match", "type_match", "status_match", "source_recall", "unmatched/article")
FRACTIONS = (0.25, 0.5, 1.0)


def _row(name: str, train_articles: str, cells: list[dict[str, float]]) -> str:
    parts = [name, train_articles]
    for metrics in cells:
        parts.extend(f"{metrics[m]:.{1 if m.startswith('unmatched') else 3}f}" for m in METRICS)
    return "| " + " | ".join(parts) + " |"


def _score(pipeline: Pipeline, data: Path, evalset: Path) -> list[dict[str, float]]:
    out = []
    for _name, folder, split in claim_eval.standard_sets(data, evalset):
        scores = claim_eval.score_set(pipeline, folder, split)
        metrics = claim_eval.aggregate_scores(scores)
        cell = {m: float(metrics[m] or 0.0) for m in METRICS[:-1]}
        cell["unmatched/article"] = float(metrics["unmatched_predictions"] or 0) / max(
            1, len(scores)
        )
        out.append(cell)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("data/training"))
    parser.add_argument("--eval", type=Path, default=Path("eval/claims"))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    groups = ("dev", "test", "eval/claims")
    head = ["extractor", "train articles"] + [f"{g} {m}" for g in groups for m in METRICS]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    rules = Pipeline(PipelineConfig(extractor="rules"))
    lines.append(_row("rules (baseline)", "0", _score(rules, args.data, args.eval)))
    for fraction in FRACTIONS:
        with tempfile.TemporaryDirectory() as tmp:
            config = TrainConfig(data_root=args.data, out_dir=Path(tmp), fraction=fraction)
            model, status_model, report = train(config)
            save(model, status_model, report, Path(tmp))
            learned = Pipeline(PipelineConfig(extractor="model", model_dir=tmp))
            cells = _score(learned, args.data, args.eval)
        n = str(report.counts["train_articles"])
        lines.append(_row(f"learned, {fraction:.0%} of train", n, cells))
    text = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
