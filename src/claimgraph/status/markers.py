"""The status marker table: modals, negators, hedge/distancing modifiers, governors, evidence.

``data/status/markers.tsv`` (header ``lemma role effect``):

- ``role``: ``modal`` (an auxiliary of the event verb: "may", "will"), ``negator`` ("not",
  "never", "no"), ``modifier`` (an adverb or adjective on the event or its clause: "likely",
  "allegedly", "unconfirmed"), ``governor`` (a word the event sits under: "plans to", "a deal
  to", "believed to", "speculation of"), ``evidence`` (a noun that negates what it introduces
  when itself negated: "there is no evidence that"), ``object_negator`` (a verb that undoes
  the event it takes as object or passive subject: "cancelled the visit", "the deal was
  scrapped"; other negative governors only reach an event through a verbal complement:
  "refused to sign", not "rejected the proposal"), ``timex`` (a word that puts a time
  adverbial ahead: "next month", "tomorrow", "in the coming weeks"), ``implicative`` (a
  verb whose infinitive complement has taken place: "began to sell", "managed to flee",
  "was forced to retreat", "is said to have"; the infinitive of any other verb lies ahead:
  "agreed to send", "urged Iran to release"; effect ``certain``), ``support_verb`` (a verb
  that only carries a nominal event, so its negation is the event's: "did not launch an
  attack", "will not take part in the strike"; effect ``negative``).
- ``effect``: ``certain``, ``probable``, ``possible``, ``underspecified``, ``negative``,
  ``future``, ``distanced``, or ``possible_future`` (possible, and ahead when over a bare
  verb: "could shift" but not "could have shifted"). A word may have several rows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from claimgraph.attribution.lexicon import parse_rows
from claimgraph.errors import DataTableError

logger = logging.getLogger(__name__)

Role = Literal[
    "modal",
    "negator",
    "modifier",
    "governor",
    "evidence",
    "object_negator",
    "timex",
    "implicative",
    "support_verb",
]
Effect = Literal[
    "certain",
    "probable",
    "possible",
    "underspecified",
    "negative",
    "future",
    "distanced",
    "possible_future",
]
_ROLES: tuple[Role, ...] = (
    "modal",
    "negator",
    "modifier",
    "governor",
    "evidence",
    "object_negator",
    "timex",
    "implicative",
    "support_verb",
)
_EFFECTS: tuple[Effect, ...] = (
    "certain",
    "probable",
    "possible",
    "underspecified",
    "negative",
    "future",
    "distanced",
    "possible_future",
)


@dataclass(frozen=True, slots=True)
class MarkerTable:
    modal: dict[str, tuple[Effect, ...]]
    negator: dict[str, tuple[Effect, ...]]
    modifier: dict[str, tuple[Effect, ...]]
    governor: dict[str, tuple[Effect, ...]]
    evidence: dict[str, tuple[Effect, ...]]
    object_negator: dict[str, tuple[Effect, ...]]
    timex: dict[str, tuple[Effect, ...]]
    implicative: dict[str, tuple[Effect, ...]]
    support_verb: dict[str, tuple[Effect, ...]]

    def knows(self, lemma: str) -> bool:
        """Whether ``lemma`` is a listed governor, object negator or implicative verb."""
        return any(
            lemma in table
            for table in (self.governor, self.object_negator, self.implicative, self.support_verb)
        )

    def lookup(self, role: Role, *words: str) -> tuple[Effect, ...]:
        """The effects of the first of ``words`` (text, then lemma) listed under ``role``."""
        table: dict[str, tuple[Effect, ...]] = getattr(self, role)
        for word in words:
            effects = table.get(word.lower())
            if effects:
                return effects
        return ()


@lru_cache(maxsize=1)
def load_markers() -> MarkerTable:
    """The status markers (loaded once per process, validated row by row)."""
    name = "status/markers.tsv"
    path = resources.files("claimgraph").joinpath("data").joinpath("status").joinpath("markers.tsv")
    rows = parse_rows(
        path.read_text(encoding="utf-8"), table=name, columns=("lemma", "role", "effect")
    )
    tables: dict[Role, dict[str, tuple[Effect, ...]]] = {role: {} for role in _ROLES}
    for row_no, row in enumerate(rows, start=2):
        role = next((r for r in _ROLES if r == row["role"]), None)
        effect = next((e for e in _EFFECTS if e == row["effect"]), None)
        if role is None or effect is None:
            raise DataTableError(
                table=name,
                row=row_no,
                detail=f"role must be one of {', '.join(_ROLES)}; "
                f"effect one of {', '.join(_EFFECTS)}",
            )
        lemma = row["lemma"].lower()
        tables[role][lemma] = (*tables[role].get(lemma, ()), effect)
    logger.debug("loaded %d status markers", len(rows))
    return MarkerTable(
        modal=tables["modal"],
        negator=tables["negator"],
        modifier=tables["modifier"],
        governor=tables["governor"],
        evidence=tables["evidence"],
        object_negator=tables["object_negator"],
        timex=tables["timex"],
        implicative=tables["implicative"],
        support_verb=tables["support_verb"],
    )
