"""Datelines at the start of a wire story: "MOSCOW, March 3 (Reuters) -", "KYIV (AP) —".

The parser would read the place as the subject of the first verb, so the dateline is cut from
the body; the agency it names can fill the article's outlet.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimgraph.clean.tables import agencies

_PLACE = r"[A-Z][A-Z.'’-]*(?:[ /][A-Z][A-Z.'’-]*){0,3}"
_REGION = r"(?:,\s*[A-Z][\w.'’ -]{1,25}?)?"
_DATE = r"(?:,?\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}|[A-Z][a-z]{2,8}day))?"
_DASH = r"\s*(?:--|[-–—:])\s*"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    names = "|".join(re.escape(name) for name in sorted(agencies(), key=len, reverse=True))
    with_agency = re.compile(rf"^(?:{_PLACE}{_REGION}{_DATE}\s*)?\((?P<agency>{names})\){_DASH}")
    place_only = re.compile(rf"^{_PLACE}{_REGION}{_DATE}{_DASH}(?=[A-Z“\"‘'])")
    return with_agency, place_only


def strip_dateline(text: str) -> tuple[str, str | None]:
    """``(text without its dateline, agency outlet or None)``; unchanged when there is none.

    A place alone counts only in capitals ("KYIV —"), so "Russia — the country..." stays.
    """
    with_agency, place_only = _patterns()
    match = with_agency.match(text)
    if match is not None:
        return text[match.end() :], agencies().get(match.group("agency"))
    match = place_only.match(text)
    if match is not None and _has_capital_place(match.group(0)):
        return text[match.end() :], None
    return text, None


def _has_capital_place(prefix: str) -> bool:
    letters = [char for char in prefix.split(",", maxsplit=1)[0] if char.isalpha()]
    return len(letters) >= 3 and all(char.isupper() for char in letters)
