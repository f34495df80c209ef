"""claimgraph attribution stage: who says so (source, cue, content, outlet, nesting)."""

from claimgraph.attribution.finder import chain_for, find_attributions

__all__ = ["chain_for", "find_attributions"]
