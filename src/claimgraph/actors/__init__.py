"""claimgraph actors stage."""
