"""Training the attachment of events to the attributions that report them.

Examples: every annotated claim of the training articles that aligns to a candidate pair
(``train_status.aligned_sites``), at its trigger word, with every candidate attribution of
``attribution.attach.candidate_rows``. A candidate is positive when the claim has an
annotated ``source`` and the attribution names it (its source phrase, source actor or
outlet, the scorer's containment rule); every other candidate is negative, so a claim the
author asserts teaches the model to attach nothing.

The decision threshold is chosen on the dev articles by the claim-level F1 of the sources
found (``attach_scores``), with the rule (``chain_for``) measured the same way beside it; the
model ships only when it beats the rule on dev by more than the noise of that comparison
(``gain_noise``: the bootstrap standard deviation of the gain over the dev articles),
otherwise the rule gives every chain.
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
from claimgraph.learn.noise import BOOTSTRAP_ROUNDS
from claimgraph.learn.noise import gain_noise as bootstrap_noise
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
    """Every aligned annotated claim with its candidates, labelled from its ``source``.

    One candidate per sourced claim is positive: of those that name the annotated source,
    the one that holds the event (``finder.holds``), else the nearest. The other candidates
    naming the same source are left out of the group (they say it again elsewhere: neither
    a reason to attach nor one not to), every other candidate is negative.
    """
    out: list[AttachGroup] = []
    for item, parsed in pairs:
        attributions = parsed.prepared.attributions
        for ci, trigger_i, subject in aligned_sites(item, parsed):
            gold_sources = list(item.claims[ci].gold.source)
            site = EventSite(trigger_i, subject)
            rows = candidate_rows(parsed.doc, site, attributions)
            naming = [
                k
                for k, _feats in rows
                if gold_sources
                and any(name_matches(n, gold_sources) for n in attribution_names(attributions[k]))
            ]
            positive = next(
                (k for k, feats in rows if k in naming and "rule=True" in feats),
                naming[0] if naming else None,
            )
            kept = [(k, feats) for k, feats in rows if k == positive or k not in naming]
            out.append(
                AttachGroup(
                    item.document.id,
                    bool(gold_sources),
                    tuple(tuple(feats) for _k, feats in kept),
                    tuple(k == positive for k, _feats in kept),
                )
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


def gain_noise(
    groups: Sequence[AttachGroup],
    model: Sequence[Sequence[bool]],
    rule: Sequence[Sequence[bool]],
    *,
    seed: int,
    rounds: int = BOOTSTRAP_ROUNDS,
) -> float:
    """The standard deviation of (model F1 - rule F1) over bootstrap resamples of the
    articles (seeded): how large a dev gain must be to be more than noise."""

    def gain(idx: Sequence[int]) -> float:
        sample = [groups[k] for k in idx]
        f_model = attach_scores(sample, [model[k] for k in idx])["f1"]
        return f_model - attach_scores(sample, [rule[k] for k in idx])["f1"]

    return bootstrap_noise([g.doc_id for g in groups], gain, seed=seed, rounds=rounds)


def choose_attach_threshold(
    model: AttachModel, dev: Sequence[AttachGroup], *, seed: int = 13
) -> tuple[AttachModel, dict[str, object]]:
    """The threshold with the best dev F1 (ties: the higher), and the sweep beside the rule.

    ``report["use_model"]``: whether the model at that threshold beats the rule on dev by
    more than the gain's bootstrap standard deviation (``gain_noise``): a gain inside the
    noise of a few dozen sourced claims keeps the rule.
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
    rules = rule_decisions(dev)
    rule = attach_scores(dev, rules)
    picks = [[p >= best for p in ps] for ps in probs]
    noise = gain_noise(dev, picks, rules, seed=seed)
    report: dict[str, object] = {
        "threshold": best,
        "dev_claims": len(dev),
        "dev_sourced": sum(g.sourced for g in dev),
        "rule": rule,
        "model": sweep[f"{best:.1f}"],
        "gain_noise": round(noise, 4),
        "use_model": best_f1 - rule["f1"] > noise,
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
    "gain_noise",
    "rule_decisions",
]
