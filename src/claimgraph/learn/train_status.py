"""Training the status model: factuality axes and the six evidential statuses.

Examples come from two places:

- MEANTIME's ``train`` part (``learn.splits.stage_part`` over document names): every gold
  event mention with its certainty, polarity and time (underspecified values left out);
- the annotated claims of the ``train`` split: each claim aligned to a candidate pair
  (``learn.dataset.align``), at its annotated trigger word, with its status; the status gives
  the axes (denied: negative; predicted: future; hedged: not certain; the rest certain,
  positive, past or present).

The three axis models train on both; the status model trains on the claims, reading the axis
models' probabilities as features, computed out of fold (five folds by article) so that it
learns how far to trust them on text they did not see.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimgraph.attribution import chain_for, find_attributions
from claimgraph.learn.dataset import ParsedArticle, TrainingDocument, align
from claimgraph.learn.fit import fit_linear
from claimgraph.learn.linear import LinearModel
from claimgraph.learn.noise import gain_noise
from claimgraph.learn.splits import stage_part
from claimgraph.records import Attribution, SourceLink
from claimgraph.status.model import (
    AXES,
    AXIS_CLASSES,
    FEATURE_SET,
    StatusModel,
    axis_features,
    event_features,
)
from claimgraph.vocab import Status

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

logger = logging.getLogger(__name__)

_FOLDS = 5
_MEANTIME_CERTAINTY = {"CERTAIN": "certain", "PROBABLE": "hedged", "POSSIBLE": "hedged"}
_MEANTIME_POLARITY = {"POS": "positive", "NEG": "negative"}
_MEANTIME_TIME = {"NON_FUTURE": "past_or_present", "FUTURE": "future"}


@dataclass(frozen=True, slots=True)
class StatusExample:
    group: str  # the article (folds and reports)
    features: tuple[str, ...]
    certainty: str | None = None
    polarity: str | None = None
    time: str | None = None
    status: str | None = None


def axes_of_status(status: Status) -> tuple[str, str, str]:
    """(certainty, polarity, time) implied by a status label."""
    if status is Status.DENIED:
        return "certain", "negative", "past_or_present"
    if status is Status.PREDICTED:
        return "certain", "positive", "future"
    if status is Status.HEDGED:
        return "hedged", "positive", "past_or_present"
    return "certain", "positive", "past_or_present"


def meantime_examples(
    data_dir: Path, parts: Iterable[str], nlp: Language, chain_of: ChainOf | None = None
) -> list[StatusExample]:
    """Gold MEANTIME events of the given parts as axis examples (``chain_of``: as above)."""
    from claimgraph.actors import load_resolver
    from claimgraph.eval.meantime import _gold_doc, load_gold
    from claimgraph.nlp.model import BATCH_SIZE

    wanted = set(parts)
    documents = [d for d in load_gold(data_dir) if stage_part(d.name) in wanted]
    docs = [_gold_doc(nlp.vocab, d) for d in documents]
    out: list[StatusExample] = []
    resolver = load_resolver()
    for gold, doc in zip(documents, nlp.pipe(docs, batch_size=BATCH_SIZE), strict=True):
        # the attributions the pipeline sees: with their sources resolved to actors
        attributions = find_attributions(doc, resolver.find_mentions(doc))
        for event in gold.events:
            chain = (chain_of or rule_chain)(doc, event.token_i, attributions, None)
            feats = event_features(doc, event.token_i, attributions=attributions, chain=chain)
            out.append(
                StatusExample(
                    group=gold.name,
                    features=tuple(feats),
                    certainty=_MEANTIME_CERTAINTY.get(event.certainty),
                    polarity=_MEANTIME_POLARITY.get(event.polarity),
                    time=_MEANTIME_TIME.get(event.time),
                )
            )
    return out


def trigger_token(doc: Doc, sent: Span, trigger: str | None, fallback: int) -> int:
    """The token of the annotated trigger word in the sentence (else ``fallback``)."""
    if trigger:
        words = trigger.casefold().split()
        first = words[0] if words else ""
        for token in sent:
            if token.lower_ == first:
                return int(token.i)
        for token in sent:
            prefix = token.lower_.startswith(first) or first.startswith(token.lower_)
            if first and prefix and len(token.text) >= 3:
                return int(token.i)
    return fallback


def aligned_sites(
    item: TrainingDocument, parsed: ParsedArticle
) -> list[tuple[int, int, tuple[int, int]]]:
    """(claim index, trigger token, subject mention span) of every aligned annotated claim.

    The trigger is the annotated trigger word in the claim's sentence (else the two
    mentions' common ancestor); each claim once, at its first aligned candidate.
    """
    alignment = align(parsed, item.claims)
    doc = parsed.doc
    done: set[int] = set()
    out: list[tuple[int, int, tuple[int, int]]] = []
    for k, label in sorted(alignment.labels.items()):
        if label.claim in done:
            continue
        done.add(label.claim)
        cand = parsed.candidates[k]
        sent = doc[cand.sent_start : cand.sent_end]
        lca = _common_ancestor(doc, cand.first_head, cand.second_head)
        trigger = trigger_token(doc, sent, item.claims[label.claim].trigger, lca)
        subject = cand.first if label.forward else cand.second
        out.append((label.claim, trigger, (subject.start, subject.end)))
    return out


#: The chain of an event from its document, trigger token, attributions and subject span.
ChainOf = Callable[
    ["Doc", int, Sequence[Attribution], "tuple[int, int] | None"], tuple[SourceLink, ...]
]


def rule_chain(
    doc: Doc,
    trigger_i: int,
    attributions: Sequence[Attribution],
    subject: tuple[int, int] | None = None,
) -> tuple[SourceLink, ...]:
    """The rule's chain (``chain_for``) of the event at ``trigger_i`` (``subject`` unused)."""
    del subject
    token = doc[trigger_i]
    return chain_for((token.idx, token.idx + len(token.text)), attributions)


def claim_examples(
    pairs: Iterable[tuple[TrainingDocument, ParsedArticle]], chain_of: ChainOf | None = None
) -> list[StatusExample]:
    """The annotated claims with a status, at their trigger words, as status examples.

    ``chain_of`` gives each event's attribution chain (the one the shipped pipeline will use).
    """
    out: list[StatusExample] = []
    for item, parsed in pairs:
        doc = parsed.doc
        attributions = parsed.prepared.attributions
        for ci, i, subject in aligned_sites(item, parsed):
            claim = item.claims[ci]
            if claim.status is None:
                continue
            chain = (chain_of or rule_chain)(doc, i, attributions, subject)
            feats = event_features(doc, i, attributions=attributions, chain=chain)
            certainty, polarity, time = axes_of_status(claim.status)
            out.append(
                StatusExample(
                    group=item.document.id,
                    features=tuple(feats),
                    certainty=certainty,
                    polarity=polarity,
                    time=time,
                    status=claim.status.value,
                )
            )
    return out


def _common_ancestor(doc: Doc, a: int, b: int) -> int:
    up = {a}
    token = doc[a]
    while token.head.i != token.i:
        token = token.head
        up.add(token.i)
    token = doc[b]
    while token.i not in up and token.head.i != token.i:
        token = token.head
    return int(token.i) if token.i in up else a


def _fit_axes(
    examples: Sequence[StatusExample], *, seed: int, meta: dict[str, object]
) -> dict[str, LinearModel]:
    models: dict[str, LinearModel] = {}
    for axis in AXES:
        rows = [(e.features, getattr(e, axis)) for e in examples if getattr(e, axis)]
        models[axis] = fit_linear(
            axis,
            [r[0] for r in rows],
            [str(r[1]) for r in rows],
            classes=AXIS_CLASSES[axis],
            c=1.0,
            balanced=True,
            min_count=2,
            seed=seed,
            meta={**meta, "feature_set": FEATURE_SET},
        )
    return models


def fit_status_model(
    meantime: Sequence[StatusExample],
    claims: Sequence[StatusExample],
    *,
    seed: int = 13,
    meta: dict[str, object] | None = None,
) -> StatusModel:
    """Axis models on everything; the status model on the claims with out-of-fold axes."""
    info = dict(meta or {})
    axes = _fit_axes([*meantime, *claims], seed=seed, meta=info)
    groups = sorted({e.group for e in claims})
    fold_of = {g: k % _FOLDS for k, g in enumerate(groups)}
    stacked: list[tuple[tuple[str, ...], str]] = []
    for fold in range(_FOLDS):
        held = [e for e in claims if fold_of[e.group] == fold]
        if not held:
            continue
        rest = [e for e in claims if fold_of[e.group] != fold]
        fold_axes = _fit_axes([*meantime, *rest], seed=seed, meta=info)
        for e in held:
            probs = {a: fold_axes[a].predict(e.features)[AXIS_CLASSES[a][1]] for a in AXES}
            stacked.append(((*e.features, *axis_features(probs)), str(e.status)))
    status = fit_linear(
        "status",
        [row for row, _label in stacked],
        [label for _row, label in stacked],
        classes=tuple(s.value for s in Status),
        c=0.5,
        min_count=2,
        seed=seed,
        meta={**info, "feature_set": FEATURE_SET},
    )
    return StatusModel(
        certainty=axes["certainty"], polarity=axes["polarity"], time=axes["time"], status=status
    )


#: The rules' value of each axis that counts as the marked class (hedged, negative, future).
_RULE_MARKED = {
    "certainty": ("rule.certainty=probable", "rule.certainty=possible"),
    "polarity": ("rule.polarity=negative",),
    "time": ("rule.time=future",),
}


def _binary_macro_f1(gold: Sequence[bool], pred: Sequence[bool]) -> float:
    scores = []
    for positive in (True, False):
        tp = sum(g == positive and p == positive for g, p in zip(gold, pred, strict=True))
        fp = sum(g != positive and p == positive for g, p in zip(gold, pred, strict=True))
        fn = sum(g == positive and p != positive for g, p in zip(gold, pred, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def choose_axis_sources(
    model: StatusModel, dev: Sequence[StatusExample], *, seed: int = 13
) -> dict[str, dict[str, float | str]]:
    """Per axis, the learned model or the rules: the model when its macro-F1 on ``dev`` beats
    the rules' by more than the gain's bootstrap noise over the dev articles
    (``learn.noise.gain_noise``), else the rules.

    The choice is written into each axis model's meta (``axis_source``); ``StatusModel``
    reads it at run time.
    """
    report: dict[str, dict[str, float | str]] = {}
    for axis in AXES:
        marked = AXIS_CLASSES[axis][1]
        rows = [e for e in dev if getattr(e, axis)]
        gold = [getattr(e, axis) == marked for e in rows]
        linear = getattr(model, axis)
        learned = [linear.predict(e.features)[marked] >= 0.5 for e in rows]
        rules = [any(f in e.features for f in _RULE_MARKED[axis]) for e in rows]
        f_model, f_rules = _binary_macro_f1(gold, learned), _binary_macro_f1(gold, rules)

        def gain(
            idx: Sequence[int],
            gold: list[bool] = gold,
            learned: list[bool] = learned,
            rules: list[bool] = rules,
        ) -> float:
            sample = [gold[k] for k in idx]
            return _binary_macro_f1(sample, [learned[k] for k in idx]) - _binary_macro_f1(
                sample, [rules[k] for k in idx]
            )

        noise = gain_noise([e.group for e in rows], gain, seed=seed)
        source = "model" if f_model - f_rules > noise else "rules"
        scores = {"model": round(f_model, 4), "rules": round(f_rules, 4)}
        linear.meta["axis_source"] = source
        linear.meta["dev_macro_f1"] = scores
        report[axis] = {"source": source, **scores, "gain_noise": round(noise, 4)}
    return report


def save_status_model(model: StatusModel, folder: Path) -> None:
    from claimgraph.attribution.attach import ATTACH_FILE

    for name in (*AXES, "status"):
        getattr(model, name).save(folder / f"{name}.npz")
    attach_path = folder / ATTACH_FILE
    if model.attach is not None:
        model.attach.model.save(attach_path)
    elif attach_path.exists():
        attach_path.unlink()
