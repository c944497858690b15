"""End to end, all real: orchestrator → local RunPod runner → worker handler (whisper-base) →
moto's S3 server, over HTTP on loopback. The runpod SDK's own client is used against the runner
in tests/stt_worker/test_local_runner.py."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ai_server.config import RunPodSettings
from ai_server.main import create_app
from stt_worker.handler import handle
from stt_worker.local_runner import RunnerSettings, create_runner_app
from stt_worker.pipeline import Pipeline
from tests.conftest import BUCKET, EN_SCRIPT, AudioFiles, S3Server, orchestrator_settings, serving
from tests.stt_worker.test_handler import wer

pytestmark = pytest.mark.slow


class Gate:
    """Holds jobs at the runner until released, then runs the real handler: lets a test see a
    job queued behind a running one."""

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        self.open = threading.Event()
        self.open.set()

    def __call__(self, job: dict[str, Any]) -> dict[str, Any]:
        self.open.wait(timeout=60)
        return handle(job, self.pipeline)


@pytest.fixture
def gate(pipeline: Pipeline) -> Iterator[Gate]:
    gate = Gate(pipeline)
    yield gate
    gate.open.set()


@pytest.fixture
def api(gate: Gate, audio_files: AudioFiles, s3_server: S3Server) -> Iterator[TestClient]:
    """The orchestrator, pointed at a runner serving the real handler (one job at a time)."""
    runner = create_runner_app(RunnerSettings(endpoint_id="e2e", concurrency=1), gate)
    with serving(runner) as runner_url:
        settings = orchestrator_settings(
            RunPodSettings(
                endpoint_id="e2e", base_url=f"{runner_url}/v2", poll_interval=0.1, sync_timeout=120
            ),
            s3_server,
            audio_files,
        )
        with TestClient(create_app(settings)) as client:
            yield client
        gate.open.set()


def poll(api: TestClient, job_id: str, until: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while True:
        body: dict[str, Any] = api.get(f"/api/v1/transcriptions/{job_id}").json()
        if until(body):
            return body
        assert time.monotonic() < deadline, body
        time.sleep(0.1)


def test_sync_s3_transcription(
    api: TestClient, s3_server: S3Server, audio_files: AudioFiles
) -> None:
    s3_server.put("e2e/call.mp3", audio_files["en.mp3"].read_bytes())
    response = api.post(
        "/api/v1/transcriptions",
        json={
            "audioUrl": f"s3://{BUCKET}/e2e/call.mp3",
            "language": "en",
            "outputFormats": ["text", "srt"],
        },
    )
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["status"] == "COMPLETED"
    assert wer(EN_SCRIPT, data["text"]) <= 0.10
    assert data["srt"].startswith("1\n00:00:00,000 --> ")
    assert data["processingSteps"]["stt"] is True


def test_sync_file_path_and_presigned_url(
    api: TestClient, s3_server: S3Server, audio_files: AudioFiles
) -> None:
    by_path = api.post("/api/v1/transcriptions", json={"filePath": "en.wav", "language": "en"})
    assert by_path.status_code == 200, by_path.text
    assert wer(EN_SCRIPT, by_path.json()["data"]["text"]) <= 0.10
    s3_server.put("e2e/presigned.flac", audio_files["en.flac"].read_bytes())
    url = s3_server.presign("e2e/presigned.flac")
    by_url = api.post("/api/v1/transcriptions", json={"audioUrl": url, "language": "en"})
    assert by_url.status_code == 200, by_url.text
    assert wer(EN_SCRIPT, by_url.json()["data"]["text"]) <= 0.10


def test_worker_errors_come_back_with_their_code(api: TestClient) -> None:
    response = api.post("/api/v1/transcriptions", json={"filePath": "notes.wav"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "UNSUPPORTED_FORMAT"
    assert error["details"]["status"] == "FAILED"
    assert error["details"]["jobId"]


def test_async_job_cancel_while_queued_and_status(api: TestClient, gate: Gate) -> None:
    gate.open.clear()  # the first job holds the only worker slot
    first = api.post(
        "/api/v1/transcriptions", json={"filePath": "en.wav", "language": "en", "mode": "async"}
    )
    assert first.status_code == 202, first.text
    first_id = first.json()["data"]["jobId"]
    poll(api, first_id, lambda b: b["data"]["status"] == "IN_PROGRESS")

    second = api.post("/api/v1/transcriptions", json={"filePath": "ko.wav", "mode": "async"})
    second_id = second.json()["data"]["jobId"]
    assert api.get(f"/api/v1/transcriptions/{second_id}").json()["data"]["status"] == "QUEUED"
    gpu = api.get("/api/v1/gpu/status").json()["data"]
    assert gpu["workers"] == {"idle": 0, "running": 1}
    assert gpu["jobs"]["inQueue"] == 1

    cancelled = api.delete(f"/api/v1/transcriptions/{second_id}")
    assert cancelled.json()["data"]["status"] == "CANCELLED"
    gate.open.set()
    done = poll(api, first_id, lambda b: b["data"]["status"] == "COMPLETED")
    assert wer(EN_SCRIPT, done["data"]["text"]) <= 0.10
    assert api.get(f"/api/v1/transcriptions/{second_id}").json()["data"]["status"] == "CANCELLED"


def test_warmup_and_gpu_status(api: TestClient) -> None:
    response = api.post("/api/v1/gpu/warmup", json={"workers": 1})
    assert response.status_code == 200, response.text
    job_id = response.json()["data"]["jobIds"][0]
    body = poll(api, job_id, lambda b: b["data"]["status"] == "COMPLETED")
    assert body["success"] is True
    health = api.get("/api/v1/gpu/status").json()["data"]
    assert health["jobs"]["completed"] >= 1
    assert api.get("/ready").json()["data"]["endpointId"] == "e2e"
