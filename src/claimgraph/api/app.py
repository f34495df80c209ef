"""The FastAPI application factory: the JSON API under ``/api/v1`` and the web explorer at ``/``.

``create_app(settings)`` builds a fresh app (nothing is opened at import time); ``claimgraph
serve`` runs it with uvicorn. OpenAPI is at ``/openapi.json``, interactive docs at ``/docs``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from claimgraph.api.deps import ApiSettings, ApiState, require_read
from claimgraph.api.errors import install_handlers
from claimgraph.api.routes import actors, claims, documents, graph, meta, relations, search

if TYPE_CHECKING:
    from claimgraph.pipeline import Pipeline

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
API_VERSION = "1.0.0"

# Headers every response carries: the explorer loads nothing from elsewhere and never runs
# inline script, so a hostile article cannot bring its own code into the page.
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def static_dir() -> Path:
    """The built web explorer shipped in the package."""
    return Path(str(resources.files("claimgraph.web") / "static"))


def create_app(settings: ApiSettings, *, pipeline: Pipeline | None = None) -> FastAPI:
    """A new app over the store at ``settings.db_url``.

    ``pipeline`` runs uploads (default: a ``Pipeline()`` built on the first ingest).
    """
    state = ApiState(settings=settings, _pipeline=pipeline)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    app = FastAPI(
        title="claimgraph",
        version=API_VERSION,
        description=(
            "Who does what to whom in the news, who says so, and how sure the text is: "
            "actors, relations with corroboration scores, claims with their evidence."
        ),
        lifespan=lifespan,
    )
    app.state.claimgraph = state
    install_handlers(app)

    @app.middleware("http")
    async def security_headers(request, call_next):  # type: ignore[no-untyped-def]  # starlette's untyped middleware signature
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    api = APIRouter(prefix=API_PREFIX)

    @api.get("/health", tags=["meta"])
    def health() -> dict[str, bool]:
        """Liveness: the server answers (the store is not touched)."""
        return {"ok": True}

    reads = [Depends(require_read)]
    for module in (actors, relations, claims, documents, search, graph, meta):
        api.include_router(module.router, dependencies=reads)
    app.include_router(api)

    web = static_dir()
    if settings.serve_web and (web / "index.html").is_file():
        app.mount("/static", StaticFiles(directory=web), name="static")

        @app.get("/", include_in_schema=False)
        def index() -> FileResponse:
            return FileResponse(web / "index.html")
    elif settings.serve_web:
        logger.warning("the web explorer is not built (%s): serving the API only", web)
    return app
