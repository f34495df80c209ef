"""claimgraph store stage."""
