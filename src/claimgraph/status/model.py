"""The learned evidential status: factuality axes and the derived status of one event.

Features (``event_features``) read the trigger's context the way the rules do and add what
the rules decided:

- the rules' axes and status (``assess`` + ``derive_status``) and the marker words they used;
- the trigger (tag, lemma, dependency) and up to four governors above it: their lemmas, the
  link to each, and the auxiliaries, negators, subordinators and adverbs on every node;
- a nominal trigger's determiners and modifiers ("no attack", "the alleged role");
- the attribution chain: its length, the innermost cue and cue kind, the source kind.

Four linear models read them (trained by ``claimgraph.learn.train_status``): three binary
axes (``certainty``: certain or hedged; ``polarity``; ``time``), trained on MEANTIME's train
part and the annotated claims, and ``status`` (the six labels of DESIGN.md), trained on the
annotated claims with the axes' probabilities as extra features. ``StatusModel.assess``
keeps, per axis, the rules' value where the learned axis did not beat them on MEANTIME's dev
part at training time (``axis_source`` in the axis model's meta), and returns the axes made
consistent with the status (a denied claim is negative, a predicted
one future, a hedged one not certain).

The folder may also hold the learned attachment of an event to its attributions
(``attribution.attach``, ``attach.npz``); ``StatusModel.chain`` uses it when present and the
rule (``chain_for``) otherwise, so the chain the status reads is the chain the claim keeps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from claimgraph.learn.linear import LinearModel
from claimgraph.records import Attribution, Factuality, SourceLink
from claimgraph.status.derive import derive_status
from claimgraph.status.factuality import assess
from claimgraph.vocab import Certainty, Polarity, Status, Tense

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from claimgraph.attribution.attach import AttachModel

FEATURE_SET = "status-1"
#: The status model's folder under a models folder (see ``claims.model.default_folder``).
MODEL_NAME = "status"
AXES = ("certainty", "polarity", "time")
#: Class names of the binary axis models, (negative, positive) order.
AXIS_CLASSES = {
    "certainty": ("certain", "hedged"),
    "polarity": ("positive", "negative"),
    "time": ("past_or_present", "future"),
}
_MARKER_DEPS = frozenset({"aux", "auxpass", "neg", "mark", "advmod", "prep", "amod", "det"})
_GOVERNORS = 4


def _node_markers(token: Token, prefix: str) -> list[str]:
    feats = []
    for child in token.children:
        if child.dep_ in _MARKER_DEPS and child.i != token.i:
            if child.dep_ == "prep" and child.lower_ not in ("if", "unless", "without"):
                continue
            feats.append(f"{prefix}.{child.dep_}={child.lower_}")
    return feats


def event_features(
    doc: Doc,
    trigger_i: int,
    *,
    attributions: Sequence[Attribution] = (),
    chain: Sequence[SourceLink] = (),
    factuality: Factuality | None = None,
) -> list[str]:
    """The status features of the event whose trigger is token ``trigger_i``."""
    rules = (
        factuality if factuality is not None else assess(doc, trigger_i, attributions=attributions)
    )
    token = doc[trigger_i]
    feats = [
        f"rule.certainty={rules.certainty.value}",
        f"rule.polarity={rules.polarity.value}",
        f"rule.time={rules.time.value}",
        f"rule.status={derive_status(rules, chain).value}",
        f"t.tag={token.tag_}",
        f"t.pos={token.pos_}",
        f"t.dep={token.dep_}",
        f"t.lemma={token.lemma_.lower()}",
    ]
    if rules.distanced:
        feats.append("rule.distanced")
    feats.extend(f"rule.cue={cue.lower()}" for cue in rules.cues)
    feats.extend(_node_markers(token, "t"))
    node = token
    for level in range(1, _GOVERNORS + 1):
        if node.head.i == node.i:
            feats.append(f"up{level}=ROOT")
            break
        link = node.dep_
        node = node.head
        feats.append(f"up{level}.link={link}")
        feats.append(f"up{level}={node.lemma_.lower()}")
        feats.append(f"up.any={node.lemma_.lower()}")
        feats.extend(m.replace(f"up{level}.", "up.") for m in _node_markers(node, f"up{level}"))
        if link in ("ccomp", "advcl", "relcl", "parataxis"):
            feats.append(f"up{level}.clause={link}")
            break
    sent = token.sent
    if sent.text.rstrip().endswith("?"):
        feats.append("sent.question")
    feats.append(f"chain.len={min(len(chain), 3)}")
    if chain:
        inner = chain[-1]
        feats.append(f"chain.cue={inner.cue.lower()}")
        feats.append(f"chain.cuekind={inner.cue_kind.value}")
        feats.append(f"chain.kind={inner.kind.value}")
        feats.extend(f"chain.any_cuekind={link.cue_kind.value}" for link in chain)
    return feats


@dataclass(frozen=True, slots=True)
class StatusModel:
    certainty: LinearModel
    polarity: LinearModel
    time: LinearModel
    status: LinearModel
    attach: AttachModel | None = None

    @classmethod
    def load(cls, folder: Path | None = None) -> StatusModel:
        from claimgraph.attribution.attach import ATTACH_FILE, AttachModel

        root = folder if folder is not None else default_folder() / MODEL_NAME
        expect = {"feature_set": FEATURE_SET}
        parts = {
            name: LinearModel.load(root / f"{name}.npz", expect=expect)
            for name in (*AXES, "status")
        }
        attach_path = root / ATTACH_FILE
        attach = AttachModel.load(attach_path) if attach_path.exists() else None
        return cls(**parts, attach=attach)

    def chain(
        self,
        doc: Doc,
        trigger_i: int,
        attributions: Sequence[Attribution],
        *,
        subject: tuple[int, int] | None = None,
    ) -> tuple[SourceLink, ...]:
        """The attribution chain of the event at ``trigger_i`` (learned when shipped)."""
        if self.attach is None:
            from claimgraph.attribution import chain_for

            token = doc[trigger_i]
            return chain_for((token.idx, token.idx + len(token.text)), attributions)
        from claimgraph.attribution.attach import EventSite

        return self.attach.chain(doc, EventSite(trigger_i, subject), attributions)

    def axes(self, feats: Sequence[str]) -> dict[str, float]:
        """The probability of the marked class of each axis (hedged, negative, future)."""
        return {axis: getattr(self, axis).predict(feats)[AXIS_CLASSES[axis][1]] for axis in AXES}

    def factuality(
        self, doc: Doc, trigger_i: int, *, attributions: Sequence[Attribution] = ()
    ) -> Factuality:
        """The learned axes alone of one event (its chain from ``attributions``)."""
        chain = self.chain(doc, trigger_i, attributions)
        rules = assess(doc, trigger_i, attributions=attributions)
        feats = event_features(
            doc, trigger_i, attributions=attributions, chain=chain, factuality=rules
        )
        return self._axes_factuality(self.axes(feats), rules)

    def learned_axes(self) -> frozenset[str]:
        """The axes whose learned model beat the rules on dev (``meta["axis_source"]``)."""
        return frozenset(
            axis for axis in AXES if getattr(self, axis).meta.get("axis_source", "model") == "model"
        )

    def _axes_factuality(self, probs: dict[str, float], rules: Factuality) -> Factuality:
        learned = self.learned_axes()
        certainty = rules.certainty
        if "certainty" in learned:
            certainty = Certainty.CERTAIN if probs["certainty"] < 0.5 else _hedge(rules)
        polarity = rules.polarity
        if "polarity" in learned:
            polarity = Polarity.NEGATIVE if probs["polarity"] >= 0.5 else Polarity.POSITIVE
        time = rules.time
        if "time" in learned:
            time = Tense.FUTURE if probs["time"] >= 0.5 else Tense.PAST_OR_PRESENT
        return Factuality(
            certainty=certainty,
            polarity=polarity,
            time=time,
            distanced=rules.distanced,
            cues=rules.cues,
        )

    def decide(
        self,
        doc: Doc,
        trigger_i: int,
        *,
        attributions: Sequence[Attribution] = (),
        chain: Sequence[SourceLink] = (),
    ) -> tuple[Factuality, Status, float]:
        """Axes, status and the status probability of one event."""
        rules = assess(doc, trigger_i, attributions=attributions)
        feats = event_features(
            doc, trigger_i, attributions=attributions, chain=chain, factuality=rules
        )
        probs = self.axes(feats)
        label, p_status = self.status.best([*feats, *axis_features(probs)])
        status = Status(label)
        factuality = self._axes_factuality(probs, rules)
        return consistent(factuality, status), status, p_status


def _hedge(rules: Factuality) -> Certainty:
    return rules.certainty if rules.certainty is not Certainty.CERTAIN else Certainty.PROBABLE


def axis_features(probs: dict[str, float]) -> list[str]:
    """The axes' probabilities as coarse features of the status model."""
    out = []
    for axis, p in probs.items():
        out.append(f"axis.{axis}={'hi' if p >= 0.7 else 'mid' if p >= 0.3 else 'lo'}")
    return out


def consistent(factuality: Factuality, status: Status) -> Factuality:
    """Axes that agree with the status (DESIGN.md's derivation read backwards)."""
    if status is Status.DENIED:
        return replace(factuality, polarity=Polarity.NEGATIVE)
    if status is Status.PREDICTED:
        return replace(factuality, polarity=Polarity.POSITIVE, time=Tense.FUTURE)
    if status is Status.HEDGED:
        certainty = factuality.certainty
        if certainty is Certainty.CERTAIN:
            certainty = Certainty.PROBABLE
        return replace(
            factuality, certainty=certainty, polarity=Polarity.POSITIVE, time=Tense.PAST_OR_PRESENT
        )
    return replace(
        factuality,
        certainty=Certainty.CERTAIN,
        polarity=Polarity.POSITIVE,
        time=Tense.PAST_OR_PRESENT,
    )


def default_folder() -> Path:
    from claimgraph.claims.model import default_folder as models_folder

    return models_folder()


@lru_cache(maxsize=2)
def load_status_model(models: str | None = None) -> StatusModel:
    """The status model of a models folder (default: the shipped one), loaded once."""
    return StatusModel.load(Path(models) / MODEL_NAME if models else None)
