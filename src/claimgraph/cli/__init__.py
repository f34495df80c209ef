"""claimgraph cli stage."""
