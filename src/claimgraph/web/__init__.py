"""claimgraph web stage."""
