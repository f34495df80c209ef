"""claimgraph status stage."""
