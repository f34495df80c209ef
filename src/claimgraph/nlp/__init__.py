"""claimgraph nlp stage."""
