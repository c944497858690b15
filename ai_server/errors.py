"""Every failure becomes the envelope, in one place: typed errors, validation, unknown routes."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.envelope import Envelope
from shared.errors import ErrorCode, ServiceError

logger = logging.getLogger(__name__)


def envelope_response(data: BaseModel, status: int = 200) -> JSONResponse:
    """A success envelope, serialised once (camelCase).

    Routes declare `response_model` for the OpenAPI docs but return this: FastAPI then skips
    validating and re-serialising a model that was validated when it was built.
    """
    body = {"success": True, "data": data.model_dump(mode="json", by_alias=True), "error": None}
    return JSONResponse(body, status_code=status)


def error_response(error: ServiceError, status: int | None = None) -> JSONResponse:
    body = Envelope[None].fail(error).model_dump(mode="json", by_alias=True)
    return JSONResponse(body, status_code=status or error.code.http_status)


async def _service_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServiceError)
    return error_response(exc)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {
            "field": ".".join(str(p) for p in e["loc"] if p != "body") or "body",
            "problem": e["msg"],
        }
        for e in exc.errors()
    ]
    summary = "; ".join(f"{p['field']}: {p['problem']}" for p in problems[:5])
    return error_response(
        ServiceError(ErrorCode.INVALID_REQUEST, f"Invalid request: {summary}", {"errors": problems})
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        message = f"No route {request.method} {request.url.path}."
    elif exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}."
    else:
        message = str(exc.detail)
    code = ErrorCode.INTERNAL_ERROR if exc.status_code >= 500 else ErrorCode.INVALID_REQUEST
    return error_response(ServiceError(code, message), status=exc.status_code)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(ServiceError(ErrorCode.INTERNAL_ERROR, "Internal server error."))


def install(app: FastAPI) -> None:
    """Map every exception to the envelope with its code's HTTP status."""
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
