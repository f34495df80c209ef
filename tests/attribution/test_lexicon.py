"""The cue tables load and validate."""

from __future__ import annotations

import pytest

from claimgraph.attribution.lexicon import load_lexicon, parse_rows
from claimgraph.errors import DataTableError
from claimgraph.vocab import CueKind


def test_lexicon_loads_core_cues() -> None:
    lex = load_lexicon()
    assert lex.verbs["say"].kind is CueKind.NEUTRAL
    assert lex.verbs["allege"].kind is CueKind.DISTANCING
    assert lex.verbs["deny"].kind is CueKind.DENIAL
    assert ("according", "to") in lex.phrases
    assert "official" in lex.unnamed_nouns


def test_lexicon_bad_row_raises() -> None:
    with pytest.raises(DataTableError) as info:
        parse_rows("lemma\tkind\nsay\n", table="t.tsv", columns=("lemma", "kind"))
    assert "row 2" in str(info.value)


def test_lexicon_bad_header_raises() -> None:
    with pytest.raises(DataTableError):
        parse_rows("word\tkind\nsay\tneutral\n", table="t.tsv", columns=("lemma", "kind"))
