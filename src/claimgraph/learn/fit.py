"""Fitting linear and small neural models on string features with scikit-learn (training time only).

``fit_linear`` builds the feature vocabulary from the training rows (features seen fewer than
``min_count`` times are dropped), fits an L2-regularised logistic regression (liblinear for
two classes, lbfgs multinomial otherwise; both deterministic for the same rows and seed) and
returns a ``LinearModel`` that needs only NumPy to run. ``fit_mlp`` fits a binary
one-hidden-layer network on the same input (``MLPModel``, also NumPy-only at run time).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from claimgraph.learn.linear import LinearModel
from claimgraph.learn.mlp import MLPModel


def _matrix(rows: Sequence[Sequence[str]], index: Mapping[str, int]) -> object:
    from scipy.sparse import csr_matrix

    indptr = [0]
    indices: list[int] = []
    for row in rows:
        cols = sorted({index[f] for f in row if f in index})
        indices.extend(cols)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    return csr_matrix((data, indices, indptr), shape=(len(rows), len(index)))


def _design(
    rows: Sequence[Sequence[str]],
    min_count: int,
    vectors: np.ndarray | None,
    dense_scale: float,
) -> tuple[list[str], dict[str, int], Any, np.ndarray | None, np.ndarray | None]:
    """Vocabulary (features seen ``min_count`` times or more), its index, the input matrix
    (binary features, then the standardized vectors times ``dense_scale``), mean and std."""
    counts = Counter(f for row in rows for f in set(row))
    vocab = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(vocab)}
    x: Any = _matrix(rows, index)
    mean = std = None
    if vectors is not None:
        from scipy.sparse import csr_matrix, hstack

        mean = vectors.mean(axis=0)
        std = vectors.std(axis=0) + 1e-6
        x = hstack([x, csr_matrix((vectors - mean) / std * dense_scale)]).tocsr()
    return vocab, index, x, mean, std


def _info(
    meta: Mapping[str, object] | None,
    rows: Sequence[Sequence[str]],
    vocab: Sequence[str],
    labels: Sequence[str],
    **settings: object,
) -> dict[str, object]:
    """An artifact's metadata: the caller's, the data's size and the fit's settings."""
    info = dict(meta or {})
    info.update(
        {
            "n_rows": len(rows),
            "n_features": len(vocab),
            "class_counts": dict(Counter(labels)),
            **settings,
        }
    )
    return info


def fit_linear(
    name: str,
    rows: Sequence[Sequence[str]],
    labels: Sequence[str],
    *,
    classes: Sequence[str] | None = None,
    c: float = 1.0,
    min_count: int = 2,
    seed: int = 0,
    weights: Sequence[float] | None = None,
    balanced: bool = False,
    meta: Mapping[str, object] | None = None,
    vectors: np.ndarray | None = None,
    dense_scale: float = 0.1,
) -> LinearModel:
    """A logistic regression over the binary features of ``rows``.

    ``classes`` fixes the class order (for a binary model: ``(negative, positive)``); by
    default the sorted labels. Classes absent from ``labels`` are left out of the model.
    ``vectors`` (rows x dims): a dense input beside the features, standardized and scaled by
    ``dense_scale`` (so that it does not drown the binary features under one ``c``).
    """
    from sklearn.linear_model import LogisticRegression

    present = sorted(set(labels))
    order = [c_ for c_ in (classes or present) if c_ in present]
    if len(order) < 2:
        raise ValueError(f"{name}: need two classes to train, got {order}")
    vocab, index, x, mean, std = _design(rows, min_count, vectors, dense_scale)
    y = np.array([order.index(label) for label in labels])
    binary = len(order) == 2
    clf = LogisticRegression(
        C=c,
        solver="liblinear" if binary else "lbfgs",
        max_iter=5000,
        random_state=seed,
        class_weight="balanced" if balanced else None,
    )
    clf.fit(x, y, sample_weight=None if weights is None else np.asarray(weights, dtype=float))
    coef = np.asarray(clf.coef_, dtype=np.float64)
    bias = np.asarray(clf.intercept_, dtype=np.float64)
    if binary:
        weight_matrix = coef.T  # (n_features, 1): log-odds of order[1]
    else:
        fitted = [order[int(k)] for k in clf.classes_]
        order = fitted
        weight_matrix = coef.T
    dense_weights = None
    if vectors is not None:
        dense_weights = weight_matrix[len(vocab) :].astype(np.float32)
        weight_matrix = weight_matrix[: len(vocab)]
    info = _info(meta, rows, vocab, labels, c=c, min_count=min_count, seed=seed)
    return LinearModel(
        name=name,
        classes=tuple(order),
        features=index,
        weights=weight_matrix.astype(np.float32),
        bias=bias.astype(np.float32),
        meta=info,
        dense_weights=dense_weights,
        dense_mean=None if mean is None else mean.astype(np.float32),
        dense_std=None if std is None else std.astype(np.float32),
        dense_scale=dense_scale,
    )


def fit_mlp(
    name: str,
    rows: Sequence[Sequence[str]],
    labels: Sequence[str],
    *,
    classes: tuple[str, str],
    hidden: int = 64,
    alpha: float = 0.1,
    epochs: int = 20,
    members: int = 1,
    min_count: int = 2,
    seed: int = 0,
    meta: Mapping[str, object] | None = None,
    vectors: np.ndarray | None = None,
    dense_scale: float = 0.3,
) -> MLPModel:
    """A binary one-hidden-layer network (ReLU, L2 ``alpha``, Adam for ``epochs`` passes in
    batches of 256, seeded) over the features of ``rows`` and, when given, ``vectors``.

    ``members``: that many networks, seeded ``seed``, ``seed + 1``, ..., whose probabilities
    the model averages. ``classes``: ``(negative, positive)``. Deterministic for the same
    rows, seed and BLAS.
    """
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    if len(set(labels) & set(classes)) < 2:
        raise ValueError(f"{name}: need both classes {classes} to train")
    vocab, index, x, mean, std = _design(rows, min_count, vectors, dense_scale)
    y = np.array([classes.index(label) for label in labels])
    nets = []
    for k in range(members):
        clf = MLPClassifier(
            hidden_layer_sizes=(hidden,),
            alpha=alpha,
            batch_size=256,
            max_iter=epochs,
            learning_rate_init=1e-3,
            random_state=seed + k,
            early_stopping=False,
        )
        with warnings.catch_warnings():  # a fixed number of passes, by design
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(x, y)
        nets.append(clf)
    first = np.hstack([np.asarray(c.coefs_[0], dtype=np.float64) for c in nets])
    info = _info(
        meta,
        rows,
        vocab,
        labels,
        hidden=hidden,
        members=members,
        alpha=alpha,
        epochs=epochs,
        min_count=min_count,
        seed=seed,
    )
    return MLPModel(
        name=name,
        classes=classes,
        features=index,
        hidden=first[: len(vocab)].astype(np.float32),
        hidden_bias=np.hstack([c.intercepts_[0] for c in nets]).astype(np.float32),
        out=np.stack([np.asarray(c.coefs_[1])[:, 0] for c in nets]).astype(np.float32),
        out_bias=np.array([c.intercepts_[1][0] for c in nets], dtype=np.float32),
        meta=info,
        dense_hidden=None if vectors is None else first[len(vocab) :].astype(np.float32),
        dense_mean=None if mean is None else mean.astype(np.float32),
        dense_std=None if std is None else std.astype(np.float32),
        dense_scale=dense_scale,
    )
