"""Language identification with py3langid's bundled model (no download)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

#: Characters given to the classifier: a few paragraphs identify a language reliably and keep
#: long documents cheap.
SAMPLE_CHARS = 5000


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """``(ISO 639-1 code, probability)`` of ``text``; ``("und", 0.0)`` when there is no text."""
    sample = text[:SAMPLE_CHARS]
    if not sample.strip():
        return "und", 0.0
    code, probability = _identifier().classify(sample)
    return str(code), float(probability)
