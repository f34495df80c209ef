"""What routes depend on: the settings, the read-only store, the pipeline, the token checks.

The app keeps one ``ApiState`` (on ``app.state.claimgraph``). The read-only store is opened on
first use, so a server can start before the first ingest and answer 503 until then.
"""

from __future__ import annotations

import hmac
import logging
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request

from claimgraph.api.errors import ApiError
from claimgraph.store import Store

if TYPE_CHECKING:
    from claimgraph.pipeline import Pipeline

logger = logging.getLogger(__name__)

# Largest upload ``POST /api/v1/documents`` accepts by default (bytes): several times the
# longest article of the sample corpus, far below what would strain the parser.
DEFAULT_MAX_UPLOAD_BYTES = 5_000_000


@dataclass(frozen=True, slots=True)
class ApiSettings:
    """How the API runs.

    ``write_token`` guards ingest, ``read_token`` (when set) every read; the write token also
    reads. ``allow_anonymous_writes`` lets ingest run without a token: ``serve`` sets it only
    when bound to a loopback address and no write token is given.
    """

    db_url: str
    write_token: str | None = None
    read_token: str | None = None
    allow_anonymous_writes: bool = True
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    serve_web: bool = True


@dataclass
class ApiState:
    settings: ApiSettings
    _store: Store | None = None
    _writer: Store | None = None
    _pipeline: Pipeline | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)

    def store(self) -> Store:
        """The read-only store (opened once; a failure is retried on the next request)."""
        with self.lock:
            if self._store is None:
                self._store = Store(self.settings.db_url, read_only=True)
            return self._store

    def writer(self) -> Store:
        with self.lock:
            if self._writer is None:
                self._writer = Store(self.settings.db_url)
            return self._writer

    def pipeline(self) -> Pipeline:
        from claimgraph.pipeline import Pipeline

        with self.lock:
            if self._pipeline is None:
                self._pipeline = Pipeline()
            return self._pipeline

    def close(self) -> None:
        for store in (self._store, self._writer):
            if store is not None:
                store.close()
        self._store = self._writer = None


def get_state(request: Request) -> ApiState:
    state: ApiState = request.app.state.claimgraph
    return state


StateDep = Annotated[ApiState, Depends(get_state)]


def get_store(state: StateDep) -> Store:
    return state.store()


StoreDep = Annotated[Store, Depends(get_store)]


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.headers.get("x-api-token") or None


def _matches(given: str, expected: str | None) -> bool:
    return expected is not None and hmac.compare_digest(given.encode(), expected.encode())


def require_read(request: Request, state: StateDep) -> None:
    """Reads are open unless a read token is set; then the read or the write token passes."""
    settings = state.settings
    if settings.read_token is None:
        return
    token = _bearer(request)
    if token is None:
        raise ApiError(401, "this server needs a token to read: send 'Authorization: Bearer …'")
    if not (_matches(token, settings.read_token) or _matches(token, settings.write_token)):
        raise ApiError(403, "the token is not valid for reading")


def require_write(request: Request, state: StateDep) -> None:
    """Writes need the write token, unless anonymous writes are allowed (loopback only)."""
    settings = state.settings
    token = _bearer(request)
    if settings.write_token is None:
        if settings.allow_anonymous_writes:
            return
        raise ApiError(
            403,
            "ingest is disabled on this server: it listens beyond this machine without a "
            "write token; restart `claimgraph serve` with --token or $CLAIMGRAPH_API_TOKEN",
        )
    if token is None:
        raise ApiError(401, "ingest needs the write token: send 'Authorization: Bearer …'")
    if not _matches(token, settings.write_token):
        raise ApiError(403, "the token is not valid for writing")
