"""GPU placement of the Ray engine's parse workers (planning and the CPU fallback)."""

from __future__ import annotations

import pytest

from claimgraph.engine.gpu import (
    AUTO,
    activate_device,
    gpus_per_worker,
    parse_gpu_request,
)
from claimgraph.errors import ConfigError


@pytest.mark.parametrize(
    ("value", "expected"),
    [("auto", AUTO), ("AUTO ", AUTO), ("0", 0.0), ("0.25", 0.25), (1, 1.0), ("2", 2.0)],
)
def test_gpu_parse_request_accepts_auto_and_numbers(value: str | float, expected: object) -> None:
    assert parse_gpu_request(value) == expected


@pytest.mark.parametrize("value", ["-1", "many", "nan", "inf", -0.5])
def test_gpu_parse_request_refuses_bad_values(value: str | float) -> None:
    with pytest.raises(ConfigError):
        parse_gpu_request(value)


def test_gpu_auto_asks_for_nothing_without_gpus() -> None:
    assert gpus_per_worker(AUTO, cluster_gpus=0, workers=4) == 0.0


def test_gpu_auto_shares_the_cluster_gpus_among_workers() -> None:
    assert gpus_per_worker(AUTO, cluster_gpus=1, workers=4) == 0.25
    assert gpus_per_worker(AUTO, cluster_gpus=8, workers=4) == 1.0
    # Three workers on one GPU: each share rounded down, so all three fit on it.
    share = gpus_per_worker(AUTO, cluster_gpus=1, workers=3)
    assert 0.333 <= share < 1 / 3
    assert share * 3 <= 1


def test_gpu_explicit_request_beyond_the_cluster_is_a_config_error() -> None:
    assert gpus_per_worker(0.5, cluster_gpus=1, workers=2) == 0.5
    assert gpus_per_worker(0, cluster_gpus=0, workers=2) == 0.0
    with pytest.raises(ConfigError, match="the Ray cluster has 0"):
        gpus_per_worker(1, cluster_gpus=0, workers=2)
    with pytest.raises(ConfigError):
        gpus_per_worker(AUTO, cluster_gpus=1, workers=0)


def test_gpu_activate_without_a_share_stays_on_cpu() -> None:
    assert activate_device(0) == "cpu"


def test_gpu_activate_falls_back_to_cpu_when_thinc_finds_no_gpu(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import thinc.api

    monkeypatch.setattr(thinc.api, "prefer_gpu", lambda _gpu_id=0: False)
    label = activate_device(0.5)
    assert label.startswith("cpu (")


def test_gpu_activate_reports_a_gpu_when_thinc_takes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import thinc.api

    calls: list[int] = []

    def prefer_gpu(gpu_id: int = 0) -> bool:
        calls.append(gpu_id)
        return True

    monkeypatch.setattr(thinc.api, "prefer_gpu", prefer_gpu)
    assert activate_device(0.25) == "gpu"
    assert calls == [0]  # the device Ray made visible is device 0 inside the worker
