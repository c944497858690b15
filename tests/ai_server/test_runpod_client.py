"""The RunPod client against a fake RunPod cloud: retries, Retry-After, budgets, error mapping."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest

from ai_server.config import RunPodSettings
from ai_server.jobs import outcome, run_sync
from ai_server.runpod_client import RunPodClient
from ai_server.schemas import JobInfo, TranscriptionData
from shared.errors import ErrorCode, ServiceError
from shared.jobs import RunPodStatus
from tests.ai_server.conftest import ENDPOINT, FAKE_RUNPOD, RESULT, FakeRunPod, completed, status


def make_client(fake: FakeRunPod, **overrides: Any) -> RunPodClient:
    options: dict[str, Any] = {"retries": 3, "retry_backoff": 0.01, **overrides}
    settings = RunPodSettings(
        endpoint_id=ENDPOINT, base_url=FAKE_RUNPOD, api_key="rp-secret", **options
    )
    http = httpx.AsyncClient(transport=httpx.MockTransport(fake.handle))
    return RunPodClient(http, settings)


def call(coro: Any) -> Any:
    return asyncio.run(coro)


def test_run_sends_input_policy_webhook_and_key(fake_runpod: FakeRunPod) -> None:
    fake_runpod.script("run", status("j1", "IN_QUEUE"))
    job = call(make_client(fake_runpod).run({"file_path": "a.wav"}, webhook="https://x.test/h"))
    assert job.id == "j1" and job.status is RunPodStatus.IN_QUEUE
    request = fake_runpod.calls("run")[0]
    assert request.headers["authorization"] == "Bearer rp-secret"
    assert str(request.url) == f"{FAKE_RUNPOD}/{ENDPOINT}/run"
    assert fake_runpod.bodies("run")[0] == {
        "input": {"file_path": "a.wav"},
        "policy": {"executionTimeout": 900_000},
        "webhook": "https://x.test/h",
    }


def test_429_then_success_honours_retry_after(fake_runpod: FakeRunPod) -> None:
    fake_runpod.script(
        "status",
        httpx.Response(429, headers={"Retry-After": "0.3"}, json={"error": "slow down"}),
        status("j1", "IN_PROGRESS"),
    )
    started = time.monotonic()
    job = call(make_client(fake_runpod).status("j1"))
    elapsed = time.monotonic() - started
    assert job.status is RunPodStatus.IN_PROGRESS
    assert len(fake_runpod.calls("status")) == 2
    assert elapsed >= 0.3  # waited as told, not the 10 ms backoff


def test_429_with_a_long_retry_after_is_rate_limited_at_once(fake_runpod: FakeRunPod) -> None:
    fake_runpod.script("status", httpx.Response(429, headers={"Retry-After": "120"}))
    with pytest.raises(ServiceError) as info:
        call(make_client(fake_runpod).status("j1"))
    assert info.value.code is ErrorCode.RATE_LIMITED
    assert info.value.details == {"reason": "upstream_rate_limited", "retryAfter": 120.0}
    assert len(fake_runpod.calls("status")) == 1


def test_429_every_time_is_rate_limited(fake_runpod: FakeRunPod) -> None:
    fake_runpod.script("health", *[httpx.Response(429) for _ in range(4)])
    with pytest.raises(ServiceError) as info:
        call(make_client(fake_runpod).health())
    assert info.value.code is ErrorCode.RATE_LIMITED
    assert len(fake_runpod.calls("health")) == 4


def test_500_three_times_is_upstream_unavailable(fake_runpod: FakeRunPod) -> None:
    fake_runpod.script("run", *[httpx.Response(500) for _ in range(3)])
    with pytest.raises(ServiceError) as info:
        call(make_client(fake_runpod, retries=2).run({"file_path": "a.wav"}))
    assert info.value.code is ErrorCode.UPSTREAM_UNAVAILABLE
    assert info.value.code.http_status == 503
    assert len(fake_runpod.calls("run")) == 3


def test_connection_errors_are_retried(fake_runpod: FakeRunPod) -> None:
    request = httpx.Request("GET", FAKE_RUNPOD)
    fake_runpod.script(
        "health",
        httpx.ConnectError("refused", request=request),
        httpx.Response(502),
        httpx.Response(200, json={"workers": {"idle": 1}, "jobs": {}}),
    )
    assert call(make_client(fake_runpod).health())["workers"] == {"idle": 1}
    assert len(fake_runpod.calls("health")) == 3


@pytest.mark.parametrize("code", [400, 404, 409, 422])
def test_other_4xx_are_not_retried(fake_runpod: FakeRunPod, code: int) -> None:
    fake_runpod.script("run", httpx.Response(code, json={"error": "bad"}))
    with pytest.raises(ServiceError) as info:
        call(make_client(fake_runpod).run({"file_path": "a.wav"}))
    assert info.value.code is ErrorCode.UPSTREAM_UNAVAILABLE
    assert len(fake_runpod.calls("run")) == 1


def test_wrong_runpod_key_is_not_retried(fake_runpod: FakeRunPod) -> None:
    fake_runpod.script("health", httpx.Response(401))
    with pytest.raises(ServiceError) as info:
        call(make_client(fake_runpod).health())
    assert info.value.code is ErrorCode.UPSTREAM_UNAVAILABLE
    assert info.value.details == {"reason": "upstream_auth"}


def test_unknown_job_is_job_not_found(fake_runpod: FakeRunPod) -> None:
    fake_runpod.script("status", httpx.Response(404, json={"error": "job not found"}))
    with pytest.raises(ServiceError) as info:
        call(make_client(fake_runpod).status("nope"))
    assert info.value.code is ErrorCode.JOB_NOT_FOUND


def test_runsync_is_never_retried(fake_runpod: FakeRunPod) -> None:
    """A retried runsync would queue the audio twice."""
    fake_runpod.script("runsync", httpx.Response(503))
    with pytest.raises(ServiceError) as info:
        call(make_client(fake_runpod).runsync({"file_path": "a.wav"}, wait=5))
    assert info.value.code is ErrorCode.UPSTREAM_UNAVAILABLE
    assert len(fake_runpod.calls("runsync")) == 1
    assert fake_runpod.calls("runsync")[0].url.params["wait"] == "5000"


def test_payload_limits_are_checked_before_sending(fake_runpod: FakeRunPod) -> None:
    big = {"audio_base64": "A" * (10 * 1024 * 1024)}
    with pytest.raises(ServiceError) as info:
        call(make_client(fake_runpod).run(big))
    assert info.value.code is ErrorCode.PAYLOAD_TOO_LARGE
    assert fake_runpod.requests == []


def test_slow_upstream_times_out_within_the_budget(fake_runpod: FakeRunPod) -> None:
    request = httpx.Request("GET", FAKE_RUNPOD)
    fake_runpod.script("status", *[httpx.ReadTimeout("slow", request=request) for _ in range(4)])
    with pytest.raises(ServiceError) as info:
        call(make_client(fake_runpod).status("j1", budget=1.0))
    assert info.value.code is ErrorCode.TIMEOUT


# --- sync waiting and outcomes ---------------------------------------------------------------


def test_sync_polls_until_completed(fake_runpod: FakeRunPod) -> None:
    fake_runpod.script("runsync", status("j1", "IN_QUEUE"))
    fake_runpod.script("status", status("j1", "IN_PROGRESS"), completed("j1", RESULT))
    result = call(run_sync(make_client(fake_runpod), {"file_path": "a.wav"}, 5, 0.01))
    assert isinstance(result, TranscriptionData)
    assert result.job_id == "j1" and result.text == RESULT["text"]


def test_sync_timeout_answers_with_the_job_id(fake_runpod: FakeRunPod) -> None:
    fake_runpod.script("runsync", status("j-slow", "IN_PROGRESS"))
    fake_runpod.script("status", *[status("j-slow", "IN_PROGRESS") for _ in range(100)])
    with pytest.raises(ServiceError) as info:
        call(run_sync(make_client(fake_runpod), {"file_path": "a.wav"}, 0.3, 0.05))
    assert info.value.code is ErrorCode.TIMEOUT
    assert info.value.details == {"jobId": "j-slow", "status": "IN_PROGRESS"}


def test_failed_job_comes_back_with_the_worker_code(fake_runpod: FakeRunPod) -> None:
    error = '{"code":"UNSUPPORTED_FORMAT","message":"The file has no audio stream."}'
    job = call(_status_of(fake_runpod, status("j1", "FAILED", error=error)))
    with pytest.raises(ServiceError) as info:
        outcome(job)
    assert info.value.code is ErrorCode.UNSUPPORTED_FORMAT
    assert info.value.message == "The file has no audio stream."
    assert info.value.details == {"jobId": "j1", "status": "FAILED"}


def test_sdk_traceback_errors_do_not_leak(fake_runpod: FakeRunPod) -> None:
    error = '{"error_type": "RuntimeError", "error_traceback": "Traceback (most recent..."}'
    job = call(_status_of(fake_runpod, status("j1", "FAILED", error=error)))
    with pytest.raises(ServiceError) as info:
        outcome(job)
    assert info.value.code is ErrorCode.STT_FAILURE
    assert "Traceback" not in info.value.message


def test_timed_out_and_cancelled_jobs(fake_runpod: FakeRunPod) -> None:
    job = call(_status_of(fake_runpod, status("j1", "TIMED_OUT")))
    with pytest.raises(ServiceError) as info:
        outcome(job)
    assert info.value.code is ErrorCode.TIMEOUT
    cancelled = outcome(call(_status_of(fake_runpod, status("j2", "CANCELLED"))))
    assert isinstance(cancelled, JobInfo) and cancelled.status == "CANCELLED"
    queued = outcome(call(_status_of(fake_runpod, status("j3", "IN_QUEUE", delayTime=5))))
    assert isinstance(queued, JobInfo) and queued.status == "QUEUED"


async def _status_of(fake: FakeRunPod, answer: httpx.Response) -> Any:
    fake.script("status", answer)
    return await make_client(fake).status("j")


def test_runsync_may_wait_longer_than_an_ordinary_call(fake_runpod: FakeRunPod) -> None:
    """runsync's read timeout is its wait plus the request timeout, whatever the default
    budget of other calls: a slow runsync must come back with its job id, not a TIMEOUT."""

    async def slow_runsync(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.5)
        return status("j-long", "IN_PROGRESS")

    settings = RunPodSettings(
        endpoint_id=ENDPOINT, base_url=FAKE_RUNPOD, request_timeout=0.2, retries=0
    )
    client = RunPodClient(httpx.AsyncClient(transport=httpx.MockTransport(slow_runsync)), settings)
    job = call(client.runsync({"file_path": "a.wav"}, wait=1))
    assert job.id == "j-long"
