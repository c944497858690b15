"""Orchestrator fixtures: settings over the real moto S3 server, and a fake RunPod cloud."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from ai_server.config import FileSettings, RunPodSettings, Settings
from ai_server.main import create_app
from tests.conftest import AudioFiles, S3Server, orchestrator_settings

FAKE_RUNPOD = "http://runpod.fake/v2"
ENDPOINT = "ep-test"


@dataclass
class FakeRunPod:
    """A fake of RunPod's hosted API: its 429s, 5xx, slowness and job states cannot be had from
    the real cloud here. Each route answers from a queue of scripted responses, then a default."""

    scripts: dict[str, list[httpx.Response | Exception]] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)

    def script(self, route: str, *answers: httpx.Response | Exception) -> None:
        self.scripts.setdefault(route, []).extend(answers)

    def calls(self, route: str) -> list[httpx.Request]:
        return [r for r in self.requests if _route(r) == route]

    def bodies(self, route: str) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.calls(route)]

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        queue = self.scripts.get(_route(request), [])
        if queue:
            answer = queue.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return answer
        return httpx.Response(404, json={"error": "not scripted"})


def _route(request: httpx.Request) -> str:
    path = request.url.path.removeprefix(f"/v2/{ENDPOINT}/")
    return path.split("/", 1)[0]


def completed(job_id: str, data: dict[str, Any]) -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "id": job_id,
            "status": "COMPLETED",
            "delayTime": 12,
            "executionTime": 345,
            "output": {"success": True, "data": data, "error": None},
        },
    )


def status(job_id: str, state: str, **extra: Any) -> httpx.Response:
    return httpx.Response(200, json={"id": job_id, "status": state, **extra})


RESULT = {
    "text": "안녕하세요 고객센터입니다",
    "language": "ko",
    "language_probability": 0.99,
    "duration": 2.5,
    "task": "transcribe",
    "segments": [
        {
            "id": 0,
            "start": 0.0,
            "end": 2.5,
            "text": "안녕하세요 고객센터입니다",
            "avg_logprob": -0.2,
            "no_speech_prob": 0.01,
            "compression_ratio": 1.1,
        }
    ],
    "processing_steps": {
        "stt": True,
        "privacy_removal": False,
        "classification": False,
        "ai_agent": False,
    },
    "timings": {"download": 0.1, "decode": 0.05, "transcribe": 1.0, "total": 1.2},
    "model": "whisper-base",
    "device": "cpu",
    "compute_type": "int8",
    "batched": False,
}


@pytest.fixture
def server_settings(audio_files: AudioFiles, s3_server: S3Server) -> Settings:
    return orchestrator_settings(
        RunPodSettings(
            endpoint_id=ENDPOINT,
            base_url=FAKE_RUNPOD,
            api_key="rp-secret",
            retries=2,
            retry_backoff=0.01,
            poll_interval=0.05,
            sync_timeout=5,
        ),
        s3_server,
        audio_files,
        files=FileSettings(roots=[audio_files.root], worker_root="/runpod-volume/calls"),
    )


@pytest.fixture
def fake_runpod() -> FakeRunPod:
    return FakeRunPod()


@pytest.fixture
def make_client(
    server_settings: Settings, fake_runpod: FakeRunPod
) -> Iterator[Callable[..., TestClient]]:
    """A TestClient (lifespan run) of the app, talking to the fake RunPod."""
    clients: list[TestClient] = []

    def make(**overrides: Any) -> TestClient:
        settings = server_settings.model_copy(update=overrides)
        app = create_app(settings, transport=httpx.MockTransport(fake_runpod.handle))
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()
