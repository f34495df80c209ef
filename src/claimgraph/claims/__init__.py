"""The claims stage: event predicates (verbs and nominalizations) coded to PLOVER types.

``find_predicates(doc)`` finds every event predicate with its agent and patient spans;
``build_events(doc, predicates, mentions, published=...)`` keeps those whose two arguments
are distinct actors and resolves their date.
"""

from claimgraph.claims.events import build_events, resolve_event_date, select_mention
from claimgraph.claims.predicates import classify_trigger, find_predicates

__all__ = [
    "build_events",
    "classify_trigger",
    "find_predicates",
    "resolve_event_date",
    "select_mention",
]
