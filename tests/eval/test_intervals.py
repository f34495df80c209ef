"""Bootstrap intervals over articles (claimgraph.eval.intervals)."""

from __future__ import annotations

import pytest

from claimgraph.eval.intervals import difference_intervals, format_intervals, share_intervals


def test_intervals_hold_the_point_figure_and_are_seeded() -> None:
    counts = [{"actor_match": (k % 3, 3)} for k in range(30)]  # 30 articles, share 1/3
    intervals = share_intervals(counts, seed=1)
    low, high = intervals["actor_match"]
    assert low < 1 / 3 < high
    assert low > 0.15 and high < 0.5
    assert share_intervals(counts, seed=1) == intervals
    assert share_intervals(counts, seed=2) != intervals


def test_intervals_shrink_with_more_articles_and_vanish_without_spread() -> None:
    few = [{"m": (k % 2, 1)} for k in range(10)]
    many = few * 10
    width = lambda iv: iv["m"][1] - iv["m"][0]  # noqa: E731
    assert width(share_intervals(many)) < width(share_intervals(few))
    assert share_intervals([{"m": (1, 2)}] * 5) == {"m": (0.5, 0.5)}
    assert share_intervals([{"m": (1, 2)}]) == {}  # one article: no interval
    assert share_intervals([{"m": (0, 0)}, {"m": (0, 0)}]) == {}  # no whole in any resample


def test_format_names_each_metric() -> None:
    line = format_intervals({"actor_match": (0.25, 0.375)}, rounds=10)
    assert line.startswith("95% interval over articles (bootstrap, 10 resamples)")
    assert "actor_match 0.250–0.375" in line


def test_paired_difference_of_two_systems_on_the_same_articles() -> None:
    first = [{"m": (k % 2, 1)} for k in range(40)]  # right on half the articles
    better = [{"m": (1, 1)} for _ in range(40)]  # right everywhere
    point, low, high = difference_intervals(first, better, seed=3)["m"]
    assert point == 0.5
    assert 0.0 < low <= point <= high
    same = difference_intervals(first, first)["m"]
    assert same == (0.0, 0.0, 0.0)  # a system against itself: no difference in any resample
    with pytest.raises(ValueError):
        difference_intervals(first, better[:3])
