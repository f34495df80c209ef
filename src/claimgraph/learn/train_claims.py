"""Fitting and tuning the claim model (the orchestration is ``claimgraph.learn.train``).

- ``claim_examples``: the pair examples of the parsed training articles (``learn.dataset``);
- ``fit_models``: ``detect`` on every candidate, ``type`` on the positives, ``direction`` on
  the positives of directed types;
- ``tune_threshold``: the decision threshold against the exhaustive gold of the dev split,
  end to end through ``decide`` and ``build_claims``: the one that finds the most gold claims
  (actors + type, then actors) while keeping at most ``max_unmatched`` unmatched predictions
  per article (the product's precision budget); without a budget, or when no threshold meets
  it, the one of best (actors + type) F1.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claimgraph.claims.assemble import build_claims
from claimgraph.claims.decide import decide
from claimgraph.claims.model import (
    BACKWARD,
    CLAIM,
    FORWARD,
    NO_CLAIM,
    ClaimModel,
    ClaimScore,
)
from claimgraph.eval.claims import DocumentScore, aggregate_scores, score_document
from claimgraph.learn.dataset import (
    Alignment,
    PairExample,
    ParsedArticle,
    TrainingDocument,
    pair_examples,
)
from claimgraph.learn.fit import fit_linear, fit_mlp
from claimgraph.learn.mlp import Detector
from claimgraph.status.model import StatusModel

logger = logging.getLogger(__name__)

#: Thresholds tried on the dev split: steps of 0.025 from 0.05 to 0.8. The unmatched budget
#: binds near the chosen value, where one 0.05 step moves dev by about 0.5 unmatched
#: predictions per article and 0.02 actor_match.
THRESHOLDS = tuple(round(0.05 + 0.025 * k, 3) for k in range(31))


@dataclass(frozen=True, slots=True)
class MLPSettings:
    """The detect network's settings (``learn.fit.fit_mlp``)."""

    hidden: int = 64
    alpha: float = 0.1
    epochs: int = 20
    members: int = 1  # networks averaged (seeds seed, seed + 1, ...)
    vector_scale: float | None = 0.3  # None: strings only


def fit_models(
    examples: Sequence[PairExample],
    *,
    c_detect: float,
    c_type: float,
    c_direction: float,
    min_count: int,
    seed: int,
    meta: dict[str, object],
    type_balanced: bool = False,
    shared_detect: bool = True,
    type_vector_scale: float | None = None,
    detect_mlp: MLPSettings | None = None,
) -> ClaimModel:
    """The three parts of a claim model from training examples.

    ``shared_detect``: the examples of other gold sets (``annotated`` false) also train the
    detect part; they always train type and direction. ``type_vector_scale``: the type part
    also reads each claim's dense vector (``pair_vector``) at this scale (None: strings only).
    ``detect_mlp``: the detect part is a one-hidden-layer network with these settings
    (``learn.mlp``) instead of a logistic model.
    """
    for_detect = [e for e in examples if shared_detect or e.annotated]
    detect: Detector
    if detect_mlp is None:
        detect = fit_linear(
            "detect",
            [e.features for e in for_detect],
            [CLAIM if e.claim else NO_CLAIM for e in for_detect],
            classes=(NO_CLAIM, CLAIM),
            weights=[e.weight for e in for_detect],
            c=c_detect,
            min_count=min_count,
            seed=seed,
            meta=meta,
        )
    else:
        if any(e.weight != 1.0 for e in for_detect):
            raise ValueError("the MLP detect part trains on unweighted examples only")
        detect = fit_mlp(
            "detect",
            [e.features for e in for_detect],
            [CLAIM if e.claim else NO_CLAIM for e in for_detect],
            classes=(NO_CLAIM, CLAIM),
            hidden=detect_mlp.hidden,
            alpha=detect_mlp.alpha,
            epochs=detect_mlp.epochs,
            members=detect_mlp.members,
            min_count=min_count,
            seed=seed,
            meta=meta,
            vectors=_vectors(for_detect) if detect_mlp.vector_scale is not None else None,
            dense_scale=detect_mlp.vector_scale or 1.0,
        )
    positives = [e for e in examples if e.claim and e.type]
    vectors = _vectors(positives) if type_vector_scale is not None else None
    typer = fit_linear(
        "type",
        [e.features for e in positives],
        [str(e.type) for e in positives],
        weights=[e.weight for e in positives],
        balanced=type_balanced,
        c=c_type,
        min_count=min_count,
        seed=seed,
        meta=meta,
        vectors=vectors,
        dense_scale=1.0 if type_vector_scale is None else type_vector_scale,
    )
    directed = [e for e in positives if e.forward is not None]
    director = fit_linear(
        "direction",
        [(*e.features, f"type={e.type}") for e in directed],
        [FORWARD if e.forward else BACKWARD for e in directed],
        classes=(BACKWARD, FORWARD),
        weights=[e.weight for e in directed],
        c=c_direction,
        min_count=min_count,
        seed=seed,
        meta=meta,
    )
    return ClaimModel(detect=detect, type=typer, direction=director)


def _vectors(examples: Sequence[PairExample]) -> np.ndarray | None:
    """The examples' dense vectors as one matrix (a missing one: the mean of the others)."""
    present = [e.vector for e in examples if e.vector is not None and e.vector.size]
    if not present:
        return None
    if len({v.size for v in present}) != 1:
        raise ValueError(f"examples carry vectors of widths {sorted({v.size for v in present})}")
    mean = np.mean(np.stack(present), axis=0)
    rows = [e.vector if e.vector is not None and e.vector.size else mean for e in examples]
    return np.stack(rows).astype(np.float32)


@dataclass(slots=True)
class ScoredArticle:
    item: TrainingDocument
    parsed: ParsedArticle
    scores: list[ClaimScore]


def evaluate_articles(
    scored: Sequence[ScoredArticle],
    threshold: float,
    *,
    status_model: StatusModel | None = None,
) -> tuple[dict[str, object], list[DocumentScore]]:
    """End-to-end figures of the model's claims at ``threshold`` against the gold."""
    doc_scores: list[DocumentScore] = []
    for entry in scored:
        parsed = entry.parsed
        events = decide(
            parsed.ctx, entry.scores, threshold=threshold, published=parsed.article.published
        )
        claims = build_claims(
            parsed.doc,
            parsed.article,
            events,
            parsed.prepared.attributions,
            status_model=status_model,
        )
        doc_scores.append(score_document(entry.item.document, claims))
    return summarize(doc_scores), doc_scores


def summarize(doc_scores: Sequence[DocumentScore]) -> dict[str, object]:
    """The scorer's metrics plus precision and F1 of (actors + type) against exhaustive gold."""
    metrics: dict[str, object] = dict(aggregate_scores(doc_scores))
    n_pred = sum(s.n_predicted for s in doc_scores)
    n_gold = sum(s.n_gold for s in doc_scores)
    n_type = sum(o.type_ok for s in doc_scores for o in s.outcomes)
    precision = n_type / n_pred if n_pred else 0.0
    recall = n_type / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    metrics.update(
        {
            "n_articles": len(doc_scores),
            "n_gold": n_gold,
            "n_predicted": n_pred,
            "type_precision": round(precision, 4),
            "type_f1": round(f1, 4),
            "unmatched_per_article": round(
                sum(s.unmatched_predictions for s in doc_scores) / max(1, len(doc_scores)), 3
            ),
        }
    )
    return metrics


def claim_examples(
    parsed: Sequence[tuple[TrainingDocument, ParsedArticle]],
) -> tuple[list[PairExample], dict[str, int]]:
    """Pair examples of the parsed training articles, and the unaligned counts by reason."""
    examples: list[PairExample] = []
    unaligned: dict[str, int] = {}
    for item, article in parsed:
        found, alignment = pair_examples(article, item)
        examples.extend(found)
        _count_unaligned(unaligned, alignment)
    return examples, unaligned


def tune_threshold(
    model: ClaimModel,
    dev: Sequence[tuple[TrainingDocument, ParsedArticle]],
    *,
    status_model: StatusModel | None = None,
    max_unmatched: float | None = None,
) -> tuple[float, list[dict[str, object]]]:
    """The threshold chosen on dev (see the module docstring), and the sweep behind it."""
    scored = [
        ScoredArticle(item, parsed, model.score(parsed.ctx, parsed.candidates, parsed.features))
        for item, parsed in dev
    ]
    sweep: list[dict[str, object]] = []
    for threshold in THRESHOLDS:
        metrics, _ = evaluate_articles(scored, threshold, status_model=status_model)
        sweep.append({"threshold": threshold, **metrics})
    return choose_threshold(sweep, max_unmatched=max_unmatched), sweep


def _number(row: dict[str, object], key: str) -> float:
    value = row.get(key)
    return float(value) if isinstance(value, int | float) else 0.0


def choose_threshold(sweep: Sequence[dict[str, object]], *, max_unmatched: float | None) -> float:
    """The threshold of a sweep: most gold found within the unmatched budget, else best F1.

    Ties go to the higher threshold (fewer predictions for the same gold found).
    """
    if not sweep:
        return 0.5
    within = [
        row
        for row in sweep
        if max_unmatched is not None and _number(row, "unmatched_per_article") <= max_unmatched
    ]
    if within:
        key = lambda row: (  # noqa: E731
            _number(row, "type_match"),
            _number(row, "actor_match"),
            _number(row, "threshold"),
        )
        return _number(max(within, key=key), "threshold")
    best = max(sweep, key=lambda row: (_number(row, "type_f1"), -_number(row, "threshold")))
    return _number(best, "threshold")


def with_threshold(model: ClaimModel, threshold: float, info: dict[str, object]) -> ClaimModel:
    """The model with its decision threshold set (and recorded in every part's metadata)."""
    tuned = ClaimModel(
        detect=model.detect, type=model.type, direction=model.direction, threshold=threshold
    )
    for part in (tuned.detect, tuned.type, tuned.direction):
        part.meta.update({"threshold": threshold, **info})
    return tuned


def save_claim_model(model: ClaimModel, folder: Path) -> None:
    for name, part in (
        ("detect", model.detect),
        ("type", model.type),
        ("direction", model.direction),
    ):
        part.save(folder / f"{name}.npz")


def _count_unaligned(counts: dict[str, int], alignment: Alignment) -> None:
    for reason in alignment.unaligned.values():
        counts[reason] = counts.get(reason, 0) + 1
