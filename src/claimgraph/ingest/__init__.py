"""claimgraph ingest stage."""
