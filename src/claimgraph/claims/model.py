"""The learned claim model: is a candidate pair a claim, of which PLOVER type, which way.

Three models over the features of ``claims.features`` (trained by
``claimgraph.learn.train_claims`` from ``data/training``, shipped under
``claimgraph/data/models/claims/``):

- ``detect``: claim or not (binary; a ``LinearModel`` or a one-hidden-layer ``MLPModel`` that
  also reads the pair's contextual vector, whichever the artifact holds);
- ``type``: the PLOVER type, given a claim (16 classes);
- ``direction``: whether the first mention in the text is the subject (binary).

``ClaimModel.score`` gives one ``ClaimScore`` per candidate. ``threshold`` (chosen on the
dev split at training time, stored in the artifact) turns ``p_claim`` into a decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from claimgraph.claims.candidates import PairCandidate
from claimgraph.claims.features import FEATURE_SET, DocContext, pair_features, pair_vector
from claimgraph.learn.linear import LinearModel
from claimgraph.learn.mlp import Detector, load_scorer, positive_probabilities, vector_width
from claimgraph.vocab import PloverType

#: Where the shipped models live inside the package (one folder per model).
MODELS_FOLDER = "data/models"
#: The claim model's folder under a models folder.
MODEL_NAME = "claims"
#: The artifact files of a claim model folder.
PARTS = ("detect", "type", "direction")
#: Classes of the binary models.
CLAIM, NO_CLAIM = "claim", "none"
FORWARD, BACKWARD = "forward", "backward"
#: Used when an artifact carries no tuned threshold.
DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class ClaimScore:
    """The model's reading of one candidate."""

    candidate: PairCandidate
    features: tuple[str, ...]
    p_claim: float
    type: PloverType
    p_type: float
    forward: bool
    p_direction: float

    @property
    def confidence(self) -> float:
        """Joint probability that the pair is a claim of this type in this direction."""
        return self.p_claim * self.p_type * self.p_direction


@dataclass(frozen=True, slots=True)
class ClaimModel:
    detect: Detector
    type: LinearModel
    direction: LinearModel
    threshold: float = DEFAULT_THRESHOLD

    @classmethod
    def load(cls, folder: Path | None = None) -> ClaimModel:
        """Load the three parts from ``folder`` (default: the shipped model)."""
        root = folder if folder is not None else default_folder() / MODEL_NAME
        expect = {"feature_set": FEATURE_SET}
        detect = load_scorer(root / "detect.npz", expect=expect)
        parts = {name: LinearModel.load(root / f"{name}.npz", expect=expect) for name in PARTS[1:]}
        threshold = detect.meta.get("threshold", DEFAULT_THRESHOLD)
        return cls(
            detect=detect,
            type=parts["type"],
            direction=parts["direction"],
            threshold=float(threshold) if isinstance(threshold, int | float) else 0.5,
        )

    @staticmethod
    def _fits(vector: np.ndarray | None, part: Detector) -> np.ndarray | None:
        """The vector when it has the width ``part`` was trained on (a parser of another
        width, or none: the part reads the strings alone)."""
        if vector is None or vector.size != vector_width(part):
            return None
        return vector

    def score(
        self,
        ctx: DocContext,
        candidates: Sequence[PairCandidate],
        features: Sequence[tuple[str, ...]] | None = None,
    ) -> list[ClaimScore]:
        """One score per candidate (``features``: precomputed ``pair_features``, in order)."""
        out: list[ClaimScore] = []
        all_feats = [
            features[k] if features is not None else tuple(pair_features(ctx, cand))
            for k, cand in enumerate(candidates)
        ]
        need = self.type.dense or self.detect.dense
        vectors = [pair_vector(ctx, cand) if need else None for cand in candidates]
        p_claims = positive_probabilities(
            self.detect, all_feats, [self._fits(v, self.detect) for v in vectors]
        )
        for k, cand in enumerate(candidates):
            feats, vector, p_claim = all_feats[k], vectors[k], p_claims[k]
            type_name, p_type = self.type.best(feats, vector=self._fits(vector, self.type))
            p_forward = self.direction.predict((*feats, f"type={type_name}"))[FORWARD]
            forward = p_forward >= 0.5
            out.append(
                ClaimScore(
                    candidate=cand,
                    features=feats,
                    p_claim=p_claim,
                    type=PloverType(type_name),
                    p_type=p_type,
                    forward=forward,
                    p_direction=p_forward if forward else 1.0 - p_forward,
                )
            )
        return out


def default_folder() -> Path:
    """The package's models folder (``claims/``, ``status/``)."""
    return Path(str(resources.files("claimgraph").joinpath(MODELS_FOLDER)))


@lru_cache(maxsize=2)
def load_claim_model(models: str | None = None) -> ClaimModel:
    """The claim model of a models folder (default: the shipped one), loaded once."""
    return ClaimModel.load(Path(models) / MODEL_NAME if models else None)
