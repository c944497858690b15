"""Error codes shared by the orchestrator and the worker, and the exception that carries one."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    """Every failure the platform reports, each with one HTTP status (see `http_status`)."""

    INVALID_REQUEST = "INVALID_REQUEST"
    INVALID_URL = "INVALID_URL"
    UNSUPPORTED_FORMAT = "UNSUPPORTED_FORMAT"
    FILE_NOT_FOUND = "FILE_NOT_FOUND"
    FORBIDDEN_PATH = "FORBIDDEN_PATH"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    AUDIO_TOO_LONG = "AUDIO_TOO_LONG"
    DOWNLOAD_FAILURE = "DOWNLOAD_FAILURE"
    STT_FAILURE = "STT_FAILURE"
    WARMUP_FAILED = "WARMUP_FAILED"
    STAGE_FAILURE = "STAGE_FAILURE"
    UNAUTHORIZED = "UNAUTHORIZED"
    RATE_LIMITED = "RATE_LIMITED"
    UPSTREAM_UNAVAILABLE = "UPSTREAM_UNAVAILABLE"
    TIMEOUT = "TIMEOUT"
    JOB_NOT_FOUND = "JOB_NOT_FOUND"
    INTERNAL_ERROR = "INTERNAL_ERROR"

    @property
    def http_status(self) -> int:
        """The HTTP status the orchestrator answers with for this code."""
        return _HTTP_STATUS[self]


_HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.INVALID_REQUEST: 400,
    ErrorCode.INVALID_URL: 400,
    ErrorCode.UNSUPPORTED_FORMAT: 400,
    ErrorCode.FILE_NOT_FOUND: 404,
    ErrorCode.FORBIDDEN_PATH: 403,
    ErrorCode.PAYLOAD_TOO_LARGE: 413,
    ErrorCode.AUDIO_TOO_LONG: 413,
    ErrorCode.DOWNLOAD_FAILURE: 500,
    ErrorCode.STT_FAILURE: 500,
    ErrorCode.WARMUP_FAILED: 500,
    ErrorCode.STAGE_FAILURE: 500,
    ErrorCode.UNAUTHORIZED: 401,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.UPSTREAM_UNAVAILABLE: 503,
    ErrorCode.TIMEOUT: 504,
    ErrorCode.JOB_NOT_FOUND: 404,
    ErrorCode.INTERNAL_ERROR: 500,
}


class ServiceError(Exception):
    """A failure with a platform error code, raised anywhere and mapped to the envelope once.

    Args:
        code: The error code; it fixes the HTTP status.
        message: A sentence for the caller. Never a stack trace or a secret.
        details: Optional machine-readable facts (a reason, a limit, the offending field).
    """

    def __init__(self, code: ErrorCode, message: str, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details

    def __repr__(self) -> str:
        return f"ServiceError({self.code.value}, {self.message!r})"
