"""claimgraph api stage."""
