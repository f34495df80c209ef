"""claimgraph status stage: certainty, polarity, time, distancing and the derived label."""

from claimgraph.status.derive import derive_status, status_confidence
from claimgraph.status.factuality import assess

__all__ = ["assess", "derive_status", "status_confidence"]
