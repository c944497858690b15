"""Worker settings from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from stt_worker.config import WorkerSettings


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STT_MODEL", raising=False)
    settings = WorkerSettings()
    assert settings.model == "models/whisper-base"
    assert settings.device == "auto"
    assert settings.compute_type == "auto"
    assert settings.allowed_file_roots == [Path("/runpod-volume")]
    assert settings.http.allow_private_addresses is False
    assert settings.s3.endpoint_url is None


def test_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STT_MODEL", "deepdml/faster-whisper-large-v3-turbo-ct2")
    monkeypatch.setenv("STT_ALLOWED_FILE_ROOTS", "/runpod-volume,/data/calls")
    monkeypatch.setenv("STT_S3__ENDPOINT_URL", "http://127.0.0.1:9000")
    monkeypatch.setenv("STT_S3__SECRET_ACCESS_KEY", "very-secret")
    monkeypatch.setenv("STT_HTTP__RETRIES", "5")
    monkeypatch.setenv("STT_MAX_DURATION", "600")
    settings = WorkerSettings()
    assert settings.model == "deepdml/faster-whisper-large-v3-turbo-ct2"
    assert settings.allowed_file_roots == [Path("/runpod-volume"), Path("/data/calls")]
    assert settings.s3.endpoint_url == "http://127.0.0.1:9000"
    assert settings.s3.secret_access_key is not None
    assert "very-secret" not in repr(settings)
    assert settings.http.retries == 5
    assert settings.max_duration == 600


@pytest.mark.parametrize(
    "bad",
    [
        {"device": "tpu"},
        {"device": "cpu", "compute_type": "float16"},
        {"http": {"retries": 99}},
        {"max_file_bytes": 0},
    ],
)
def test_impossible_settings_fail_fast(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        WorkerSettings.model_validate(bad)
