"""The response envelope every answer uses: `{"success", "data", "error"}`."""

from __future__ import annotations

import json
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shared.errors import ErrorCode, ServiceError

T = TypeVar("T")


class ErrorBody(BaseModel):
    """What went wrong, in a form a client can branch on."""

    model_config = ConfigDict(extra="ignore")

    code: ErrorCode
    message: str
    details: dict[str, Any] | None = Field(default=None, exclude_if=lambda v: v is None)

    @classmethod
    def from_error(cls, error: ServiceError) -> ErrorBody:
        return cls(code=error.code, message=error.message, details=error.details)

    def to_error(self) -> ServiceError:
        return ServiceError(self.code, self.message, self.details)

    @classmethod
    def from_worker_error(cls, raw: object) -> ErrorBody:
        """Read back the `error` a RunPod job failed with.

        The worker reports `{"code", "message"}` as a JSON string (RunPod requires a string).
        Anything else, such as the traceback JSON the SDK writes when a handler raises, becomes
        `STT_FAILURE` with a generic message, so no trace reaches a client.
        """
        if isinstance(raw, str):
            try:
                return cls.model_validate(json.loads(raw))
            except (ValueError, ValidationError):
                pass
        elif isinstance(raw, dict):
            try:
                return cls.model_validate(raw)
            except ValidationError:
                pass
        return cls(code=ErrorCode.STT_FAILURE, message="The worker failed to process the job.")


class Envelope(BaseModel, Generic[T]):
    """`success` is true exactly when `data` is set and `error` is null."""

    success: bool
    data: T | None = None
    error: ErrorBody | None = None

    @classmethod
    def ok(cls, data: T) -> Envelope[T]:
        return cls(success=True, data=data, error=None)

    @classmethod
    def fail(cls, error: ServiceError | ErrorBody) -> Envelope[T]:
        body = error if isinstance(error, ErrorBody) else ErrorBody.from_error(error)
        return cls(success=False, data=None, error=body)
