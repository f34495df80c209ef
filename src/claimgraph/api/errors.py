"""One JSON error envelope for every error: ``{"ok": false, "error", "errors", "status", "code"}``.

The handlers map claimgraph's exception hierarchy to HTTP statuses: a missing item 404,
``InputError`` 422 (``TooLargeError`` 413), ``UnknownComponentError`` 400, an unavailable or
outdated store 503; request validation 422; any other HTTP error keeps its status. ``code`` is
the catalogue code (``CGnnn``) for claimgraph errors, ``HTTP<status>`` otherwise.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimgraph.errors import (
    ClaimgraphError,
    InputError,
    NotFoundError,
    SchemaOutdatedError,
    StoreUnavailableError,
    TooLargeError,
    UnknownComponentError,
)

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """An error the API itself raises (auth, size, bad combination of parameters)."""

    def __init__(self, status: int, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or f"HTTP{status}"


def envelope(
    status: int,
    message: str,
    code: str,
    errors: list[dict[str, object]] | None = None,
) -> JSONResponse:
    return JSONResponse(
        status_code=status,
        content={
            "ok": False,
            "error": message,
            "errors": errors or [],
            "status": status,
            "code": code,
        },
    )


def status_of(err: ClaimgraphError) -> int:
    """The HTTP status of a claimgraph error."""
    if isinstance(err, NotFoundError):
        return 404
    if isinstance(err, TooLargeError):
        return 413
    if isinstance(err, InputError):
        return 422
    if isinstance(err, UnknownComponentError):
        return 400
    if isinstance(err, StoreUnavailableError | SchemaOutdatedError):
        return 503
    return 500


def _validation_items(err: RequestValidationError) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for detail in err.errors():
        loc = [part if isinstance(part, int) else str(part) for part in detail.get("loc", ())]
        items.append(
            {"loc": loc, "msg": str(detail.get("msg", "")), "type": str(detail.get("type", ""))}
        )
    return items


async def _on_validation(_request: Request, err: Exception) -> JSONResponse:
    if not isinstance(err, RequestValidationError):
        raise err
    items = _validation_items(err)
    details = err.errors()
    loc = details[0].get("loc", ()) if details else ()
    msg = str(details[0].get("msg", "invalid request")) if details else "invalid request"
    where = ".".join(str(part) for part in loc)
    message = f"invalid parameter {where}: {msg}" if where else msg
    return envelope(422, message, "HTTP422", items)


async def _on_http(_request: Request, err: Exception) -> JSONResponse:
    if not isinstance(err, StarletteHTTPException):
        raise err
    return envelope(err.status_code, str(err.detail), f"HTTP{err.status_code}")


async def _on_api(_request: Request, err: Exception) -> JSONResponse:
    if not isinstance(err, ApiError):
        raise err
    return envelope(err.status, err.message, err.code)


async def _on_claimgraph(_request: Request, err: Exception) -> JSONResponse:
    if not isinstance(err, ClaimgraphError):
        raise err
    status = status_of(err)
    if status >= 500:
        logger.error("request failed: %s", err, exc_info=err)
    return envelope(status, public_message(err), err.code)


def public_message(err: ClaimgraphError) -> str:
    """The error's message without the store's URL (a file path or credentials)."""
    if isinstance(err, NotFoundError) and {"kind", "key"} <= err.fields.keys():
        return f"no {err.fields['kind']} '{err.fields['key']}'"
    url = err.fields.get("url")
    if isinstance(url, str) and url:
        return err.message.replace(url, "<store>")
    return err.message


async def _on_unexpected(_request: Request, err: Exception) -> JSONResponse:
    logger.error("unexpected error serving a request", exc_info=err)
    return envelope(500, "internal error: see the server log", "CG900")


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(ApiError, _on_api)
    app.add_exception_handler(ClaimgraphError, _on_claimgraph)
    app.add_exception_handler(Exception, _on_unexpected)
