"""The evaluation tasks: where each one's gold lives and how to run it."""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, cast

from claimgraph.errors import EvalDataMissingError, UnknownComponentError
from claimgraph.eval.base import EvalResult, Metric


class ScorerModule(Protocol):
    TASK: str
    DEFAULT_SPLIT: str | None

    def evaluate(
        self,
        data_dir: Path,
        *,
        split: str | None = None,
        peers: bool = False,
        limit: int | None = None,
    ) -> EvalResult: ...


@dataclass(frozen=True, slots=True)
class TaskSpec:
    name: str
    module: str
    shared_subdir: str  # the set's folder under shared/data
    what: str
    metrics: tuple[str, ...]  # the keys the task must report
    targets: tuple[tuple[str, float], ...] = ()  # (metric, minimum) on the shared split
    anchors: tuple[tuple[str, str], ...] = ()  # published figures: (system, figures)
    headline: str | None = None  # the metric shown in the overview (default: the first)
    # splits scored beside the default one, for the dev/test table (``eval.base.select_part``)
    parts: tuple[str, ...] = ()
    part_metrics: tuple[str, ...] = ()  # the metrics of that table (default: the targets')

    @property
    def headline_metric(self) -> str:
        return self.headline or self.metrics[0]

    @property
    def table_metrics(self) -> tuple[str, ...]:
        """The metrics of the dev/test table: ``part_metrics``, else the targets'."""
        return self.part_metrics or tuple(m for m, _ in self.targets) or (self.headline_metric,)


TASKS: dict[str, TaskSpec] = {
    spec.name: spec
    for spec in (
        TaskSpec(
            "plover",
            "claimgraph.eval.plover",
            "events/plover",
            "PLOVER gold records: actor country/sector and event type",
            ("iso3_accuracy", "sector_accuracy", "plover_type_accuracy"),
            (("iso3_accuracy", 0.92), ("plover_type_accuracy", 0.60)),
            parts=("dev", "test"),
        ),
        TaskSpec(
            "cameo",
            "claimgraph.eval.cameo",
            "events/conflibert",
            "ConfliBERT CAMEO sentences: coarse class and source/target spans",
            (
                "coarse_accuracy",
                "coarse_macro_f1",
                "source_f1_exact",
                "source_f1_overlap",
                "target_f1_exact",
                "target_f1_overlap",
            ),
            (("source_f1_overlap", 0.70), ("target_f1_overlap", 0.70), ("coarse_macro_f1", 0.65)),
            headline="coarse_macro_f1",
            parts=("dev", "test"),
        ),
        TaskSpec(
            "re3d",
            "claimgraph.eval.re3d",
            "events/re3d",
            "re3d documents: directed actor-actor relations",
            ("relation_precision", "relation_recall", "relation_f1"),
            headline="relation_f1",
            parts=("dev", "test"),
            part_metrics=("relation_f1",),
        ),
        TaskSpec(
            "polnear",
            "claimgraph.eval.polnear",
            "attribution/polnear",
            "PolNeAR: attribution cue, source and content spans",
            (
                "cue_f1",
                "source_f1_exact",
                "source_f1_overlap",
                "content_f1_exact",
                "content_f1_overlap",
                "triple_f1",
            ),
            (("cue_f1", 0.82), ("source_f1_overlap", 0.82), ("content_f1_overlap", 0.80)),
            (
                (
                    "citron on PARC 3.0 (published)",
                    "cue F1 0.823; source 0.820 exact / 0.853 overlap; "
                    "content 0.593 exact / 0.833 overlap",
                ),
            ),
            parts=("train",),
            part_metrics=("cue_f1", "source_f1_overlap", "content_f1_overlap"),
        ),
        TaskSpec(
            "meantime",
            "claimgraph.eval.meantime",
            "factuality/meantime",
            "MEANTIME: event certainty, polarity and time",
            ("certainty_macro_f1", "negative_recall", "future_recall"),
            (("certainty_macro_f1", 0.70), ("negative_recall", 0.75), ("future_recall", 0.80)),
            parts=("dev", "test"),
        ),
        TaskSpec(
            "uds",
            "claimgraph.eval.uds",
            "factuality/uds_ih2",
            "UDS It-Happened: did the event happen, and how confidently",
            ("happened_accuracy", "confidence_spearman"),
        ),
        TaskSpec(
            "aeb",
            "claimgraph.eval.aeb",
            "extraction/aeb",
            "ScrapingHub article-extraction benchmark: main body and metadata",
            ("body_f1", "title_accuracy", "author_accuracy", "date_accuracy"),
            (("body_f1", 0.960),),
            (("trafilatura (published)", "body F1 0.958"),),
        ),
        TaskSpec(
            "lines",
            "claimgraph.eval.lines",
            "extraction/line-boilerplate",
            "Silver line labels of plain-text scrapes: boilerplate lines",
            ("boilerplate_f1",),
        ),
        TaskSpec(
            "trafeval",
            "claimgraph.eval.trafeval",
            "extraction/trafilatura-eval",
            "trafilatura's evaluation pages: metadata (title, author, date)",
            ("title_accuracy", "author_accuracy", "date_accuracy"),
        ),
        TaskSpec(
            "claims",
            "claimgraph.eval.claims",
            "claims",
            "End-to-end claims: actors, type, status, sources",
            ("actor_match", "type_match", "status_match", "source_recall", "unmatched_predictions"),
            headline="type_match",
        ),
    )
}


def load_scorer(task: str) -> ScorerModule:
    spec = TASKS.get(task)
    if spec is None:
        raise UnknownComponentError(kind="evaluation task", name=task, choices=", ".join(TASKS))
    try:
        module = importlib.import_module(spec.module)
    except ModuleNotFoundError as err:
        raise UnknownComponentError(
            kind="evaluation task", name=task, choices=", ".join(TASKS)
        ) from err
    return cast(ScorerModule, module)


def run_task(
    task: str,
    data_dir: Path,
    *,
    split: str | None = None,
    peers: bool = False,
    limit: int | None = None,
) -> EvalResult:
    """Score one task on ``data_dir`` (a folder in that set's shared layout)."""
    scorer = load_scorer(task)
    if not data_dir.is_dir():
        raise EvalDataMissingError(task=task, path=str(data_dir), detail="no such folder")
    started = time.perf_counter()
    result = scorer.evaluate(data_dir, split=split, peers=peers, limit=limit)
    elapsed: Metric = round(time.perf_counter() - started, 1)
    result.metrics.setdefault("seconds", elapsed)
    return result
