"""The one-hidden-layer detect network: it learns an interaction, round-trips, and is refused
when its artifact is broken; ``load_scorer`` reads either kind of artifact."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claimgraph.errors import ModelArtifactError
from claimgraph.learn.fit import fit_linear, fit_mlp
from claimgraph.learn.linear import LinearModel
from claimgraph.learn.mlp import MLPModel, load_scorer, vector_width

# exclusive or: "a" alone or "b" alone is a claim, both or neither is not. No logistic model
# over the two features separates it; one hidden layer does.
XOR_ROWS = [("a",), ("b",), ("a", "b"), ()] * 128
XOR_LABELS = ["yes", "yes", "no", "no"] * 128


def _xor(vectors: np.ndarray | None = None) -> MLPModel:
    return fit_mlp(
        "toy",
        XOR_ROWS,
        XOR_LABELS,
        classes=("no", "yes"),
        hidden=8,
        alpha=1e-4,
        epochs=400,
        min_count=1,
        seed=0,
        meta={"feature_set": "t"},
        vectors=vectors,
        dense_scale=1.0,
    )


def test_mlp_learns_what_a_linear_model_cannot() -> None:
    mlp = _xor()
    linear = fit_linear(
        "toy", XOR_ROWS, XOR_LABELS, classes=("no", "yes"), c=1.0, min_count=1, seed=0
    )

    def right(model: MLPModel | LinearModel) -> int:
        cases = [(("a",), True), (("b",), True), (("a", "b"), False), ((), False)]
        return sum((model.predict(f)["yes"] > 0.5) == want for f, want in cases)

    assert right(mlp) == 4
    assert right(linear) < 4
    assert mlp.predict(["never-seen"]) == pytest.approx(mlp.predict([]))


def test_mlp_matches_scikit_learn_and_reads_the_vector(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(XOR_ROWS), 3)).astype(np.float32)
    vectors[:, 0] += np.array([1.0 if lab == "yes" else -1.0 for lab in XOR_LABELS])
    model = _xor(vectors)
    assert model.dense and vector_width(model) == 3
    path = tmp_path / "detect.npz"
    model.save(path)
    loaded = load_scorer(path, expect={"feature_set": "t"})
    assert isinstance(loaded, MLPModel)
    for k in (0, 1, 2, 3):
        feats, vec = XOR_ROWS[k], vectors[k]
        # the input matrices are held at the float16 precision they are stored at: the
        # loaded model gives exactly the numbers of the one that was saved
        assert loaded.predict(feats, vec)["yes"] == model.predict(feats, vec)["yes"]
    with np.load(path) as stored:
        assert stored["hidden"].dtype == np.float16
        assert stored["dense_hidden"].dtype == np.float16
        assert stored["out"].dtype == np.float32
    # a vector of another width is read as the mean vector, not an error
    assert loaded.predict(["a"], np.zeros(5)) == pytest.approx(loaded.predict(["a"]))
    model.save(tmp_path / "again.npz")
    assert (tmp_path / "again.npz").read_bytes() == path.read_bytes()


def test_load_scorer_reads_linear_artifacts_and_refuses_broken_ones(tmp_path: Path) -> None:
    linear = fit_linear("toy", XOR_ROWS, XOR_LABELS, classes=("no", "yes"), min_count=1)
    linear.save(tmp_path / "linear.npz")
    assert isinstance(load_scorer(tmp_path / "linear.npz"), LinearModel)
    _xor().save(tmp_path / "mlp.npz")
    with pytest.raises(ModelArtifactError, match="feature_set"):
        load_scorer(tmp_path / "mlp.npz", expect={"feature_set": "other"})
    with pytest.raises(ModelArtifactError, match="format"):
        LinearModel.load(tmp_path / "mlp.npz")
    (tmp_path / "junk.npz").write_bytes(b"not a model")
    with pytest.raises(ModelArtifactError):
        load_scorer(tmp_path / "junk.npz")
    with pytest.raises(ModelArtifactError, match="not found"):
        load_scorer(tmp_path / "missing.npz")
    # a network whose layers do not fit is refused with the file named
    with np.load(tmp_path / "mlp.npz") as data:
        arrays = {k: data[k] for k in data.files}
    arrays["out"] = arrays["out"][:-1]
    with (tmp_path / "cut.npz").open("wb") as handle:
        np.savez_compressed(handle, **arrays)
    with pytest.raises(ModelArtifactError, match="do not fit"):
        load_scorer(tmp_path / "cut.npz")


def test_fit_mlp_needs_both_classes() -> None:
    with pytest.raises(ValueError, match="both classes"):
        fit_mlp("toy", [("a",), ("b",)], ["no", "no"], classes=("no", "yes"), min_count=1)


def _small(members: int, seed: int = 0, vectors: np.ndarray | None = None) -> MLPModel:
    return fit_mlp(
        "toy",
        XOR_ROWS,
        XOR_LABELS,
        classes=("no", "yes"),
        hidden=4,
        epochs=20,
        members=members,
        min_count=1,
        seed=seed,
        vectors=vectors,
    )


def test_members_average_their_networks(tmp_path: Path) -> None:
    both, first, second = _small(2, 5), _small(1, 5), _small(1, 6)
    assert both.members == 2 and first.members == 1
    for feats in (("a",), ("a", "b"), ()):
        mean = (first.predict(feats)["yes"] + second.predict(feats)["yes"]) / 2
        assert both.predict(feats)["yes"] == pytest.approx(mean, abs=1e-6)
    both.save(tmp_path / "both.npz")
    loaded = load_scorer(tmp_path / "both.npz")
    assert isinstance(loaded, MLPModel) and loaded.members == 2
    assert loaded.predict(["b"])["yes"] == pytest.approx(both.predict(["b"])["yes"], abs=1e-6)


def test_batched_probabilities_equal_one_at_a_time() -> None:
    from claimgraph.learn.mlp import positive_probabilities

    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(len(XOR_ROWS), 3)).astype(np.float32)
    model = _small(2, vectors=vectors)
    feats = [("a",), ("a", "b", "unseen"), (), ("b",)]
    vecs: list[np.ndarray | None] = [vectors[0], None, vectors[2], np.zeros(7)]
    batched = positive_probabilities(model, feats, vecs)
    single = [model.predict(f, v)["yes"] for f, v in zip(feats, vecs, strict=True)]
    assert batched == pytest.approx(single, abs=1e-9)
    linear = fit_linear("toy", XOR_ROWS, XOR_LABELS, classes=("no", "yes"), min_count=1)
    assert positive_probabilities(linear, feats, [None] * 4) == pytest.approx(
        [linear.predict(f)["yes"] for f in feats]
    )
    assert len(model.positives([], [])) == 0


def test_weights_beyond_float16_are_refused_not_stored_as_infinity() -> None:
    good = _xor()
    for bad in (7e4, np.inf, np.nan):
        hidden = good.hidden.copy()
        hidden[0, 0] = bad
        with pytest.raises(ValueError, match="float16"):
            MLPModel(
                good.name,
                good.classes,
                good.features,
                hidden,
                good.hidden_bias,
                good.out,
                good.out_bias,
            )
