"""Fitting linear models on string features with scikit-learn (training time only).

``fit_linear`` builds the feature vocabulary from the training rows (features seen fewer than
``min_count`` times are dropped), fits an L2-regularised logistic regression (liblinear for
two classes, lbfgs multinomial otherwise; both deterministic for the same rows and seed) and
returns a ``LinearModel`` that needs only NumPy to run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from claimgraph.learn.linear import LinearModel


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
    counts = Counter(f for row in rows for f in set(row))
    vocab = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(vocab)}
    x = _matrix(rows, index)
    mean = std = None
    if vectors is not None:
        from scipy.sparse import csr_matrix, hstack

        mean = vectors.mean(axis=0)
        std = vectors.std(axis=0) + 1e-6
        x = hstack([x, csr_matrix((vectors - mean) / std * dense_scale)]).tocsr()
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
    info = dict(meta or {})
    info.update(
        {
            "n_rows": len(rows),
            "n_features": len(vocab),
            "class_counts": dict(Counter(labels)),
            "c": c,
            "min_count": min_count,
            "seed": seed,
        }
    )
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
