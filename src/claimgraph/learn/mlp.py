"""A one-hidden-layer network over sparse string features and a dense vector (run time).

The claim model's ``detect`` part may be this instead of a ``LinearModel``: a logistic linear
model adds the weights of the pair's features, so it cannot learn that a feature matters only
beside another (a reporting cue *and* a subject under it); one hidden layer can. The input is
the same as a dense ``LinearModel``'s: binary features (strings) plus the parser's contextual
vector of the pair, standardized and scaled. Run time is NumPy only:

    hidden = relu(b1 + sum(W1[f] for f in features) + standardize(vector) @ V1)
    p      = sigmoid(b2 + hidden @ w2)

Training is ``claimgraph.learn.fit.fit_mlp`` (scikit-learn's ``MLPClassifier``, seeded). The
artifact is one compressed ``.npz`` like a ``LinearModel``'s, with its own ``format`` string,
so that ``load_scorer`` reads either kind from the file alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from claimgraph.errors import ModelArtifactError
from claimgraph.learn.linear import ARTIFACT_FORMAT, LinearModel, check_meta

#: The format string of an MLP artifact (a model written by another layout is refused).
MLP_FORMAT = "claimgraph mlp model, version 1"


@dataclass(slots=True)
class MLPModel:
    """A binary classifier: ``predict`` gives the probability of ``classes[0]`` and ``[1]``."""

    name: str
    classes: tuple[str, str]
    features: dict[str, int]
    hidden: np.ndarray  # (n_features, h)
    hidden_bias: np.ndarray  # (h,)
    out: np.ndarray  # (h,)
    out_bias: float
    meta: dict[str, object] = field(default_factory=dict)
    dense_hidden: np.ndarray | None = None  # (dims, h)
    dense_mean: np.ndarray | None = None
    dense_std: np.ndarray | None = None
    dense_scale: float = 1.0

    def __post_init__(self) -> None:
        # float64 once here, not on every call (float32 values convert exactly both ways)
        self.hidden = np.asarray(self.hidden, dtype=np.float64)
        self.hidden_bias = np.asarray(self.hidden_bias, dtype=np.float64)
        self.out = np.asarray(self.out, dtype=np.float64)
        if self.dense_hidden is not None:
            self.dense_hidden = np.asarray(self.dense_hidden, dtype=np.float64)

    @property
    def dense(self) -> bool:
        """Whether the model reads a dense vector beside the features."""
        return self.dense_hidden is not None

    @property
    def dims(self) -> int:
        """Width of the dense vector it reads (0: none)."""
        return int(self.dense_hidden.shape[0]) if self.dense_hidden is not None else 0

    def logit(self, features: Iterable[str], vector: np.ndarray | None = None) -> float:
        """Log-odds of ``classes[1]``; ``vector`` None or of another width: the mean vector."""
        lookup = self.features.get
        rows = [i for i in (lookup(f) for f in features) if i is not None]
        total: np.ndarray = self.hidden_bias
        if rows:
            total = total + self.hidden[rows].sum(axis=0)
        if (
            vector is not None
            and self.dense_hidden is not None
            and vector.size == self.dense_hidden.shape[0]
        ):
            assert self.dense_mean is not None and self.dense_std is not None
            scaled = (vector - self.dense_mean) / self.dense_std * self.dense_scale
            total = total + scaled @ self.dense_hidden
        return float(np.maximum(total, 0.0) @ self.out + self.out_bias)

    def predict(
        self, features: Iterable[str], vector: np.ndarray | None = None
    ) -> dict[str, float]:
        """Probability of both classes."""
        positive = float(1.0 / (1.0 + np.exp(-self.logit(features, vector))))
        return {self.classes[0]: 1.0 - positive, self.classes[1]: positive}

    # ----------------------------------------------------------------------------- files
    def save(self, path: Path) -> None:
        """Write the artifact (deterministic bytes for the same model)."""
        names = sorted(self.features, key=self.features.__getitem__)
        meta = dict(self.meta, name=self.name, format=MLP_FORMAT, dense_scale=self.dense_scale)
        dense: dict[str, Any] = {}
        if self.dense_hidden is not None:
            assert self.dense_mean is not None and self.dense_std is not None
            dense = {
                "dense_hidden": self.dense_hidden.astype(np.float32),
                "dense_mean": self.dense_mean.astype(np.float32),
                "dense_std": self.dense_std.astype(np.float32),
            }
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            np.savez_compressed(
                handle,
                classes=np.array(self.classes, dtype=np.str_),
                features=np.array(names, dtype=np.str_),
                hidden=self.hidden.astype(np.float32),
                hidden_bias=self.hidden_bias.astype(np.float32),
                out=self.out.astype(np.float32),
                out_bias=np.array([self.out_bias], dtype=np.float32),
                meta=np.array(json.dumps(meta, sort_keys=True), dtype=np.str_),
                **dense,
            )

    @classmethod
    def load(cls, path: Path, *, expect: Mapping[str, object] | None = None) -> MLPModel:
        """Read an artifact; ``expect`` lists meta values it must carry (e.g. feature set)."""
        name = path.stem
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                check_meta(meta, MLP_FORMAT, expect, name=name, path=path)
                arrays = {
                    key: np.asarray(data[key], dtype=np.float32)
                    for key in (
                        "hidden",
                        "hidden_bias",
                        "out",
                        "out_bias",
                        "dense_hidden",
                        "dense_mean",
                        "dense_std",
                    )
                    if key in data.files
                }
                classes = tuple(str(c) for c in data["classes"])
                names = [str(f) for f in data["features"]]
        except FileNotFoundError as err:
            raise ModelArtifactError(name=name, path=str(path), detail="file not found") from err
        except (OSError, ValueError, KeyError, json.JSONDecodeError) as err:
            raise ModelArtifactError(name=name, path=str(path), detail=str(err)) from err
        hidden = arrays.get("hidden")
        width = 0 if hidden is None else hidden.shape[1]
        if (
            hidden is None
            or len(classes) != 2
            or hidden.shape[0] != len(names)
            or arrays.get("hidden_bias", np.empty(0)).shape != (width,)
            or arrays.get("out", np.empty(0)).shape != (width,)
            or arrays.get("out_bias", np.empty(0)).shape != (1,)
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
            out=arrays["out"],
            out_bias=float(arrays["out_bias"][0]),
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
    "vector_width",
]
