"""claimgraph eval stage."""
