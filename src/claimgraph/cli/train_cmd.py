"""`claimgraph train`: the learned claim and status models from the annotated data."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from claimgraph.cli._common import JsonOption, console


def train(
    data: Annotated[
        Path, typer.Option("--data", help="The training folder (splits.tsv, claims/*.json).")
    ] = Path("data/training"),
    shared: Annotated[
        Path | None,
        typer.Option(
            "--shared",
            help="The shared data folder (MEANTIME, articles); default $CLAIMGRAPH_SHARED_DATA "
            "or ../shared/data.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Where to write the models; default: the shipped folder."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of every random choice.")] = 13,
    fraction: Annotated[
        float,
        typer.Option(min=0.01, max=1.0, help="Train on this share of the training articles."),
    ] = 1.0,
    as_json: JsonOption = False,
) -> None:
    """Train the claim and status models (train split), tune on dev, write the artifacts."""
    from claimgraph.learn.train import TrainConfig, save
    from claimgraph.learn.train import train as run_training

    config = TrainConfig(
        data_root=data, shared_root=shared, out_dir=out, seed=seed, fraction=fraction
    )
    model, status_model, report = run_training(config)
    folder = save(model, status_model, report, out)
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False) + "\n")
        return
    dev = report.dev
    console.print(
        f"trained on {report.counts.get('train_articles')} articles "
        f"({report.counts.get('train_claims')} claims) in {report.seconds}s; "
        f"threshold {report.threshold} chosen on {report.counts.get('dev_articles')} dev articles"
    )
    console.print(
        "dev: "
        + ", ".join(
            f"{key} {dev[key]:.3f}" if isinstance(dev.get(key), float) else f"{key} {dev.get(key)}"
            for key in (
                "actor_match",
                "type_match",
                "status_match",
                "source_recall",
                "type_precision",
            )
        )
    )
    console.print(f"models written to {folder}")
