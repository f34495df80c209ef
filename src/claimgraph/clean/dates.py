"""Publication dates written as a line of their own in plain-text scrapes.

A scrape keeps the page's date line ("September 11, 2024", "Published: 11 Sep 2024 10:32 GMT",
"Updated on Tue, 2024-09-11"). Such a line is furniture for the body, and the best evidence of
the publication date when no container gave one. Only a line that is a date and nothing else
(an optional "Published"/"Updated"/"Posted" label, weekday and time) qualifies, so a sentence
that merely contains a date is never taken.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from functools import lru_cache

logger = logging.getLogger(__name__)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?"
_YEAR = r"(?:19|20)\d\d"
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}"  # September 11, 2024
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+{_YEAR}"  # 11 September 2024
    rf"|{_YEAR}-\d{{1,2}}-\d{{1,2}}"  # 2024-09-11
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.]{_YEAR})"  # 11/09/2024
)
_TIME = r"(?:[,\s]+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?)"
_LABEL = (
    r"(?:(?:first\s+)?(?:published|updated|posted|last\s+updated|date|dated)\s*:?\s*(?:on\s+)?)"
)
DATE_LINE = re.compile(
    rf"^\s*{_LABEL}?(?:{_WEEKDAY}\s*)?(?P<date>{_DATE}){_TIME}?\s*\.?\s*$", re.IGNORECASE
)


def parse_date_line(line: str) -> dt.date | None:
    """The date a line consists of, or ``None`` when the line is anything more than a date."""
    match = DATE_LINE.match(line)
    if match is None:
        return None
    return _parse(match.group("date"))


@lru_cache(maxsize=4096)
def _parse(text: str) -> dt.date | None:
    import dateparser

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY"}
        if "/" in text or (text[:1].isdigit() and "." in text)
        else {"REQUIRE_PARTS": ["day", "month", "year"]},
    )
    if parsed is None:
        logger.debug("date line %r did not parse", text)
        return None
    day: dt.date = parsed.date()
    return day
