"""The learning pieces: linear artifacts, the fixed splits, the per-axis choice, the model path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claimgraph.errors import ModelArtifactError
from claimgraph.learn.fit import fit_linear
from claimgraph.learn.linear import LinearModel
from claimgraph.learn.splits import assign_split, read_splits, stage_part, write_splits
from claimgraph.learn.train_status import StatusExample, _binary_macro_f1, choose_axis_sources
from claimgraph.status.model import StatusModel

ROWS = [("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")] * 5
LABELS = ["yes", "yes", "no", "no"] * 5


def _toy(name: str = "toy", classes: tuple[str, str] = ("no", "yes")) -> LinearModel:
    return fit_linear(name, ROWS, LABELS, classes=classes, c=1.0, min_count=1, seed=0, meta={})


def test_linear_model_learns_and_round_trips(tmp_path: Path) -> None:
    model = _toy()
    assert model.predict(["a"])["yes"] > 0.5 > model.predict(["b"])["yes"]
    path = tmp_path / "toy.npz"
    model.save(path)
    loaded = LinearModel.load(path)
    assert loaded.classes == model.classes
    assert loaded.predict(["a", "x"])["yes"] == pytest.approx(model.predict(["a", "x"])["yes"])
    # unknown features carry no weight: the bias alone decides
    assert loaded.predict(["never-seen"]) == pytest.approx(loaded.predict([]))


def test_linear_model_saves_the_same_bytes(tmp_path: Path) -> None:
    _toy().save(tmp_path / "one.npz")
    _toy().save(tmp_path / "two.npz")
    assert (tmp_path / "one.npz").read_bytes() == (tmp_path / "two.npz").read_bytes()


def test_linear_model_refuses_bad_artifacts(tmp_path: Path) -> None:
    with pytest.raises(ModelArtifactError):
        LinearModel.load(tmp_path / "missing.npz")
    (tmp_path / "junk.npz").write_bytes(b"not a model")
    with pytest.raises(ModelArtifactError):
        LinearModel.load(tmp_path / "junk.npz")
    _toy().save(tmp_path / "toy.npz")
    with pytest.raises(ModelArtifactError, match="feature_set"):
        LinearModel.load(tmp_path / "toy.npz", expect={"feature_set": "other"})


def test_splits_are_seeded_and_keep_held_out_articles_out_of_train(tmp_path: Path) -> None:
    ids = [f"doc-{k}" for k in range(300)]
    first = [assign_split(i) for i in ids]
    assert first == [assign_split(i) for i in ids]
    assert {"train", "dev", "test"} == set(first)
    assert 0.6 < first.count("train") / len(ids) < 0.8
    assert all(assign_split(i, held_out=True) in ("dev", "test") for i in ids)
    counts = write_splits(
        tmp_path / "splits.tsv",
        [(i, "c.jsonl", "g.json") for i in ids[:20]],
        held_out=frozenset(ids[:5]),
    )
    assert sum(counts.values()) == 20
    read = read_splits(tmp_path / "splits.tsv")
    assert all(read[i] != "train" for i in ids[:5])
    assert read[ids[7]] == assign_split(ids[7])
    assert stage_part("x") == stage_part("x") in ("train", "dev", "test")


def test_binary_macro_f1() -> None:
    assert _binary_macro_f1([True, False], [True, False]) == 1.0
    assert _binary_macro_f1([True, False], [False, True]) == 0.0
    assert _binary_macro_f1([True, True, False, False], [True, False, False, False]) == (
        pytest.approx((2 / 3 + 0.8) / 2)
    )


def _axis(name: str, classes: tuple[str, str]) -> LinearModel:
    # learns "a" -> marked class, the opposite of what the rules' feature below says
    return fit_linear(
        name,
        ROWS,
        [classes[1] if lab == "yes" else classes[0] for lab in LABELS],
        classes=classes,
        c=1.0,
        min_count=1,
        seed=0,
        meta={},
    )


def _status_model() -> StatusModel:
    return StatusModel(
        certainty=_axis("certainty", ("certain", "hedged")),
        polarity=_axis("polarity", ("positive", "negative")),
        time=_axis("time", ("past_or_present", "future")),
        status=_toy("status"),
    )


def test_axis_choice_keeps_the_better_of_rules_and_model() -> None:
    model = _status_model()
    # on this dev set the learned axes are right ("a" marks); the rules are wrong on certainty
    # and polarity, and as right as the model on time (a tie keeps the rules)
    dev = [
        StatusExample(
            "d",
            ("a", "rule.certainty=certain", "rule.polarity=positive", "rule.time=future"),
            certainty="hedged",
            polarity="negative",
            time="future",
        ),
        StatusExample(
            "d", ("b",), certainty="certain", polarity="positive", time="past_or_present"
        ),
    ]
    report = choose_axis_sources(model, dev)
    assert report["certainty"]["source"] == "model"
    assert report["polarity"]["source"] == "model"
    assert model.learned_axes() == {"certainty", "polarity"}
    assert report["time"] == {"source": "rules", "model": 1.0, "rules": 1.0, "gain_noise": 0.0}
    assert model.time.meta["axis_source"] == "rules"


def test_axis_choice_keeps_the_rules_when_the_gain_is_within_noise() -> None:
    model = _status_model()
    # ten articles, one example each: the model ("a" -> negative) is right on 7, the rules
    # (their negative mark) on 6, the two disagreeing on different articles
    rows = [
        # (model says negative, rules say negative, gold negative)
        (True, True, True),
        (True, False, True),
        (True, False, True),
        (False, True, True),
        (False, False, False),
        (False, False, False),
        (False, True, False),
        (True, False, False),
        (False, False, True),
        (True, True, True),
    ]
    dev = [
        StatusExample(
            f"doc{k}",
            ("a" if m else "b", *(["rule.polarity=negative"] if r else [])),
            polarity="negative" if g else "positive",
        )
        for k, (m, r, g) in enumerate(rows)
    ]
    report = choose_axis_sources(model, dev, seed=3)
    polarity = report["polarity"]
    assert float(polarity["model"]) > float(polarity["rules"])
    assert float(polarity["gain_noise"]) > float(polarity["model"]) - float(polarity["rules"])
    assert polarity["source"] == "rules"
    assert model.polarity.meta["axis_source"] == "rules"


def test_model_extractor_runs_on_text(nlp: Any) -> None:
    from claimgraph.pipeline import Pipeline, PipelineConfig

    pipeline = Pipeline(PipelineConfig(extractor="model"))
    result = pipeline.extract_text(
        "Russia attacked Ukraine on Monday. Ukraine's foreign minister condemned Russia.",
        title="t",
    )
    for claim in result.claims:
        assert claim.subject.id != claim.object.id
        assert 0.0 <= claim.confidence <= 1.0
    assert result.claims, "the shipped model finds no claim in two plain two-actor sentences"


def test_shipped_models_were_trained_on_the_committed_annotations() -> None:
    import json

    from claimgraph.claims.model import default_folder
    from claimgraph.learn.train import data_digest

    root = Path(__file__).resolve().parents[2] / "data" / "training"
    report = json.loads((default_folder() / "report.json").read_text(encoding="utf-8"))
    assert report["data_digest"] == data_digest(root), "run `make train` after changing data"


def test_span_sentences_keep_roles_on_the_rebuilt_text(tmp_path: Path) -> None:
    from claimgraph.learn.shared_events import read_span_sentences

    path = tmp_path / "train.txt"
    path.write_text(
        "Chile B-S\nurged O\nthe O\nUnited B-T\nNations I-T\n, O\nofficials O\nsaid O\n. O\n\n"
        "Both B-R\nsides I-R\nmet O\n. O\n",
        encoding="utf-8",
    )
    (first, spans), (second, spans2) = read_span_sentences(path)
    assert first == "Chile urged the United Nations, officials said."
    assert [(first[a:b], role) for a, b, role in spans] == [("Chile", "S"), ("United Nations", "T")]
    assert [(second[a:b], role) for a, b, role in spans2] == [("Both sides", "R")]


def test_plover_examples_are_typed_and_read_only_the_train_part(tmp_path: Path, nlp: Any) -> None:
    import json

    from claimgraph.learn.shared_events import PLOVER_RECORDS, plover_examples

    records = [
        {
            "id": rid,
            "event": "FIGHT",
            "text": "Russian troops attacked Ukrainian positions near Kharkiv.",
            "source": [{"actorText": "Russian troops", "code": "RUS"}],
            "target": [{"actorText": "Ukrainian positions", "code": "UKR"}],
        }
        for rid in ("PLOVER-T-1", "PLOVER-T-2", "PLOVER-T-3", "PLOVER-T-4", "PLOVER-T-5")
    ]
    path = tmp_path / PLOVER_RECORDS
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(records), encoding="utf-8")
    examples = plover_examples(tmp_path, nlp)
    in_train = sum(stage_part(str(r["id"])) == "train" for r in records)
    groups = {e.doc_id for e in examples}
    assert len(groups) == in_train  # dev and test records are never read
    positives = [e for e in examples if e.claim]
    assert positives, "the source-target pair of each record is a positive"
    assert {e.type for e in positives} == {"ASSAULT"}  # old label FIGHT mapped
    assert all(e.forward is True for e in positives)  # source first in the text


def test_linear_model_reads_a_dense_vector_and_round_trips(tmp_path: Path) -> None:
    import numpy as np

    rows = [["x"]] * 40
    labels = ["no"] * 20 + ["yes"] * 20
    vectors = np.array([[0.0, 1.0]] * 20 + [[1.0, 0.0]] * 20, dtype=np.float32)
    model = fit_linear(
        "dense",
        rows,
        labels,
        classes=("no", "yes"),
        c=10.0,
        min_count=1,
        seed=0,
        meta={},
        vectors=vectors,
        dense_scale=1.0,
    )
    assert model.dense
    # the strings are the same for every row: only the vector tells the classes apart
    assert model.predict(["x"], vectors[-1])["yes"] > 0.9
    assert model.predict(["x"], vectors[0])["yes"] < 0.1
    path = tmp_path / "dense.npz"
    model.save(path)
    loaded = LinearModel.load(path)
    assert loaded.dense and loaded.dense_scale == 1.0
    assert loaded.predict(["x"], vectors[-1])["yes"] == pytest.approx(
        model.predict(["x"], vectors[-1])["yes"], abs=1e-5
    )
    # without a vector the model falls back to its strings
    assert loaded.predict(["x"])["yes"] == pytest.approx(loaded.predict(["x"], None)["yes"])
    assert not _toy().dense
    # an artifact whose dense parts do not fit is refused
    import dataclasses

    broken = dataclasses.replace(model, dense_mean=np.zeros(3, dtype=np.float32))
    broken.save(tmp_path / "broken.npz")
    with pytest.raises(ModelArtifactError):
        LinearModel.load(tmp_path / "broken.npz")


def test_pair_vector_is_the_parsers_context(nlp: Any) -> None:
    from claimgraph.actors import load_resolver
    from claimgraph.claims.candidates import build_candidates
    from claimgraph.claims.features import VECTOR_PARTS, DocContext, pair_vector

    doc = nlp("Russia attacked Ukraine on Monday.")
    mentions = load_resolver().find_mentions(doc)
    cands = build_candidates(doc, mentions, ())
    assert cands
    vector = pair_vector(DocContext(doc), cands[0])
    assert vector.shape == (VECTOR_PARTS * doc.tensor.shape[1],)
    assert float(abs(vector).sum()) > 0.0
