"""Linear classifiers over sparse string features: the runtime side of every learned decision.

A ``LinearModel`` maps binary features (strings such as ``"path=nsubj<|dobj>"``) to class
scores: ``scores = bias + sum(W[f] for f in features)``, then a softmax (or a sigmoid for two
classes). Training happens elsewhere (``claimgraph.learn.fit`` with scikit-learn); what ships
is the feature vocabulary and the weights in one compressed ``.npz``, loaded with NumPy only:
no pickle, no scikit-learn at run time, nothing fetched.

An artifact stores ``classes`` (strings), ``features`` (strings, sorted), ``weights`` (float32,
features x classes, or features x 1 for a binary model whose positive class is
``classes[1]``), ``bias`` and ``meta`` (a JSON string: name, version, feature-set version,
training data digest, metrics).

A model may also read a dense vector beside the features (the parser's contextual token
vectors, ``claims.features.pair_vector``): ``dense_weights`` (dims x classes) over the vector
standardized with the stored ``dense_mean`` / ``dense_std`` and multiplied by
``dense_scale``. Artifacts without them are sparse-only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from claimgraph.errors import ModelArtifactError

#: Bumped when the artifact layout changes; a model written by another layout is refused.
ARTIFACT_FORMAT = "claimgraph linear model, version 1"


@dataclass(slots=True)
class LinearModel:
    """Weights over a feature vocabulary; ``predict`` gives class probabilities."""

    name: str
    classes: tuple[str, ...]
    features: dict[str, int]
    weights: np.ndarray  # (n_features, n_classes) or (n_features, 1) when binary
    bias: np.ndarray  # (n_classes,) or (1,)
    meta: dict[str, object] = field(default_factory=dict)
    dense_weights: np.ndarray | None = None  # (dims, n_classes) or (dims, 1)
    dense_mean: np.ndarray | None = None
    dense_std: np.ndarray | None = None
    dense_scale: float = 1.0

    @property
    def dense(self) -> bool:
        """Whether the model reads a dense vector beside the features."""
        return self.dense_weights is not None

    def standardize(self, vector: np.ndarray) -> np.ndarray:
        """The vector as the dense weights read it."""
        assert self.dense_mean is not None and self.dense_std is not None
        out: np.ndarray = (vector - self.dense_mean) / self.dense_std * self.dense_scale
        return out

    @property
    def binary(self) -> bool:
        return bool(self.weights.shape[1] == 1)

    def indices(self, features: Iterable[str]) -> list[int]:
        """Vocabulary indices of the known features (unknown ones carry no weight)."""
        lookup = self.features.get
        found = [lookup(f) for f in features]
        return [i for i in found if i is not None]

    def scores(self, features: Iterable[str], vector: np.ndarray | None = None) -> np.ndarray:
        """Raw class scores (log-odds of the positive class for a binary model)."""
        rows = self.indices(features)
        total: np.ndarray = self.bias.astype(np.float64)
        if rows:
            total = total + self.weights[rows].sum(axis=0, dtype=np.float64)
        if vector is not None and self.dense_weights is not None:
            total = total + self.standardize(vector) @ self.dense_weights.astype(np.float64)
        return total

    def predict(
        self, features: Iterable[str], vector: np.ndarray | None = None
    ) -> dict[str, float]:
        """Probability of every class (``vector``: the dense input, when the model has one)."""
        raw = self.scores(features, vector)
        if self.binary:
            positive = float(1.0 / (1.0 + np.exp(-raw[0])))
            return {self.classes[0]: 1.0 - positive, self.classes[1]: positive}
        shifted = np.exp(raw - raw.max())
        probs = shifted / shifted.sum()
        return {label: float(p) for label, p in zip(self.classes, probs, strict=True)}

    def best(
        self,
        features: Iterable[str],
        *,
        allowed: Sequence[str] | None = None,
        vector: np.ndarray | None = None,
    ) -> tuple[str, float]:
        """The most probable class (among ``allowed`` when given) and its probability."""
        probs = self.predict(features, vector)
        pool = allowed if allowed else self.classes
        label = max(pool, key=lambda c: probs.get(c, 0.0))
        return label, probs.get(label, 0.0)

    def top_features(self, label: str, n: int = 20) -> list[tuple[str, float]]:
        """The features that push hardest towards ``label`` (for docs and debugging)."""
        column = 0 if self.binary else self.classes.index(label)
        sign = -1.0 if self.binary and label == self.classes[0] else 1.0
        names = sorted(self.features, key=self.features.__getitem__)
        order = np.argsort(-sign * self.weights[:, column])[:n]
        return [(names[i], float(self.weights[i, column])) for i in order]

    # ----------------------------------------------------------------------------- files
    def save(self, path: Path) -> None:
        """Write the artifact (deterministic bytes for the same model)."""
        names = sorted(self.features, key=self.features.__getitem__)
        meta = dict(self.meta, name=self.name, format=ARTIFACT_FORMAT)
        path.parent.mkdir(parents=True, exist_ok=True)
        dense: dict[str, Any] = {}
        if self.dense_weights is not None:
            assert self.dense_mean is not None and self.dense_std is not None
            meta["dense_scale"] = self.dense_scale
            dense = {
                "dense_weights": self.dense_weights.astype(np.float32),
                "dense_mean": self.dense_mean.astype(np.float32),
                "dense_std": self.dense_std.astype(np.float32),
            }
        write_artifact(
            path,
            classes=self.classes,
            names=names,
            arrays={"weights": self.weights, "bias": self.bias},
            meta=meta,
            extra=dense,
        )

    @classmethod
    def load(cls, path: Path, *, expect: Mapping[str, object] | None = None) -> LinearModel:
        """Read an artifact; ``expect`` lists meta values it must carry (e.g. feature set)."""
        name = path.stem
        meta, classes, names, dense = read_artifact(path, ARTIFACT_FORMAT, expect)
        weights = dense.pop("weights", None)
        bias = dense.pop("bias", None)
        if weights is None or bias is None:
            raise ModelArtifactError(name=name, path=str(path), detail="weights missing")
        if (
            weights.ndim != 2
            or weights.shape[0] != len(names)
            or weights.shape[1] not in (1, len(classes))
        ):
            raise ModelArtifactError(name=name, path=str(path), detail="weights do not fit")
        dense_weights = dense.get("dense_weights")
        if dense_weights is not None and (
            dense_weights.shape[1] != weights.shape[1]
            or any(
                dense.get(key) is None or dense[key].shape != (dense_weights.shape[0],)
                for key in ("dense_mean", "dense_std")
            )
        ):
            raise ModelArtifactError(name=name, path=str(path), detail="dense weights do not fit")
        scale = meta.get("dense_scale", 1.0)
        return cls(
            name=str(meta.get("name", name)),
            classes=classes,
            features={f: i for i, f in enumerate(names)},
            weights=weights,
            bias=bias,
            meta=meta,
            dense_weights=dense_weights,
            dense_mean=dense.get("dense_mean"),
            dense_std=dense.get("dense_std"),
            dense_scale=float(scale) if isinstance(scale, int | float) else 1.0,
        )


def check_meta(
    meta: Mapping[str, object],
    fmt: str,
    expect: Mapping[str, object] | None,
    *,
    name: str,
    path: Path,
) -> None:
    """Refuse an artifact of another format, or whose meta lacks an ``expect`` value."""
    if meta.get("format") != fmt:
        raise ModelArtifactError(name=name, path=str(path), detail=f"format {meta.get('format')!r}")
    for key, value in (expect or {}).items():
        if meta.get(key) != value:
            raise ModelArtifactError(
                name=name,
                path=str(path),
                detail=f"{key} is {meta.get(key)!r}, this code needs {value!r}",
            )


def write_artifact(
    path: Path,
    *,
    classes: Sequence[str],
    names: Sequence[str],
    arrays: Mapping[str, np.ndarray],
    meta: Mapping[str, object],
    extra: Mapping[str, np.ndarray],
    half: frozenset[str] = frozenset(),
) -> None:
    """One compressed ``.npz``: class and feature names, ``arrays`` and ``extra`` as float32
    (those named in ``half`` as float16), ``meta`` as sorted JSON (the same bytes for the same
    model). ``read_artifact`` gives every array back as float32."""

    def stored(key: str, value: np.ndarray) -> np.ndarray:
        return value.astype(np.float16 if key in half else np.float32)

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        members: dict[str, Any] = {
            "classes": np.array(classes, dtype=np.str_),
            "features": np.array(names, dtype=np.str_),
            **{key: stored(key, value) for key, value in arrays.items()},
            "meta": np.array(json.dumps(dict(meta), sort_keys=True), dtype=np.str_),
            **{key: stored(key, value) for key, value in extra.items()},
        }
        np.savez_compressed(handle, **members)


def read_artifact(
    path: Path, fmt: str, expect: Mapping[str, object] | None
) -> tuple[dict[str, object], tuple[str, ...], list[str], dict[str, np.ndarray]]:
    """Meta, classes, feature names and every numeric array (float32) of an artifact written
    by ``write_artifact``; ``ModelArtifactError`` when it is missing, unreadable, of another
    format or lacks an ``expect`` value."""
    name = path.stem
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            check_meta(meta, fmt, expect, name=name, path=path)
            classes = tuple(str(c) for c in data["classes"])
            names = [str(f) for f in data["features"]]
            arrays = {
                key: np.asarray(data[key], dtype=np.float32)
                for key in data.files
                if key not in ("meta", "classes", "features")
            }
    except FileNotFoundError as err:
        raise ModelArtifactError(name=name, path=str(path), detail="file not found") from err
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as err:
        raise ModelArtifactError(name=name, path=str(path), detail=str(err)) from err
    return meta, classes, names, arrays
