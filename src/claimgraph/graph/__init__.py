"""claimgraph graph stage."""
