"""The bootstrap noise of a dev gain (claimgraph.learn.noise)."""

from __future__ import annotations

from collections.abc import Sequence

from claimgraph.learn.noise import gain_noise


def test_gain_noise_is_zero_without_variation_and_seeded() -> None:
    docs = ["a", "a", "b", "c"]
    assert gain_noise(docs, lambda idx: 0.25, seed=1) == 0.0
    assert gain_noise(["a", "a"], lambda idx: float(len(idx)), seed=1) == 0.0  # one article


def test_gain_noise_measures_the_spread_over_resampled_articles() -> None:
    docs = ["a", "b", "c", "d", "e", "f"]
    wins = [1.0, 0.0, 1.0, 0.0, 0.0, 1.0]

    def gain(idx: Sequence[int]) -> float:
        return sum(wins[k] for k in idx) / len(idx)

    noise = gain_noise(docs, gain, seed=7)
    assert 0.1 < noise < 0.35  # the std of a mean of six coin flips is about 0.2
    assert gain_noise(docs, gain, seed=7) == noise
    assert gain_noise(docs, gain, seed=8) != noise
