"""`/api/v1/transcriptions` with the real moto S3 server and a fake RunPod cloud."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from tests.ai_server.conftest import RESULT, FakeRunPod, completed, status
from tests.conftest import BUCKET, AudioFiles, HttpServer, S3Server


def envelope_error(response: httpx.Response, code: str, http_status: int) -> dict[str, Any]:
    assert response.status_code == http_status, response.text
    body = response.json()
    assert set(body) == {"success", "data", "error"}
    assert body["success"] is False and body["data"] is None
    assert body["error"]["code"] == code, body
    assert body["error"]["message"]
    assert "Traceback" not in response.text
    error: dict[str, Any] = body["error"]
    return error


def test_sync_s3_url_is_checked_presigned_and_transcribed(
    client: TestClient, fake_runpod: FakeRunPod, s3_server: S3Server, audio_files: AudioFiles
) -> None:
    s3_server.put("calls/a.wav", audio_files["en.wav"].read_bytes())
    fake_runpod.script("runsync", completed("job-1", RESULT))
    response = client.post(
        "/api/v1/transcriptions",
        json={"audioUrl": f"s3://{BUCKET}/calls/a.wav", "language": "en", "wordTimestamps": True},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["success"] is True and body["error"] is None
    data = body["data"]
    assert data["jobId"] == "job-1"
    assert data["status"] == "COMPLETED"
    assert data["text"] == RESULT["text"]
    assert data["processingSteps"]["stt"] is True  # camelCase on the public side
    assert data["segments"][0]["avgLogprob"] == -0.2
    sent = fake_runpod.bodies("runsync")[0]["input"]
    assert sent["audio_url"].startswith(f"{s3_server.endpoint_url}/{BUCKET}/calls/a.wav?")
    assert "Signature" in sent["audio_url"]
    assert sent["language"] == "en" and sent["word_timestamps"] is True
    assert sent["stages"] == {"privacy_removal": False, "classification": False, "ai_agent": False}


def test_presigned_url_is_probed_and_passed_through(
    client: TestClient, fake_runpod: FakeRunPod, s3_server: S3Server, audio_files: AudioFiles
) -> None:
    s3_server.put("calls/p.mp3", audio_files["en.mp3"].read_bytes())
    url = s3_server.presign("calls/p.mp3")
    fake_runpod.script("runsync", completed("job-2", RESULT))
    response = client.post("/api/v1/transcriptions", json={"audioUrl": url})
    assert response.status_code == 200, response.text
    assert fake_runpod.bodies("runsync")[0]["input"]["audio_url"] == url


def test_shared_file_path_is_passed_as_the_workers_path(
    client: TestClient, fake_runpod: FakeRunPod
) -> None:
    fake_runpod.script("runsync", completed("job-3", RESULT))
    response = client.post(
        "/api/v1/transcriptions",
        json={"filePath": "en.wav", "privacyRemoval": False, "beamSize": 2},
    )
    assert response.status_code == 200, response.text
    sent = fake_runpod.bodies("runsync")[0]["input"]
    assert sent["file_path"] == "/runpod-volume/calls/en.wav"
    assert sent["beam_size"] == 2


def test_unshared_file_is_staged_to_s3_and_presigned(
    make_client: Callable[..., TestClient],
    server_settings: Any,
    fake_runpod: FakeRunPod,
    s3_server: S3Server,
    audio_files: AudioFiles,
) -> None:
    files = server_settings.files.model_copy(update={"worker_root": None})
    client = make_client(files=files)
    fake_runpod.script("runsync", completed("job-4", RESULT))
    response = client.post("/api/v1/transcriptions", json={"filePath": str(audio_files["en.flac"])})
    assert response.status_code == 200, response.text
    url = fake_runpod.bodies("runsync")[0]["input"]["audio_url"]
    assert "/stt-staging/" in url and url.split("?")[0].endswith("/en.flac")
    staged = httpx.get(url)
    assert staged.status_code == 200
    assert staged.content == audio_files["en.flac"].read_bytes()


def test_async_answers_202_with_the_job_and_forwards_the_webhook(
    client: TestClient, fake_runpod: FakeRunPod
) -> None:
    fake_runpod.script("run", status("job-5", "IN_QUEUE"))
    response = client.post(
        "/api/v1/transcriptions",
        json={"filePath": "en.wav", "mode": "async", "webhookUrl": "https://app.test/hook"},
    )
    assert response.status_code == 202, response.text
    assert response.json()["data"] == {
        "jobId": "job-5",
        "status": "QUEUED",
        "delayTimeMs": None,
        "executionTimeMs": None,
    }
    assert fake_runpod.bodies("run")[0]["webhook"] == "https://app.test/hook"


def test_get_and_delete_a_job(client: TestClient, fake_runpod: FakeRunPod) -> None:
    fake_runpod.script("status", status("job-6", "IN_PROGRESS", delayTime=40))
    response = client.get("/api/v1/transcriptions/job-6")
    assert response.status_code == 200
    assert response.json()["data"]["status"] == "IN_PROGRESS"
    assert response.json()["data"]["delayTimeMs"] == 40

    fake_runpod.script("status", completed("job-6", RESULT))
    data = client.get("/api/v1/transcriptions/job-6").json()["data"]
    assert data["status"] == "COMPLETED" and data["text"] == RESULT["text"]

    fake_runpod.script("cancel", status("job-6", "CANCELLED"))
    response = client.delete("/api/v1/transcriptions/job-6")
    assert response.status_code == 200
    assert response.json()["data"]["status"] == "CANCELLED"


def test_failed_job_answers_the_workers_code_and_status(
    client: TestClient, fake_runpod: FakeRunPod
) -> None:
    error = '{"code":"AUDIO_TOO_LONG","message":"The audio is 20000 s long; the limit is 14400 s."}'
    fake_runpod.script("status", status("job-7", "FAILED", error=error))
    body = envelope_error(client.get("/api/v1/transcriptions/job-7"), "AUDIO_TOO_LONG", 413)
    assert body["details"] == {"jobId": "job-7", "status": "FAILED"}


def test_unknown_job(client: TestClient, fake_runpod: FakeRunPod) -> None:
    fake_runpod.script("status", httpx.Response(404, json={"error": "not found"}))
    envelope_error(client.get("/api/v1/transcriptions/nope"), "JOB_NOT_FOUND", 404)


def test_sync_timeout_keeps_the_job_id(client: TestClient, fake_runpod: FakeRunPod) -> None:
    fake_runpod.script("runsync", status("job-8", "IN_QUEUE"))
    fake_runpod.script("status", *[status("job-8", "IN_PROGRESS") for _ in range(50)])
    response = client.post(
        "/api/v1/transcriptions", json={"filePath": "en.wav", "timeoutSeconds": 0.5}
    )
    body = envelope_error(response, "TIMEOUT", 504)
    assert body["details"]["jobId"] == "job-8"


def test_upstream_down_is_503(client: TestClient, fake_runpod: FakeRunPod) -> None:
    fake_runpod.script("runsync", httpx.Response(502))
    envelope_error(
        client.post("/api/v1/transcriptions", json={"filePath": "en.wav"}),
        "UPSTREAM_UNAVAILABLE",
        503,
    )


# --- bad input -------------------------------------------------------------------------------


def _symlink_escape(audio_files: AudioFiles, tmp_path: Path) -> str:
    outside = tmp_path / "secret.wav"
    outside.write_bytes(b"RIFF")
    link = audio_files.root / f"link-{tmp_path.name}.wav"
    link.symlink_to(outside)
    return link.name


BAD_REQUESTS: list[tuple[str, Callable[..., Any], str, int]] = [
    ("malformed URL", lambda **_: {"audioUrl": "htp:/broken"}, "INVALID_URL", 400),
    ("no host", lambda **_: {"audioUrl": "https://"}, "INVALID_URL", 400),
    (
        "non-S3 host",
        lambda **_: {"audioUrl": "https://example.com/a.wav"},
        "INVALID_URL",
        400,
    ),
    (
        "disallowed bucket",
        lambda **_: {"audioUrl": "s3://someone-elses-bucket/a.wav"},
        "FORBIDDEN_PATH",
        403,
    ),
    (
        "missing object",
        lambda **_: {"audioUrl": f"s3://{BUCKET}/nope/missing.wav"},
        "FILE_NOT_FOUND",
        404,
    ),
    (
        "txt object",
        lambda s3, **_: {"audioUrl": s3.put("notes.txt", b"hello")},
        "UNSUPPORTED_FORMAT",
        400,
    ),
    (
        "text content type without extension",
        lambda s3, **_: {"audioUrl": _put_typed(s3, "blob", "text/plain")},
        "UNSUPPORTED_FORMAT",
        400,
    ),
    (
        "empty object",
        lambda s3, **_: {"audioUrl": s3.put("empty.wav", b"")},
        "UNSUPPORTED_FORMAT",
        400,
    ),
    (
        "presigned URL of a missing object",
        lambda s3, **_: {"audioUrl": s3.presign("calls/never-uploaded.wav")},
        "FILE_NOT_FOUND",
        404,
    ),
    ("path traversal", lambda **_: {"filePath": "../../etc/passwd"}, "FORBIDDEN_PATH", 403),
    ("absolute outside", lambda **_: {"filePath": "/etc/passwd"}, "FORBIDDEN_PATH", 403),
    (
        "symlink escape",
        lambda files, tmp, **_: {"filePath": _symlink_escape(files, tmp)},
        "FORBIDDEN_PATH",
        403,
    ),
    ("missing file", lambda **_: {"filePath": "missing.wav"}, "FILE_NOT_FOUND", 404),
    ("empty body", lambda **_: None, "INVALID_REQUEST", 400),
    ("empty object body", lambda **_: {}, "INVALID_REQUEST", 400),
    (
        "both sources",
        lambda **_: {"audioUrl": f"s3://{BUCKET}/a.wav", "filePath": "en.wav"},
        "INVALID_REQUEST",
        400,
    ),
    ("wrong type", lambda **_: {"filePath": "en.wav", "beamSize": "wide"}, "INVALID_REQUEST", 400),
    ("out of bounds", lambda **_: {"filePath": "en.wav", "beamSize": 99}, "INVALID_REQUEST", 400),
    ("unknown field", lambda **_: {"filePath": "en.wav", "colour": "blue"}, "INVALID_REQUEST", 400),
    ("array body", lambda **_: [1, 2], "INVALID_REQUEST", 400),
    (
        "webhook in sync mode",
        lambda **_: {"filePath": "en.wav", "webhookUrl": "https://a.test/h"},
        "INVALID_REQUEST",
        400,
    ),
]


def _put_typed(s3: S3Server, key: str, content_type: str) -> str:
    s3.client.put_object(Bucket=BUCKET, Key=key, Body=b"abc", ContentType=content_type)
    return f"s3://{BUCKET}/{key}"


@pytest.mark.parametrize(
    ("name", "make_body", "code", "http_status"), BAD_REQUESTS, ids=[b[0] for b in BAD_REQUESTS]
)
def test_bad_requests_get_their_code_in_the_envelope(
    client: TestClient,
    fake_runpod: FakeRunPod,
    s3_server: S3Server,
    audio_files: AudioFiles,
    tmp_path: Path,
    name: str,
    make_body: Callable[..., Any],
    code: str,
    http_status: int,
) -> None:
    body = make_body(s3=s3_server, files=audio_files, tmp=tmp_path)
    response = client.post("/api/v1/transcriptions", json=body)
    envelope_error(response, code, http_status)
    assert fake_runpod.requests == [], f"{name}: RunPod was called"


def test_other_urls_when_allowed(
    make_client: Callable[..., TestClient],
    server_settings: Any,
    fake_runpod: FakeRunPod,
    http_server: HttpServer,
) -> None:
    client = make_client(s3=server_settings.s3.model_copy(update={"allow_other_urls": True}))
    fake_runpod.script("runsync", completed("job-10", RESULT))
    url = http_server.url("/files/en.wav")
    assert client.post("/api/v1/transcriptions", json={"audioUrl": url}).status_code == 200
    assert fake_runpod.bodies("runsync")[0]["input"]["audio_url"] == url
    forbidden = client.post(
        "/api/v1/transcriptions", json={"audioUrl": http_server.url("/status/403")}
    )
    assert envelope_error(forbidden, "DOWNLOAD_FAILURE", 500)["details"]["status"] == 403
    envelope_error(
        client.post("/api/v1/transcriptions", json={"audioUrl": http_server.url("/files/x.txt")}),
        "UNSUPPORTED_FORMAT",
        400,
    )
    envelope_error(
        client.post("/api/v1/transcriptions", json={"audioUrl": http_server.url("/files/no.wav")}),
        "FILE_NOT_FOUND",
        404,
    )


def test_api_keys(make_client: Callable[..., TestClient], fake_runpod: FakeRunPod) -> None:
    client = make_client(api_keys=[SecretStr("k1"), SecretStr("k2")])
    url = "/api/v1/transcriptions/job-9"
    envelope_error(client.get(url), "UNAUTHORIZED", 401)
    envelope_error(client.get(url, headers={"Authorization": "Bearer nope"}), "UNAUTHORIZED", 401)
    envelope_error(client.get(url, headers={"Authorization": "Basic k1"}), "UNAUTHORIZED", 401)
    envelope_error(client.post("/api/v1/gpu/warmup"), "UNAUTHORIZED", 401)
    fake_runpod.script("status", status("job-9", "IN_QUEUE"))
    assert client.get(url, headers={"Authorization": "Bearer k2"}).status_code == 200
    assert client.get("/health").status_code == 200  # probes stay open


def test_unknown_routes_and_methods_answer_the_envelope(client: TestClient) -> None:
    envelope_error(client.get("/api/v1/nothing"), "INVALID_REQUEST", 404)
    envelope_error(client.put("/api/v1/transcriptions"), "INVALID_REQUEST", 405)


def test_stage_flags_and_mask_style_reach_the_worker(
    client: TestClient, fake_runpod: FakeRunPod
) -> None:
    fake_runpod.script("runsync", completed("job-11", RESULT))
    response = client.post(
        "/api/v1/transcriptions",
        json={
            "filePath": "en.wav",
            "privacyRemoval": True,
            "classification": True,
            "aiAgent": True,
            "maskStyle": "hash",
        },
    )
    assert response.status_code == 200, response.text
    assert fake_runpod.bodies("runsync")[0]["input"]["stages"] == {
        "privacy_removal": True,
        "classification": True,
        "ai_agent": True,
        "mask_style": "hash",
    }


@pytest.mark.parametrize("job_id", ["a%3Fb", "a%23b", "a.b", "x" * 129])
def test_job_ids_are_checked_before_reaching_runpod(
    client: TestClient, fake_runpod: FakeRunPod, job_id: str
) -> None:
    envelope_error(client.get(f"/api/v1/transcriptions/{job_id}"), "INVALID_REQUEST", 400)
    envelope_error(client.delete(f"/api/v1/transcriptions/{job_id}"), "INVALID_REQUEST", 400)
    assert fake_runpod.requests == []
