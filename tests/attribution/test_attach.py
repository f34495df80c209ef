"""The learned attachment of events to attributions: candidates, features, decisions, training."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claimgraph.attribution import chain_for, find_attributions
from claimgraph.attribution.attach import (
    ATTACH_FEATURE_SET,
    ATTACHED,
    NOT_ATTACHED,
    AttachModel,
    EventSite,
    attach_candidates,
    candidate_rows,
)
from claimgraph.learn.fit import fit_linear
from claimgraph.learn.train_attach import AttachGroup, attach_scores, choose_attach_threshold

TEXT = (
    "The minister said on Monday that Russia had shelled the port. "
    "Ukraine closed its border. "
    "The army reported further strikes. "
    "Officials in Kyiv expect more attacks next week."
)


def _token(doc: Any, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


def test_candidates_are_the_containing_and_nearby_attributions(nlp: Any) -> None:
    doc = nlp(TEXT)
    atts = find_attributions(doc)
    cues = [a.cue_text for a in atts]
    assert "said" in cues and "reported" in cues
    site = EventSite(_token(doc, "shelled"))
    found = [(atts[k].cue_text, distance) for k, distance in attach_candidates(doc, site, atts)]
    # "said" holds the event (same sentence); "reported" is two sentences on: too far after
    assert ("said", 0) in found
    assert all(cue != "reported" for cue, _d in found)
    # the event of the last sentence sees the cue two sentences back, nearest first
    late = EventSite(_token(doc, "attacks"))
    ranked = [atts[k].cue_text for k, _d in attach_candidates(doc, late, atts)]
    assert "reported" in ranked and "said" not in ranked


def test_rows_carry_the_rule_decision_as_a_feature(nlp: Any) -> None:
    doc = nlp(TEXT)
    atts = find_attributions(doc)
    trigger = doc[_token(doc, "shelled")]
    rule = chain_for((trigger.idx, trigger.idx + len(trigger.text)), atts)
    rows = candidate_rows(doc, EventSite(trigger.i), atts)
    in_rule = [atts[k].cue_text for k, feats in rows if "rule=True" in feats]
    assert in_rule == [link.cue for link in rule]
    assert all("contains=True" in feats for k, feats in rows if atts[k].cue_text == "said")


def _model(positive: str, threshold: float) -> AttachModel:
    rows = [["bias", positive]] * 20 + [["bias"]] * 20
    labels = [ATTACHED] * 20 + [NOT_ATTACHED] * 20
    linear = fit_linear(
        "attach",
        rows,
        labels,
        classes=(NOT_ATTACHED, ATTACHED),
        c=10.0,
        min_count=1,
        seed=0,
        meta={"feature_set": ATTACH_FEATURE_SET, "threshold": threshold},
    )
    return AttachModel(model=linear, threshold=threshold)


def test_chain_keeps_the_candidates_over_the_threshold(nlp: Any, tmp_path: Path) -> None:
    doc = nlp(TEXT)
    atts = find_attributions(doc)
    site = EventSite(_token(doc, "shelled"))
    model = _model("contains=True", 0.5)
    chain = model.chain(doc, site, atts)
    assert [link.cue for link in chain] == ["said"]
    assert chain[0].source == "The minister"
    # nothing clears a threshold above every probability: the author asserts it
    assert _model("contains=True", 0.999).chain(doc, site, atts) == ()
    # the artifact round-trips with its threshold
    path = tmp_path / "attach.npz"
    model.model.save(path)
    loaded = AttachModel.load(path)
    assert loaded.threshold == 0.5
    assert loaded.chain(doc, site, atts) == chain


def test_attach_scores_count_found_false_and_missed_sources() -> None:
    groups = [
        AttachGroup("d", True, (("a",), ("b",)), (True, False)),  # sourced, first names it
        AttachGroup("d", True, (("a",),), (False,)),  # sourced, no candidate names it
        AttachGroup("d", False, (("a",),), (False,)),  # asserted by the author
    ]
    right = attach_scores(groups, [[True, False], [False], [False]])
    assert (right["found"], right["false"], right["missed"]) == (1, 0, 1)
    wrong = attach_scores(groups, [[False, True], [True], [True]])
    assert (wrong["found"], wrong["false"], wrong["missed"]) == (0, 3, 2)
    assert wrong["f1"] == 0.0 < right["f1"]


def test_threshold_is_chosen_on_dev_beside_the_rule() -> None:
    model = _model("good", 0.5)
    dev = [
        AttachGroup("d", True, (("bias", "good", "rule=True"), ("bias",)), (True, False)),
        AttachGroup("d", False, (("bias",),), (False,)),
    ]
    tuned, report = choose_attach_threshold(model, dev)
    assert report["dev_claims"] == 2 and report["dev_sourced"] == 1
    assert isinstance(report["rule"], dict) and report["rule"]["found"] == 1
    assert tuned.threshold == report["threshold"]
    assert tuned.model.meta["threshold"] == tuned.threshold


def test_status_model_chain_is_the_rule_without_an_attachment_model(nlp: Any) -> None:
    from dataclasses import replace

    from claimgraph.status.model import load_status_model

    doc = nlp(TEXT)
    atts = find_attributions(doc)
    trigger = doc[_token(doc, "shelled")]
    bare = replace(load_status_model(), attach=None)
    rule = chain_for((trigger.idx, trigger.idx + len(trigger.text)), atts)
    assert bare.chain(doc, trigger.i, atts) == rule
    learned = replace(bare, attach=_model("contains=True", 0.5))
    assert [link.cue for link in learned.chain(doc, trigger.i, atts)] == ["said"]


def test_the_model_ships_only_when_it_beats_the_rule_on_dev() -> None:
    model = _model("good", 0.5)
    # the rule picks the same candidate as the model: a tie keeps the rule
    tie = [AttachGroup("d", True, (("bias", "good", "rule=True"), ("bias",)), (True, False))]
    assert choose_attach_threshold(model, tie)[1]["use_model"] is False
    # the rule picks the wrong candidate: the model wins
    better = [AttachGroup("d", True, (("bias", "good"), ("bias", "rule=True")), (True, False))]
    assert choose_attach_threshold(model, better)[1]["use_model"] is True


def test_a_quotation_over_two_sentences_counts_as_quoted(nlp: Any) -> None:
    from claimgraph.attribution.attach import attach_features

    text = '"Russian troops shelled the port. They attacked the bridge too," the minister said.'
    doc = nlp(text)
    atts = find_attributions(doc)
    site = EventSite(_token(doc, "attacked"))
    feats = attach_features(doc, site, atts[0], distance=0, rank=0, in_rule_chain=False)
    assert "quoted=True" in feats


def test_chain_keeps_one_link_per_source_outermost_first(nlp: Any) -> None:
    from claimgraph.attribution.attach import order_chain

    text = (
        'Lavrov told reporters that Russia had shelled the port. "Russia shelled it," Lavrov said.'
    )
    doc = nlp(text)
    atts = find_attributions(doc)
    assert len({a.cue_text for a in atts}) >= 2
    site = EventSite(_token(doc, "shelled"))
    chain = _model("bias", 0.5).chain(doc, site, atts)  # every candidate clears the bar
    assert [link.source for link in chain].count("Lavrov") <= 1
    assert len(chain) == len({link.source for link in chain})
    # nesting decides the order: the attribution whose content holds the other's cue first
    outer, inner = atts[0], atts[-1]
    nested = [a for a in atts if a is not outer and outer.content[0] <= a.cue[0] < outer.content[1]]
    if nested:
        assert order_chain([nested[0], outer])[0] is outer
    assert inner in order_chain([inner])


def test_status_model_saves_and_loads_its_attachment(tmp_path: Path) -> None:
    from dataclasses import replace

    from claimgraph.learn.train_status import save_status_model
    from claimgraph.status.model import StatusModel, load_status_model

    model = replace(load_status_model(), attach=_model("contains=True", 0.4))
    save_status_model(model, tmp_path)
    assert (tmp_path / "attach.npz").exists()
    loaded = StatusModel.load(tmp_path)
    assert loaded.attach is not None and loaded.attach.threshold == 0.4
    # a model without one removes a stale file: the folder says what the model is
    save_status_model(replace(model, attach=None), tmp_path)
    assert not (tmp_path / "attach.npz").exists()
    assert StatusModel.load(tmp_path).attach is None


def test_gain_noise_grows_when_the_two_disagree_on_few_articles() -> None:
    from claimgraph.learn.train_attach import gain_noise

    groups = [AttachGroup(f"d{k}", True, (("a",),), (True,)) for k in range(20)]
    same = [[True] for _ in groups]
    assert gain_noise(groups, same, same, seed=1) == 0.0  # no disagreement, no noise
    mixed = [[k % 3 == 0] for k in range(20)]
    noise = gain_noise(groups, same, mixed, seed=1)
    assert 0.0 < noise < 1.0
    assert gain_noise(groups, same, mixed, seed=1) == noise  # seeded
