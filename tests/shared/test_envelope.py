"""The envelope, the error codes and reading a worker's error back."""

from __future__ import annotations

import json

import pytest

from shared.envelope import Envelope, ErrorBody
from shared.errors import ErrorCode, ServiceError


def test_every_code_has_its_status() -> None:
    expected = {
        "INVALID_REQUEST": 400,
        "INVALID_URL": 400,
        "UNSUPPORTED_FORMAT": 400,
        "FILE_NOT_FOUND": 404,
        "FORBIDDEN_PATH": 403,
        "PAYLOAD_TOO_LARGE": 413,
        "AUDIO_TOO_LONG": 413,
        "DOWNLOAD_FAILURE": 500,
        "STT_FAILURE": 500,
        "WARMUP_FAILED": 500,
        "STAGE_FAILURE": 500,
        "UNAUTHORIZED": 401,
        "RATE_LIMITED": 429,
        "UPSTREAM_UNAVAILABLE": 503,
        "TIMEOUT": 504,
        "JOB_NOT_FOUND": 404,
        "INTERNAL_ERROR": 500,
    }
    assert {code.value: code.http_status for code in ErrorCode} == expected


def test_success_and_failure_shapes() -> None:
    assert Envelope[dict[str, str]].ok({"text": "안녕하세요"}).model_dump(mode="json") == {
        "success": True,
        "data": {"text": "안녕하세요"},
        "error": None,
    }
    failure = Envelope[dict[str, str]].fail(ServiceError(ErrorCode.INVALID_URL, "bad URL"))
    assert failure.model_dump(mode="json") == {
        "success": False,
        "data": None,
        "error": {"code": "INVALID_URL", "message": "bad URL"},
    }
    detailed = ErrorBody(code=ErrorCode.AUDIO_TOO_LONG, message="m", details={"max": 1})
    assert detailed.model_dump(mode="json")["details"] == {"max": 1}


def test_worker_error_round_trip() -> None:
    error = ServiceError(ErrorCode.FORBIDDEN_PATH, "outside", {"allowed_roots": ["/v"]})
    raw = ErrorBody.from_error(error).model_dump_json()
    back = ErrorBody.from_worker_error(raw)
    assert back.code is ErrorCode.FORBIDDEN_PATH
    assert back.to_error().details == {"allowed_roots": ["/v"]}


@pytest.mark.parametrize(
    "raw",
    [
        json.dumps({"error_type": "ValueError", "error_message": "x", "error_traceback": "..."}),
        "plain text failure",
        None,
        {"code": "NOT_A_CODE", "message": "x"},
    ],
)
def test_unknown_worker_errors_become_stt_failure_without_details(raw: object) -> None:
    body = ErrorBody.from_worker_error(raw)
    assert body.code is ErrorCode.STT_FAILURE
    assert "Traceback" not in body.message
    assert "error_traceback" not in body.message
