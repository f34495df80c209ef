"""Records to JSON-ready dicts and back: the claim record of the design, and articles.

``claim_to_dict`` gives the JSON shape of one claim line (``claimgraph extract --format jsonl``)::

    claim_id, doc_id, title, outlet, author, published, sentence, char_span,
    subject {id, name, kind, sector, country, mention, start, end},
    type, mode, trigger, trigger_span,
    object {id, name, kind, sector, country, mention, start, end},
    event_date, attribution [{source, source_id, kind, cue, cue_kind, outlet}],
    certainty, polarity, time, status, confidence, source_doc

Dates are ISO strings (``YYYY-MM-DD``), spans are ``[start, end]`` lists of half-open character
offsets, enums are their string values. ``claim_from_dict`` inverts it exactly and raises
``MalformedRecordError`` (with the offending field) on anything else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from claimgraph.errors import MalformedRecordError
from claimgraph.records import (
    ActorId,
    Article,
    Claim,
    ClaimActor,
    ClaimId,
    DocId,
    SourceLink,
)
from claimgraph.vocab import (
    ActorKind,
    Certainty,
    CueKind,
    PloverType,
    Polarity,
    SourceKind,
    Status,
    Tense,
)

__all__ = ["article_to_dict", "claim_from_dict", "claim_to_dict"]

_E = TypeVar("_E", bound=StrEnum)

# How a malformed claim dict is named in error messages.
_SOURCE = "<claim record>"


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _actor_to_dict(actor: ClaimActor) -> dict[str, object]:
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind.value,
        "sector": actor.sector,
        "country": actor.country,
        "mention": actor.mention,
        "start": actor.start,
        "end": actor.end,
    }


def _link_to_dict(link: SourceLink) -> dict[str, object]:
    return {
        "source": link.source,
        "source_id": link.source_id,
        "kind": link.kind.value,
        "cue": link.cue,
        "cue_kind": link.cue_kind.value,
        "outlet": link.outlet,
    }


def claim_to_dict(claim: Claim) -> dict[str, object]:
    """The design's JSON claim record for ``claim`` (plain types only: json.dumps-ready)."""
    return {
        "claim_id": claim.claim_id,
        "doc_id": claim.doc_id,
        "title": claim.title,
        "outlet": claim.outlet,
        "author": claim.author,
        "published": _iso(claim.published),
        "sentence": claim.sentence,
        "char_span": [claim.char_span[0], claim.char_span[1]],
        "subject": _actor_to_dict(claim.subject),
        "type": claim.type.value,
        "mode": claim.mode,
        "trigger": claim.trigger,
        "trigger_span": [claim.trigger_span[0], claim.trigger_span[1]],
        "object": _actor_to_dict(claim.object),
        "event_date": _iso(claim.event_date),
        "attribution": [_link_to_dict(link) for link in claim.attribution],
        "certainty": claim.certainty.value,
        "polarity": claim.polarity.value,
        "time": claim.time.value,
        "status": claim.status.value,
        "confidence": claim.confidence,
        "source_doc": claim.source_doc,
    }


def article_to_dict(article: Article) -> dict[str, object]:
    """All fields of an ``Article`` as plain JSON types (the body text included)."""
    return {
        "doc_id": article.doc_id,
        "source": article.source,
        "title": article.title,
        "author": article.author,
        "published": _iso(article.published),
        "outlet": article.outlet,
        "url": article.url,
        "language": article.language,
        "media_type": article.media_type,
        "raw_sha1": article.raw_sha1,
        "removed_lines": article.removed_lines,
        "warnings": list(article.warnings),
        "text": article.text,
    }


# --------------------------------------------------------------------------------------------
# parsing back
# --------------------------------------------------------------------------------------------


def _bad(field: str, detail: str) -> MalformedRecordError:
    return MalformedRecordError(source=_SOURCE, detail=f"field '{field}': {detail}")


def _get(data: Mapping[str, object], key: str, where: str) -> object:
    if key not in data:
        raise _bad(f"{where}{key}", "missing")
    return data[key]


def _str(data: Mapping[str, object], key: str, where: str = "") -> str:
    value = _get(data, key, where)
    if not isinstance(value, str):
        raise _bad(f"{where}{key}", f"expected a string, got {type(value).__name__}")
    return value


def _opt_str(data: Mapping[str, object], key: str, where: str = "") -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _bad(f"{where}{key}", f"expected a string or null, got {type(value).__name__}")
    return value


def _int(data: Mapping[str, object], key: str, where: str = "") -> int:
    value = _get(data, key, where)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(f"{where}{key}", f"expected an integer, got {type(value).__name__}")
    return value


def _float(data: Mapping[str, object], key: str) -> float:
    value = _get(data, key, "")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad(key, f"expected a number, got {type(value).__name__}")
    return float(value)


def _enum(enum: type[_E], data: Mapping[str, object], key: str, where: str = "") -> _E:
    value = _str(data, key, where)
    try:
        return enum(value)
    except ValueError as err:
        choices = ", ".join(member.value for member in enum)
        raise _bad(f"{where}{key}", f"'{value}' is not one of: {choices}") from err


def _date(data: Mapping[str, object], key: str) -> dt.date | None:
    value = _opt_str(data, key)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise _bad(key, f"'{value}' is not an ISO date") from err


def _span(data: Mapping[str, object], key: str) -> tuple[int, int]:
    value = _get(data, key, "")
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(x, int) and not isinstance(x, bool) for x in value)
    ):
        raise _bad(key, "expected [start, end] integers")
    start, end = int(value[0]), int(value[1])
    if start > end:
        raise _bad(key, f"start {start} after end {end}")
    return (start, end)


def _mapping(value: object, field: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise _bad(field, f"expected an object, got {type(value).__name__}")
    return value


def _actor_from_dict(value: object, field: str) -> ClaimActor:
    data = _mapping(value, field)
    where = f"{field}."
    return ClaimActor(
        id=ActorId(_str(data, "id", where)),
        name=_str(data, "name", where),
        kind=_enum(ActorKind, data, "kind", where),
        sector=_opt_str(data, "sector", where),
        country=_opt_str(data, "country", where),
        mention=_str(data, "mention", where),
        start=_int(data, "start", where),
        end=_int(data, "end", where),
    )


def _link_from_dict(value: object, field: str) -> SourceLink:
    data = _mapping(value, field)
    where = f"{field}."
    return SourceLink(
        source=_opt_str(data, "source", where),
        source_id=_opt_str(data, "source_id", where),
        kind=_enum(SourceKind, data, "kind", where),
        cue=_str(data, "cue", where),
        cue_kind=_enum(CueKind, data, "cue_kind", where),
        outlet=_opt_str(data, "outlet", where),
    )


def claim_from_dict(data: Mapping[str, object]) -> Claim:
    """Rebuild a ``Claim`` from its JSON dict; ``MalformedRecordError`` names a bad field."""
    chain = _get(data, "attribution", "")
    if not isinstance(chain, list | tuple):
        raise _bad("attribution", "expected a list")
    return Claim(
        claim_id=ClaimId(_str(data, "claim_id")),
        doc_id=DocId(_str(data, "doc_id")),
        sentence=_str(data, "sentence"),
        char_span=_span(data, "char_span"),
        trigger=_str(data, "trigger"),
        trigger_span=_span(data, "trigger_span"),
        subject=_actor_from_dict(_get(data, "subject", ""), "subject"),
        type=_enum(PloverType, data, "type"),
        mode=_opt_str(data, "mode"),
        object=_actor_from_dict(_get(data, "object", ""), "object"),
        event_date=_date(data, "event_date"),
        attribution=tuple(
            _link_from_dict(link, f"attribution[{i}]") for i, link in enumerate(chain)
        ),
        certainty=_enum(Certainty, data, "certainty"),
        polarity=_enum(Polarity, data, "polarity"),
        time=_enum(Tense, data, "time"),
        status=_enum(Status, data, "status"),
        confidence=_float(data, "confidence"),
        title=_opt_str(data, "title"),
        outlet=_opt_str(data, "outlet"),
        author=_opt_str(data, "author"),
        published=_date(data, "published"),
        source_doc=_opt_str(data, "source_doc"),
    )
