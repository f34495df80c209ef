"""Training the attachment of events to the attributions that report them.

Examples: every annotated claim of the training articles that aligns to a candidate pair
(``train_status.aligned_sites``), at its trigger word, with every candidate attribution of
``attribution.attach.candidate_rows``. A candidate is positive when the claim has an
annotated ``source`` and the attribution names it (its source phrase, source actor or
outlet, the scorer's containment rule); every other candidate is negative, so a claim the
author asserts teaches the model to attach nothing.

The decision threshold is chosen on the dev articles by the claim-level F1 of the sources
found (``attach_scores``), with the rule (``chain_for``) measured the same way beside it; the
model ships only when it beats the rule on dev (``use_model`` in the report), otherwise the
rule gives every chain, as for the status axes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from claimgraph.attribution.attach import (
    ATTACH_FEATURE_SET,
    ATTACHED,
    NOT_ATTACHED,
    AttachModel,
    EventSite,
    candidate_rows,
)
from claimgraph.eval.claims import name_matches
from claimgraph.learn.dataset import ParsedArticle, TrainingDocument
from claimgraph.learn.fit import fit_linear
from claimgraph.learn.train_status import aligned_sites
from claimgraph.records import Attribution

#: Thresholds tried on dev.
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


@dataclass(frozen=True, slots=True)
class AttachGroup:
    """One annotated claim with its candidate attributions (features and labels)."""

    doc_id: str
    sourced: bool  # the claim has an annotated source
    rows: tuple[tuple[str, ...], ...]
    labels: tuple[bool, ...]  # this candidate names the annotated source


def attribution_names(att: Attribution) -> list[str]:
    """The strings a chain link built from ``att`` exposes (source, actor, outlet)."""
    names = [att.source_text, att.outlet]
    if att.source_actor is not None:
        names.extend([str(att.source_actor.id), att.source_actor.name])
    return [name for name in names if name]


def attach_groups(pairs: Iterable[tuple[TrainingDocument, ParsedArticle]]) -> list[AttachGroup]:
    """Every aligned annotated claim with its candidates, labelled from its ``source``."""
    out: list[AttachGroup] = []
    for item, parsed in pairs:
        attributions = parsed.prepared.attributions
        for ci, trigger_i, subject in aligned_sites(item, parsed):
            gold_sources = list(item.claims[ci].gold.source)
            site = EventSite(trigger_i, subject)
            rows, labels = [], []
            for k, feats in candidate_rows(parsed.doc, site, attributions):
                names = attribution_names(attributions[k])
                hit = bool(gold_sources) and any(name_matches(n, gold_sources) for n in names)
                rows.append(tuple(feats))
                labels.append(hit)
            out.append(
                AttachGroup(item.document.id, bool(gold_sources), tuple(rows), tuple(labels))
            )
    return out


def fit_attach(
    groups: Sequence[AttachGroup], *, c: float, seed: int, meta: dict[str, object]
) -> AttachModel:
    """The attachment model from training groups (threshold 0.5 until one is chosen)."""
    rows = [row for g in groups for row in g.rows]
    labels = [ATTACHED if hit else NOT_ATTACHED for g in groups for hit in g.labels]
    model = fit_linear(
        "attach",
        rows,
        labels,
        classes=(NOT_ATTACHED, ATTACHED),
        c=c,
        min_count=2,
        seed=seed,
        meta={**meta, "feature_set": ATTACH_FEATURE_SET},
    )
    return AttachModel(model=model)


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def attach_scores(
    groups: Sequence[AttachGroup], chosen: Sequence[Sequence[bool]]
) -> dict[str, float]:
    """Claim-level figures of one decision per candidate.

    A sourced claim is found when a chosen candidate names its source; a claim gets a false
    source when something is chosen and none of it names the annotated source (including any
    choice for a claim with no source).
    """
    tp = fp = fn = 0
    for group, picks in zip(groups, chosen, strict=True):
        found = any(p and hit for p, hit in zip(picks, group.labels, strict=True))
        wrong = any(picks) and not found
        tp += found
        fp += wrong
        fn += group.sourced and not found
    return {"f1": round(_f1(tp, fp, fn), 4), "found": tp, "false": fp, "missed": fn}


def rule_decisions(groups: Sequence[AttachGroup]) -> list[list[bool]]:
    """The rule's own choice (``chain_for``), read from its feature."""
    return [["rule=True" in row for row in g.rows] for g in groups]


def choose_attach_threshold(
    model: AttachModel, dev: Sequence[AttachGroup]
) -> tuple[AttachModel, dict[str, object]]:
    """The threshold with the best dev F1 (ties: the higher), and the sweep beside the rule.

    ``report["use_model"]``: whether the model at that threshold beats the rule on dev.
    """
    probs = [[model.model.predict(row)[ATTACHED] for row in g.rows] for g in dev]
    sweep: dict[str, dict[str, float]] = {}
    best, best_f1 = 0.5, -1.0
    for threshold in THRESHOLDS:
        scores = attach_scores(dev, [[p >= threshold for p in ps] for ps in probs])
        sweep[f"{threshold:.1f}"] = scores
        if scores["f1"] >= best_f1:
            best, best_f1 = threshold, scores["f1"]
    model.model.meta["threshold"] = best
    rule = attach_scores(dev, rule_decisions(dev))
    report: dict[str, object] = {
        "threshold": best,
        "dev_claims": len(dev),
        "dev_sourced": sum(g.sourced for g in dev),
        "rule": rule,
        "model": sweep[f"{best:.1f}"],
        "use_model": best_f1 > rule["f1"],
        "sweep": sweep,
    }
    model.model.meta["dev"] = report
    return AttachModel(model=model.model, threshold=best), report


__all__ = [
    "AttachGroup",
    "attach_groups",
    "attach_scores",
    "attribution_names",
    "choose_attach_threshold",
    "fit_attach",
    "rule_decisions",
]
