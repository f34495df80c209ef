"""Closed vocabularies shared by every stage, the store's CHECK constraints and the API.

Each vocabulary is a ``StrEnum``: its values are what appears in JSON, the database and docs.
"""

from __future__ import annotations

from enum import StrEnum


class PloverType(StrEnum):
    """The 16 PLOVER event types (PLOVER manual v2)."""

    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    REQUEST = "REQUEST"
    ACCUSE = "ACCUSE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"


class Family(StrEnum):
    """Coarse roll-up of PLOVER types (quad classes)."""

    VERBAL_COOPERATION = "verbal_cooperation"
    MATERIAL_COOPERATION = "material_cooperation"
    VERBAL_CONFLICT = "verbal_conflict"
    MATERIAL_CONFLICT = "material_conflict"


FAMILY_OF_TYPE: dict[PloverType, Family] = {
    PloverType.AGREE: Family.VERBAL_COOPERATION,
    PloverType.CONSULT: Family.VERBAL_COOPERATION,
    PloverType.SUPPORT: Family.VERBAL_COOPERATION,
    PloverType.CONCEDE: Family.VERBAL_COOPERATION,
    PloverType.COOPERATE: Family.MATERIAL_COOPERATION,
    PloverType.AID: Family.MATERIAL_COOPERATION,
    PloverType.RETREAT: Family.MATERIAL_COOPERATION,
    PloverType.REQUEST: Family.VERBAL_CONFLICT,
    PloverType.ACCUSE: Family.VERBAL_CONFLICT,
    PloverType.REJECT: Family.VERBAL_CONFLICT,
    PloverType.THREATEN: Family.VERBAL_CONFLICT,
    PloverType.SANCTION: Family.VERBAL_CONFLICT,
    PloverType.PROTEST: Family.MATERIAL_CONFLICT,
    PloverType.MOBILIZE: Family.MATERIAL_CONFLICT,
    PloverType.COERCE: Family.MATERIAL_CONFLICT,
    PloverType.ASSAULT: Family.MATERIAL_CONFLICT,
}


class ActorKind(StrEnum):
    STATE = "state"
    PERSON = "person"
    ORGANIZATION = "organization"
    ARMED_GROUP = "armed_group"
    IGO = "igo"
    MEDIA = "media"
    OTHER = "other"


class SourceKind(StrEnum):
    """Who asserts a claim (the attribution axis)."""

    AUTHOR = "author"
    NAMED_SOURCE = "named_source"
    UNNAMED_SOURCE = "unnamed_source"


class Certainty(StrEnum):
    CERTAIN = "certain"
    PROBABLE = "probable"
    POSSIBLE = "possible"
    UNDERSPECIFIED = "underspecified"


class Polarity(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"


class Tense(StrEnum):
    """The time axis: has the event happened (or is it happening) or is it ahead."""

    PAST_OR_PRESENT = "past_or_present"
    FUTURE = "future"


class Status(StrEnum):
    """The derived evidential status of a claim, from firmest to weakest."""

    ASSERTED = "asserted"
    REPORTED = "reported"
    ALLEGED = "alleged"
    HEDGED = "hedged"
    DENIED = "denied"
    PREDICTED = "predicted"


class CueKind(StrEnum):
    """How a reporting cue positions the source toward its content."""

    NEUTRAL = "neutral"  # said, reported, told, according to
    DISTANCING = "distancing"  # alleged, claimed, accused
    DENIAL = "denial"  # denied, rejected the claim
    BELIEF = "belief"  # believes, suspects, thinks (a hedge by the source)


def values(enum: type[StrEnum]) -> list[str]:
    """The string values of a vocabulary, in declaration order (for CHECK constraints, docs)."""
    return [member.value for member in enum]
