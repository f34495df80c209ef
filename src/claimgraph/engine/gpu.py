"""GPU placement for the Ray engine's parse workers, with a CPU fallback.

spaCy runs a pipeline on a GPU through thinc when CuPy and a CUDA device are present
(``spacy.prefer_gpu``); the small English model gains little from it, a transformer or
larger profile gains a lot. The Ray engine therefore asks for GPUs only where they exist:

* ``gpus_per_worker(requested, cluster_gpus=..., workers=...)`` turns the user's request
  (``"auto"`` or a number) into the ``num_gpus`` each parse actor asks Ray for. ``auto``
  shares the cluster's GPUs among the workers (one GPU for four workers gives each 0.25, so
  Ray packs four actors on it) and asks for none on a cluster without GPUs; a number is used
  as given (Ray then refuses to place an actor that asks for a GPU the cluster lacks, so the
  engine checks first and raises ``ConfigError``).
* ``activate_device(num_gpus)`` runs in the actor before its model loads: with a GPU share it
  moves spaCy to the device Ray assigned (Ray sets ``CUDA_VISIBLE_DEVICES``, so it is device
  0 inside the actor); without CuPy or without a visible device it stays on the CPU and says
  why. The returned label (``"gpu"``, ``"cpu"`` or ``"cpu (...)"``) is reported per run.
"""

from __future__ import annotations

import logging
import math
from typing import Final, Literal

from claimgraph.errors import ConfigError

logger = logging.getLogger(__name__)

AUTO: Final = "auto"
GpuRequest = float | Literal["auto"]

# Ray accepts resource quantities to 4 decimal places; a share is rounded down to that.
_RESOURCE_STEP = 10_000
CPU = "cpu"
GPU = "gpu"


def parse_gpu_request(value: str | float) -> GpuRequest:
    """``"auto"`` or a number of GPUs per worker (0 or more), from a CLI or config value."""
    if isinstance(value, str):
        if value.strip().lower() == AUTO:
            return AUTO
        try:
            number = float(value)
        except ValueError:
            raise ConfigError(
                f"--num-gpus must be 'auto' or a number of GPUs per worker, got {value!r}"
            ) from None
    else:
        number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ConfigError(f"num_gpus must be 0 or more, got {value!r}")
    return number


def gpus_per_worker(request: GpuRequest, *, cluster_gpus: float, workers: int) -> float:
    """The ``num_gpus`` each of ``workers`` parse actors asks for on a cluster with
    ``cluster_gpus`` GPUs."""
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, got {workers}")
    if request == AUTO:
        if cluster_gpus <= 0:
            return 0.0
        share = min(1.0, cluster_gpus / workers)
        return math.floor(share * _RESOURCE_STEP) / _RESOURCE_STEP
    if request > 0 and request * workers > cluster_gpus:
        raise ConfigError(
            f"{workers} workers x {request:g} GPUs need {request * workers:g} GPUs; "
            f"the Ray cluster has {cluster_gpus:g} (use --num-gpus auto or 0)"
        )
    return float(request)


def activate_device(num_gpus: float) -> str:
    """Put spaCy on the GPU this worker was given, before any model loads; the device label.

    Without a GPU share, or when thinc finds no usable GPU (CuPy missing, no device
    visible), spaCy stays on the CPU and the label says why.
    """
    if num_gpus <= 0:
        return CPU
    from thinc.api import prefer_gpu  # what ``spacy.prefer_gpu`` calls

    try:
        on_gpu = prefer_gpu(0)
    except (ImportError, RuntimeError, ValueError) as err:  # a broken CUDA install
        logger.warning("GPU requested but unusable, parsing on the CPU: %s", err)
        return f"{CPU} (GPU unusable: {err})"
    if not on_gpu:
        logger.warning("GPU requested but thinc found none (CuPy not installed?): using CPU")
        return f"{CPU} (no CUDA support installed)"
    return GPU
