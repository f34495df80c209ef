"""The REST API (FastAPI) over a claimgraph store; ``create_app`` is the factory."""

from claimgraph.api.app import create_app
from claimgraph.api.deps import ApiSettings

__all__ = ["ApiSettings", "create_app"]
