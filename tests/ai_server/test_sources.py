"""Recognising S3 URLs in every form AWS writes them."""

from __future__ import annotations

import pytest

from ai_server.sources import S3Location, parse_s3_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("s3://call-recordings/2026/a.wav", S3Location("call-recordings", "2026/a.wav", False)),
        (
            "https://call-recordings.s3.amazonaws.com/2026/a.wav",
            S3Location("call-recordings", "2026/a.wav", False),
        ),
        (
            "https://call-recordings.s3.ap-northeast-2.amazonaws.com/a%20b.wav",
            S3Location("call-recordings", "a b.wav", False),
        ),
        (
            "https://call-recordings.s3-ap-northeast-2.amazonaws.com/a.wav",
            S3Location("call-recordings", "a.wav", False),
        ),
        (
            "https://s3.ap-northeast-2.amazonaws.com/call-recordings/x/a.wav",
            S3Location("call-recordings", "x/a.wav", False),
        ),
        (
            "https://s3.amazonaws.com/call-recordings/a.wav",
            S3Location("call-recordings", "a.wav", False),
        ),
        (
            "https://call-recordings.s3.dualstack.us-east-1.amazonaws.com/a.wav",
            S3Location("call-recordings", "a.wav", False),
        ),
        (
            "https://call-recordings.s3.ap-northeast-2.amazonaws.com/a.wav"
            "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc&X-Amz-Expires=600",
            S3Location("call-recordings", "a.wav", True),
        ),
        (
            "http://127.0.0.1:9000/call-recordings/a.wav?Signature=abc&Expires=1",
            S3Location("call-recordings", "a.wav", True),
        ),
    ],
)
def test_s3_url_forms(url: str, expected: S3Location) -> None:
    assert parse_s3_url(url, endpoint_url="http://127.0.0.1:9000") == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/call-recordings/a.wav",
        "https://call-recordings.s3.amazonaws.com/",
        "https://s3.amazonaws.com/call-recordings",
        "https://evil.com/?host=bucket.s3.amazonaws.com",
        "https://bucket.s3.amazonaws.com.evil.com/a.wav",
        "http://127.0.0.1:9001/call-recordings/a.wav",
    ],
)
def test_not_s3_objects(url: str) -> None:
    assert parse_s3_url(url, endpoint_url="http://127.0.0.1:9000") is None
