"""claimgraph clean stage."""
