"""The actors stage: actor mentions in a parsed article, resolved to canonical actors.

States by ISO3, persons, organizations, armed groups, IGOs and media by slug, with the
PLOVER/CAMEO sector read from context; see ``resolver`` for the cascade.
"""

from claimgraph.actors.resolver import ActorResolver, load_resolver

__all__ = ["ActorResolver", "load_resolver"]
