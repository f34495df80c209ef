"""claimgraph claims stage."""
