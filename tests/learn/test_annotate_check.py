"""The annotation checker's evidence test (scripts/annotate.py)."""

from __future__ import annotations

from types import ModuleType

from tests.learn.scripts import load_script

SENTENCE = "On Monday, the Freedonian navy seized two Sylvanian fishing boats near the coast."


def _script() -> ModuleType:
    return load_script("annotate")


def test_evidence_copied_word_for_word_passes_case_and_punctuation_aside() -> None:
    copied_from = _script().copied_from
    assert copied_from(SENTENCE, "the Freedonian Navy seized two Sylvanian fishing boats")
    assert copied_from(SENTENCE, "Freedonian navy seized ... fishing boats near the coast")
    assert copied_from(SENTENCE, "navy seized two Sylvanian\u2026near the coast.")


def test_altered_or_reordered_evidence_fails() -> None:
    copied_from = _script().copied_from
    assert not copied_from(SENTENCE, "the Freedonian navy captured two Sylvanian fishing boats")
    assert not copied_from(SENTENCE, "the Freedonian navy seized Sylvanian fishing boats")
    assert not copied_from(SENTENCE, "fishing boats ... the Freedonian navy seized")
