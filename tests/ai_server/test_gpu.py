"""`/api/v1/gpu` and the health probes against a fake RunPod cloud."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient

from tests.ai_server.conftest import FakeRunPod, status
from tests.ai_server.test_transcriptions import envelope_error


def test_warmup_sends_warmup_jobs_without_waiting(
    client: TestClient, fake_runpod: FakeRunPod
) -> None:
    fake_runpod.script("run", status("w1", "IN_QUEUE"), status("w2", "IN_QUEUE"))
    response = client.post("/api/v1/gpu/warmup", json={"workers": 2})
    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "data": {"status": "WARMING_UP", "jobIds": ["w1", "w2"]},
        "error": None,
    }
    bodies = fake_runpod.bodies("run")
    assert [b["input"] for b in bodies] == [{"warmup": True}] * 2
    assert bodies[0]["policy"]["ttl"] == 600_000  # useless once traffic has moved on


def test_warmup_with_an_empty_body(client: TestClient, fake_runpod: FakeRunPod) -> None:
    fake_runpod.script("run", status("w1", "IN_QUEUE"))
    assert client.post("/api/v1/gpu/warmup").json()["data"]["jobIds"] == ["w1"]


def test_warmup_failure(client: TestClient, fake_runpod: FakeRunPod) -> None:
    fake_runpod.script("run", *[httpx.Response(500) for _ in range(3)])
    body = envelope_error(client.post("/api/v1/gpu/warmup", json={}), "WARMUP_FAILED", 500)
    assert body["details"] == {"cause": "UPSTREAM_UNAVAILABLE"}


def test_warmup_bounds(client: TestClient) -> None:
    envelope_error(client.post("/api/v1/gpu/warmup", json={"workers": 0}), "INVALID_REQUEST", 400)
    envelope_error(client.post("/api/v1/gpu/warmup", json={"workers": 50}), "INVALID_REQUEST", 400)


def test_gpu_status(client: TestClient, fake_runpod: FakeRunPod) -> None:
    health = {
        "jobs": {"completed": 5, "failed": 1, "inProgress": 1, "inQueue": 2, "retried": 0},
        "workers": {"idle": 0, "running": 1},
    }
    fake_runpod.script("health", httpx.Response(200, json=health))
    assert client.get("/api/v1/gpu/status").json()["data"] == health


def test_health_needs_no_upstream(client: TestClient, fake_runpod: FakeRunPod) -> None:
    body = client.get("/health").json()
    assert body["success"] is True and body["data"]["status"] == "ok"
    assert fake_runpod.requests == []


def test_ready_follows_the_upstream(client: TestClient, fake_runpod: FakeRunPod) -> None:
    fake_runpod.script("health", httpx.Response(200, json={"workers": {"idle": 1}, "jobs": {}}))
    assert client.get("/ready").json()["data"] == {
        "status": "ready",
        "endpointId": "ep-test",
        "workers": {"idle": 1},
    }
    fake_runpod.script("health", *[httpx.Response(503) for _ in range(4)])
    envelope_error(client.get("/ready"), "UPSTREAM_UNAVAILABLE", 503)


def test_openapi_documents_the_envelope_and_codes(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "ErrorBody" in spec["components"]["schemas"]
    assert "| `JOB_NOT_FOUND` | 404 |" in spec["info"]["description"]
    assert client.get("/docs").status_code == 200
