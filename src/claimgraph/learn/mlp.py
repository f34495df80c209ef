"""A one-hidden-layer network over sparse string features and a dense vector (run time).

The claim model's ``detect`` part may be this instead of a ``LinearModel``: a logistic linear
model adds the weights of the pair's features, so it cannot learn that a feature matters only
beside another (a reporting cue *and* a subject under it); one hidden layer can. The input is
the same as a dense ``LinearModel``'s: binary features (strings) plus the parser's contextual
vector of the pair, standardized and scaled. Run time is NumPy only:

    hidden = relu(b1 + sum(W1[f] for f in features) + standardize(vector) @ V1)
    p      = sigmoid(b2 + hidden @ w2)

A model may hold several such networks trained with different seeds (``members``); its
probability is the mean of theirs, which steadies a network's dependence on its seed. Their
hidden units sit side by side in one matrix, so the features are looked up once.

Training is ``claimgraph.learn.fit.fit_mlp`` (scikit-learn's ``MLPClassifier``, seeded). The
artifact is one compressed ``.npz`` like a ``LinearModel``'s, with its own ``format`` string,
so that ``load_scorer`` reads either kind from the file alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from claimgraph.errors import ModelArtifactError
from claimgraph.learn.linear import ARTIFACT_FORMAT, LinearModel, read_artifact, write_artifact

#: The format string of an MLP artifact (a model written by another layout is refused).
MLP_FORMAT = "claimgraph mlp model, version 2"


def _half(matrix: np.ndarray) -> np.ndarray:
    """``matrix`` rounded to float16, held as float64 (both conversions are exact after it).

    A value float16 cannot hold (beyond +-65504, or not finite) is refused rather than
    stored as infinity: it would mean a diverged fit, and the artifact would be useless."""
    values = np.asarray(matrix, dtype=np.float64)
    if values.size and not (
        np.isfinite(values).all() and np.abs(values).max() <= np.finfo(np.float16).max
    ):
        raise ValueError("MLP weights out of float16 range (a diverged fit?); not stored")
    return values.astype(np.float16).astype(np.float64)


@dataclass(slots=True)
class MLPModel:
    """A binary classifier: ``predict`` gives the probability of ``classes[0]`` and ``[1]``."""

    name: str
    classes: tuple[str, str]
    features: dict[str, int]
    hidden: np.ndarray  # (n_features, members * h)
    hidden_bias: np.ndarray  # (members * h,)
    out: np.ndarray  # (members, h)
    out_bias: np.ndarray  # (members,)
    meta: dict[str, object] = field(default_factory=dict)
    dense_hidden: np.ndarray | None = None  # (dims, members * h)
    dense_mean: np.ndarray | None = None
    dense_std: np.ndarray | None = None
    dense_scale: float = 1.0

    def __post_init__(self) -> None:
        # float64 once here, not on every call. The two input matrices are kept at float16
        # precision, the precision the artifact stores them at (half the bytes of float32;
        # their weights are below 0.3), so a model predicts the same before and after a save.
        self.hidden = _half(self.hidden)
        self.hidden_bias = np.asarray(self.hidden_bias, dtype=np.float64)
        self.out = np.asarray(self.out, dtype=np.float64)
        self.out_bias = np.asarray(self.out_bias, dtype=np.float64)
        if self.dense_hidden is not None:
            self.dense_hidden = _half(self.dense_hidden)

    @property
    def dense(self) -> bool:
        """Whether the model reads a dense vector beside the features."""
        return self.dense_hidden is not None

    @property
    def members(self) -> int:
        """How many networks it averages."""
        return int(self.out.shape[0])

    @property
    def dims(self) -> int:
        """Width of the dense vector it reads (0: none)."""
        return int(self.dense_hidden.shape[0]) if self.dense_hidden is not None else 0

    def predict(
        self, features: Iterable[str], vector: np.ndarray | None = None
    ) -> dict[str, float]:
        """Probability of both classes (the mean over the networks); ``vector`` None or of
        another width: the mean vector."""
        positive = float(self.positives([features], [vector])[0])
        return {self.classes[0]: 1.0 - positive, self.classes[1]: positive}

    def positives(
        self,
        features: Sequence[Iterable[str]],
        vectors: Sequence[np.ndarray | None] | None = None,
    ) -> np.ndarray:
        """``predict(...)[classes[1]]`` of many inputs at once (one document's candidates):
        the same numbers, with one gather and one matrix product instead of one per input."""
        n = len(features)
        lookup = self.features.get
        rows: list[int] = []
        ends: list[int] = []
        for feats in features:
            rows.extend(i for i in (lookup(f) for f in feats) if i is not None)
            ends.append(len(rows))
        width = self.hidden.shape[1]
        sums = np.zeros((len(rows) + 1, width))
        if rows:
            np.cumsum(self.hidden[rows], axis=0, out=sums[1:])
        bounds = np.array([0, *ends])
        total = self.hidden_bias + sums[bounds[1:]] - sums[bounds[:-1]]
        if self.dense_hidden is not None and vectors is not None:
            assert self.dense_mean is not None and self.dense_std is not None
            dims = self.dense_hidden.shape[0]
            fit = [k for k, v in enumerate(vectors) if v is not None and v.size == dims]
            if fit:
                stacked = np.stack([np.asarray(vectors[k], dtype=np.float64) for k in fit])
                scaled = (stacked - self.dense_mean) / self.dense_std * self.dense_scale
                total[fit] += scaled @ self.dense_hidden
        units = np.maximum(total, 0.0).reshape(n, *self.out.shape)
        logits = (units * self.out).sum(axis=2) + self.out_bias
        out: np.ndarray = (1.0 / (1.0 + np.exp(-logits))).mean(axis=1)
        return out

    # ----------------------------------------------------------------------------- files
    def save(self, path: Path) -> None:
        """Write the artifact (deterministic bytes for the same model)."""
        names = sorted(self.features, key=self.features.__getitem__)
        meta = dict(self.meta, name=self.name, format=MLP_FORMAT, dense_scale=self.dense_scale)
        dense: dict[str, Any] = {}
        if self.dense_hidden is not None:
            assert self.dense_mean is not None and self.dense_std is not None
            dense = {
                "dense_hidden": self.dense_hidden,
                "dense_mean": self.dense_mean.astype(np.float32),
                "dense_std": self.dense_std.astype(np.float32),
            }
        write_artifact(
            path,
            classes=self.classes,
            names=names,
            arrays={
                "hidden": self.hidden,
                "hidden_bias": self.hidden_bias,
                "out": self.out,
                "out_bias": self.out_bias,
            },
            meta=meta,
            extra=dense,
            half=frozenset({"hidden", "dense_hidden"}),
        )

    @classmethod
    def load(cls, path: Path, *, expect: Mapping[str, object] | None = None) -> MLPModel:
        """Read an artifact; ``expect`` lists meta values it must carry (e.g. feature set)."""
        name = path.stem
        meta, classes, names, arrays = read_artifact(path, MLP_FORMAT, expect)
        hidden = arrays.get("hidden")
        out = arrays.get("out", np.empty((0, 0)))
        width = 0 if hidden is None else hidden.shape[1]
        if (
            hidden is None
            or len(classes) != 2
            or hidden.shape[0] != len(names)
            or out.ndim != 2
            or out.size != width
            or arrays.get("hidden_bias", np.empty(0)).shape != (width,)
            or arrays.get("out_bias", np.empty(0)).shape != (out.shape[0],)
        ):
            raise ModelArtifactError(name=name, path=str(path), detail="weights do not fit")
        dense_hidden = arrays.get("dense_hidden")
        if dense_hidden is not None and (
            dense_hidden.shape[1] != width
            or any(
                key not in arrays or arrays[key].shape != (dense_hidden.shape[0],)
                for key in ("dense_mean", "dense_std")
            )
        ):
            raise ModelArtifactError(name=name, path=str(path), detail="dense weights do not fit")
        scale = meta.get("dense_scale", 1.0)
        return cls(
            name=str(meta.get("name", name)),
            classes=(classes[0], classes[1]),
            features={f: i for i, f in enumerate(names)},
            hidden=hidden,
            hidden_bias=arrays["hidden_bias"],
            out=out,
            out_bias=arrays["out_bias"],
            meta=meta,
            dense_hidden=dense_hidden,
            dense_mean=arrays.get("dense_mean"),
            dense_std=arrays.get("dense_std"),
            dense_scale=float(scale) if isinstance(scale, int | float) else 1.0,
        )


#: A binary scorer over features and an optional dense vector: either kind of artifact.
Detector = LinearModel | MLPModel


def artifact_format(path: Path) -> str:
    """The ``format`` string of an artifact ('' when it has none or cannot be read)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
    except (OSError, ValueError, KeyError, json.JSONDecodeError):
        return ""
    fmt = meta.get("format", "") if isinstance(meta, dict) else ""
    return str(fmt)


def load_scorer(path: Path, *, expect: Mapping[str, object] | None = None) -> Detector:
    """A linear or MLP artifact, whichever the file holds (errors as their ``load``)."""
    if artifact_format(path) == MLP_FORMAT:
        return MLPModel.load(path, expect=expect)
    return LinearModel.load(path, expect=expect)


def positive_probabilities(
    model: Detector,
    features: Sequence[Iterable[str]],
    vectors: Sequence[np.ndarray | None],
) -> list[float]:
    """The probability of a binary model's positive class (``classes[1]``) for each input."""
    if isinstance(model, MLPModel):
        return [float(p) for p in model.positives(features, vectors)]
    positive = model.classes[1]
    return [model.predict(f, vector=v)[positive] for f, v in zip(features, vectors, strict=True)]


def vector_width(model: Detector) -> int:
    """Width of the dense vector a model reads (0: none)."""
    if isinstance(model, MLPModel):
        return model.dims
    return int(model.dense_weights.shape[0]) if model.dense_weights is not None else 0


__all__ = [
    "ARTIFACT_FORMAT",
    "MLP_FORMAT",
    "Detector",
    "MLPModel",
    "artifact_format",
    "load_scorer",
    "positive_probabilities",
    "vector_width",
]
