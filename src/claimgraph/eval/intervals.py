"""Bootstrap intervals of a scorer's shares, resampling articles.

A figure such as ``actor_match`` 0.31 on 112 articles is one draw: on other articles like
them it would differ, and two systems a few hundredths apart may not differ at all.
``share_intervals`` gives the percentile interval of each share (part / whole, summed over
the articles of a resample) over seeded resamples of the articles, the unit that the
annotation and the splits are made of. Deterministic for a seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sequence

#: Resamples of the articles.
ROUNDS = 1000
#: Coverage of the interval.
LEVEL = 0.95


def article_resamples(n: int, *, rounds: int = ROUNDS, seed: int = 0) -> Iterator[list[int]]:
    """``rounds`` bootstrap resamples of ``n`` articles: each a list of ``n`` article indices
    drawn with replacement, from ``random.Random(seed)``. Every bootstrap of the project
    (these intervals, ``learn.noise``) draws through this one function."""
    rng = random.Random(seed)
    population = range(n)
    for _round in range(rounds):
        yield rng.choices(population, k=n)


def share_intervals(
    counts: Sequence[Mapping[str, tuple[int, int]]],
    *,
    rounds: int = ROUNDS,
    seed: int = 0,
    level: float = LEVEL,
) -> dict[str, tuple[float, float]]:
    """Per metric, the (low, high) percentile interval of sum(part) / sum(whole).

    ``counts[k][metric]`` is article ``k``'s (part, whole). A metric whose whole is zero in a
    resample is left out of that resample; fewer than two articles give no interval.
    """
    if len(counts) < 2:
        return {}
    metrics = list(dict.fromkeys(m for article in counts for m in article))
    draws: dict[str, list[float]] = {m: [] for m in metrics}
    for idx in article_resamples(len(counts), rounds=rounds, seed=seed):
        sample = [counts[k] for k in idx]
        for metric in metrics:
            part = sum(article.get(metric, (0, 0))[0] for article in sample)
            whole = sum(article.get(metric, (0, 0))[1] for article in sample)
            if whole:
                draws[metric].append(part / whole)
    tail = (1.0 - level) / 2.0
    out: dict[str, tuple[float, float]] = {}
    for metric, values in draws.items():
        if not values:
            continue
        values.sort()
        last = len(values) - 1
        out[metric] = (values[round(tail * last)], values[round((1.0 - tail) * last)])
    return out


def difference_intervals(
    first: Sequence[Mapping[str, tuple[int, int]]],
    second: Sequence[Mapping[str, tuple[int, int]]],
    *,
    rounds: int = ROUNDS,
    seed: int = 0,
    level: float = LEVEL,
) -> dict[str, tuple[float, float, float]]:
    """Per metric, (difference, low, high) of second's share minus first's, the two systems
    scored on the same articles (``first[k]`` and ``second[k]`` are article ``k``) and the
    articles resampled together: the paired comparison, far narrower than two separate
    intervals. An interval that holds 0 says the two are not told apart on these articles."""
    if len(first) != len(second):
        raise ValueError("both systems must be scored on the same articles")
    metrics = list(dict.fromkeys(m for article in (*first, *second) for m in article))

    def share(counts: Sequence[Mapping[str, tuple[int, int]]], idx: Sequence[int], m: str) -> float:
        whole = sum(counts[k].get(m, (0, 0))[1] for k in idx)
        return sum(counts[k].get(m, (0, 0))[0] for k in idx) / whole if whole else 0.0

    everything = range(len(first))
    resamples = (
        list(article_resamples(len(first), rounds=rounds, seed=seed)) if len(first) >= 2 else []
    )
    tail = (1.0 - level) / 2.0
    out: dict[str, tuple[float, float, float]] = {}
    for m in metrics:
        point = share(second, everything, m) - share(first, everything, m)
        diffs = sorted(share(second, idx, m) - share(first, idx, m) for idx in resamples)
        if not diffs:
            out[m] = (point, point, point)
            continue
        last = len(diffs) - 1
        out[m] = (point, diffs[round(tail * last)], diffs[round((1.0 - tail) * last)])
    return out


def format_intervals(intervals: Mapping[str, tuple[float, float]], *, rounds: int = ROUNDS) -> str:
    """One line for a report: ``95% interval over articles (...): actor_match 0.28-0.35, ...``."""
    parts = ", ".join(f"{m} {lo:.3f}–{hi:.3f}" for m, (lo, hi) in intervals.items())
    return f"{LEVEL:.0%} interval over articles (bootstrap, {rounds} resamples): {parts}"


__all__ = [
    "LEVEL",
    "ROUNDS",
    "article_resamples",
    "difference_intervals",
    "format_intervals",
    "share_intervals",
]
