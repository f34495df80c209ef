"""claimgraph attribution stage."""
