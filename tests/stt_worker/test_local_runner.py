"""The local RunPod endpoint, served for real with uvicorn on loopback, running the real handler
on the real model: driven by the runpod SDK, by plain HTTP, and calling a real webhook server."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

import httpx
import pytest

from shared.envelope import ErrorBody
from shared.errors import ErrorCode
from stt_worker.handler import handle
from stt_worker.local_runner import LocalEndpoint, RunnerSettings, create_runner_app
from stt_worker.pipeline import Pipeline
from tests.conftest import AudioFiles, serving, serving_http

FINAL = {"COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT"}


# --- serving the runner ----------------------------------------------------------------------


@dataclass
class Runner:
    root: str
    """`http://127.0.0.1:<port>/v2`, what the runpod SDK calls `endpoint_url_base`."""
    client: httpx.Client
    """A client whose base URL is the `local` endpoint."""
    endpoint: LocalEndpoint

    def run(self, job_input: dict[str, Any], **extra: Any) -> str:
        response = self.client.post("/run", json={"input": job_input, **extra})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["status"] == "IN_QUEUE"
        job_id: str = body["id"]
        return job_id

    def status(self, job_id: str) -> dict[str, Any]:
        response = self.client.get(f"/status/{job_id}")
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def wait_final(self, job_id: str, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while (body := self.status(job_id))["status"] not in FINAL:
            assert time.monotonic() < deadline, f"job {job_id} still {body['status']}"
            time.sleep(0.05)
        return body

    def health(self) -> dict[str, Any]:
        response = self.client.get("/health")
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def wait_idle(self) -> dict[str, Any]:
        """Wait until no handler thread runs and nothing is queued; answers the health."""
        wait_until(lambda: self.health()["workers"]["running"] == 0)
        health = self.health()
        assert health["jobs"]["inQueue"] == 0
        return health


def wait_until(predicate: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


@pytest.fixture
def start_runner(pipeline: Pipeline) -> Iterator[Callable[..., Runner]]:
    """Start a runner (the real handler on the test pipeline unless given another handler)."""
    with ExitStack() as stack:

        def start(
            handler: Callable[[dict[str, Any]], Any] | None = None, **settings: Any
        ) -> Runner:
            if handler is None:

                def handler(job: dict[str, Any]) -> dict[str, Any]:
                    return handle(job, pipeline)

            app = create_runner_app(RunnerSettings(**settings), handler)
            root = stack.enter_context(serving(app)) + "/v2"
            headers = {}
            if settings.get("api_key"):
                headers["Authorization"] = f"Bearer {settings['api_key']}"
            client = stack.enter_context(
                httpx.Client(base_url=f"{root}/local", headers=headers, timeout=30)
            )
            return Runner(root, client, app.state.endpoint)

        yield start


class GatedHandler:
    """The real handler behind a gate: each job waits until the test opens the gate.

    Not a fake: it lets a test hold a job IN_PROGRESS (and the jobs behind it IN_QUEUE) for as
    long as it needs, then the real handler runs the job. It records which jobs reached it.
    """

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        self.gate = threading.Event()
        self.received: list[str] = []
        self.returned: list[str] = []

    def __call__(self, job: dict[str, Any]) -> dict[str, Any]:
        self.received.append(job["id"])
        self.gate.wait(timeout=60)
        try:
            return handle(job, self.pipeline)
        finally:
            self.returned.append(job["id"])


@pytest.fixture
def gated(start_runner: Callable[..., Runner], pipeline: Pipeline) -> Iterator[GatedHandler]:
    # Set up after `start_runner`, so torn down before it: the gate opens, and held jobs finish
    # (and remove their temporary directories) before the servers stop.
    handler = GatedHandler(pipeline)
    yield handler
    handler.gate.set()


@pytest.fixture
def en_input(audio_files: AudioFiles) -> dict[str, Any]:
    return {"file_path": str(audio_files["en.wav"]), "language": "en"}


FORBIDDEN_INPUT = {"file_path": "/etc/passwd"}


def assert_transcript(output: dict[str, Any]) -> None:
    assert output["success"] is True, output
    assert "customer support" in output["data"]["text"].lower()


# --- the runpod SDK --------------------------------------------------------------------------


def test_the_runpod_sdk_runs_jobs_on_it(
    start_runner: Callable[..., Runner], en_input: dict[str, Any]
) -> None:
    import runpod

    runner = start_runner(api_key="test-key")
    saved = runpod.api_key, runpod.endpoint_url_base
    runpod.api_key, runpod.endpoint_url_base = "test-key", runner.root
    try:
        endpoint = runpod.Endpoint("local")
        try:
            assert_transcript(endpoint.run_sync({"input": en_input}, timeout=120))

            job = endpoint.run({"input": en_input})
            assert job.job_id.startswith("local-")
            assert job.status() in {"IN_QUEUE", "IN_PROGRESS", "COMPLETED"}
            assert_transcript(job.output(timeout=120))
            assert job.status() == "COMPLETED"

            health = endpoint.health()
            assert health["jobs"]["completed"] == 2
            assert endpoint.purge_queue() == {"removed": 0, "status": "completed"}
        finally:
            endpoint.rp_client.rp_session.close()
    finally:
        runpod.api_key, runpod.endpoint_url_base = saved


# --- jobs over HTTP --------------------------------------------------------------------------


def test_a_job_runs_to_completed_with_runpods_status_object(
    start_runner: Callable[..., Runner], en_input: dict[str, Any]
) -> None:
    runner = start_runner()
    job_id = runner.run(en_input)
    body = runner.wait_final(job_id)
    assert set(body) == {"id", "status", "delayTime", "executionTime", "output"}
    assert body["id"] == job_id
    assert body["status"] == "COMPLETED"
    assert body["executionTime"] > 0
    assert body["delayTime"] >= 0
    assert_transcript(body["output"])
    # As the runpod SDK does, `error` is taken out of the handler's answer.
    assert "error" not in body["output"]
    # Also readable with POST, as on RunPod.
    assert runner.client.post(f"/status/{job_id}").json() == body
    health = runner.wait_idle()
    assert health["jobs"] == {
        "completed": 1,
        "failed": 0,
        "inProgress": 0,
        "inQueue": 0,
        "retried": 0,
    }
    assert health["workers"] == {"idle": 1, "running": 0}


def test_a_bad_input_fails_with_the_workers_error_code(start_runner: Callable[..., Runner]) -> None:
    runner = start_runner()
    body = runner.wait_final(runner.run(FORBIDDEN_INPUT))
    assert body["status"] == "FAILED"
    assert "output" not in body
    assert isinstance(body["error"], str)
    assert json.loads(body["error"])["code"] == "FORBIDDEN_PATH"
    assert ErrorBody.from_worker_error(body["error"]).code is ErrorCode.FORBIDDEN_PATH
    assert runner.health()["jobs"]["failed"] == 1


def test_a_raising_handler_fails_the_job_without_a_traceback(
    start_runner: Callable[..., Runner],
) -> None:
    def raising_handler(job: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("disk on fire")

    runner = start_runner(handler=raising_handler)
    body = runner.wait_final(runner.run({"anything": 1}))
    assert body["status"] == "FAILED"
    assert json.loads(body["error"]) == {
        "error_type": "<class 'RuntimeError'>",
        "error_message": "disk on fire",
    }
    assert "Traceback" not in body["error"]
    assert ErrorBody.from_worker_error(body["error"]).code is ErrorCode.STT_FAILURE


def test_jobs_run_concurrently_up_to_the_concurrency(
    start_runner: Callable[..., Runner], gated: GatedHandler, en_input: dict[str, Any]
) -> None:
    runner = start_runner(handler=gated, concurrency=2)
    first, second, third = (runner.run(en_input) for _ in range(3))
    wait_until(lambda: len(gated.received) == 2)
    health = runner.health()
    assert health["workers"] == {"idle": 0, "running": 2}
    assert health["jobs"]["inProgress"] == 2
    assert health["jobs"]["inQueue"] == 1
    assert runner.client.post(f"/cancel/{third}").json() == {"id": third, "status": "CANCELLED"}
    gated.gate.set()
    for job_id in (first, second):
        body = runner.wait_final(job_id)
        assert body["status"] == "COMPLETED"
        assert_transcript(body["output"])
    runner.wait_idle()
    assert sorted(gated.received) == sorted([first, second])


# --- cancel, purge, timeouts -----------------------------------------------------------------


def test_a_cancelled_queued_job_never_runs(
    start_runner: Callable[..., Runner], gated: GatedHandler, en_input: dict[str, Any]
) -> None:
    runner = start_runner(handler=gated)
    first = runner.run(en_input)
    second = runner.run(en_input)
    wait_until(lambda: gated.received == [first])
    health = runner.health()
    assert health["jobs"]["inProgress"] == 1
    assert health["jobs"]["inQueue"] == 1
    assert health["workers"] == {"idle": 0, "running": 1}
    assert runner.status(first)["status"] == "IN_PROGRESS"
    assert runner.status(second)["status"] == "IN_QUEUE"

    response = runner.client.post(f"/cancel/{second}")
    assert response.status_code == 200
    assert response.json() == {"id": second, "status": "CANCELLED"}
    cancelled = runner.status(second)
    assert cancelled["status"] == "CANCELLED"
    assert cancelled["executionTime"] == 0
    assert "output" not in cancelled
    assert "error" not in cancelled

    gated.gate.set()
    assert_transcript(runner.wait_final(first)["output"])
    # Cancelling a finished job changes nothing.
    assert runner.client.post(f"/cancel/{first}").json() == {"id": first, "status": "COMPLETED"}
    health = runner.wait_idle()
    assert gated.received == [first]
    assert runner.status(second)["status"] == "CANCELLED"
    assert health["jobs"]["completed"] == 1
    assert health["jobs"]["failed"] == 0


def test_a_cancelled_running_job_discards_its_result(
    start_runner: Callable[..., Runner], gated: GatedHandler
) -> None:
    runner = start_runner(handler=gated)
    job_id = runner.run(FORBIDDEN_INPUT)
    wait_until(lambda: gated.received == [job_id])
    assert runner.client.post(f"/cancel/{job_id}").json() == {"id": job_id, "status": "CANCELLED"}
    gated.gate.set()
    wait_until(lambda: gated.returned == [job_id])
    health = runner.wait_idle()
    body = runner.status(job_id)
    assert body["status"] == "CANCELLED"
    assert "error" not in body
    assert health["jobs"]["failed"] == 0


def test_purge_queue_cancels_every_queued_job(
    start_runner: Callable[..., Runner], gated: GatedHandler
) -> None:
    runner = start_runner(handler=gated)
    running, *queued = (runner.run(FORBIDDEN_INPUT) for _ in range(3))
    wait_until(lambda: gated.received == [running])
    response = runner.client.post("/purge-queue")
    assert response.json() == {"removed": 2, "status": "completed"}
    assert [runner.status(job_id)["status"] for job_id in queued] == ["CANCELLED"] * 2
    assert runner.status(running)["status"] == "IN_PROGRESS"
    gated.gate.set()
    assert runner.wait_final(running)["status"] == "FAILED"
    runner.wait_idle()
    assert gated.received == [running]


def test_a_job_past_its_execution_timeout_is_timed_out(
    start_runner: Callable[..., Runner], gated: GatedHandler
) -> None:
    runner = start_runner(handler=gated)
    job_id = runner.run(FORBIDDEN_INPUT, policy={"executionTimeout": 200})
    body = runner.wait_final(job_id, timeout=10)
    assert body["status"] == "TIMED_OUT"
    assert "executionTimeout" in body["error"]
    assert body["executionTime"] >= 200
    # The thread still holds its worker until it returns; its late result is discarded.
    assert runner.health()["workers"]["running"] == 1
    gated.gate.set()
    health = runner.wait_idle()
    assert runner.status(job_id)["status"] == "TIMED_OUT"
    assert health["jobs"]["failed"] == 1


def test_a_job_queued_past_its_ttl_is_timed_out_without_running(
    start_runner: Callable[..., Runner], gated: GatedHandler
) -> None:
    runner = start_runner(handler=gated)
    first = runner.run(FORBIDDEN_INPUT)
    second = runner.run(FORBIDDEN_INPUT, policy={"ttl": 100})
    wait_until(lambda: gated.received == [first])
    time.sleep(0.2)
    assert runner.status(second)["status"] == "TIMED_OUT"
    gated.gate.set()
    runner.wait_idle()
    assert gated.received == [first]


def test_runsync_answers_a_final_job_or_its_current_status(
    start_runner: Callable[..., Runner], gated: GatedHandler
) -> None:
    runner = start_runner(handler=gated)
    response = runner.client.post(
        "/runsync", params={"wait": 1000}, json={"input": FORBIDDEN_INPUT}
    )
    assert response.status_code == 200
    pending = response.json()
    assert set(pending) == {"id", "status"}
    assert pending["status"] == "IN_PROGRESS"
    gated.gate.set()
    assert runner.wait_final(pending["id"])["status"] == "FAILED"

    done = runner.client.post("/runsync", json={"input": FORBIDDEN_INPUT}).json()
    assert done["status"] == "FAILED"
    assert ErrorBody.from_worker_error(done["error"]).code is ErrorCode.FORBIDDEN_PATH
    assert set(done) == {"id", "status", "delayTime", "executionTime", "error"}

    for wait in ("999", "300001", "soon"):
        response = runner.client.post(
            "/runsync", params={"wait": wait}, json={"input": FORBIDDEN_INPUT}
        )
        assert response.status_code == 400
        assert "wait" in response.json()["error"]


# --- retention, errors, auth -----------------------------------------------------------------


def test_finished_jobs_are_forgotten_after_their_retention(
    start_runner: Callable[..., Runner],
) -> None:
    runner = start_runner(retention_seconds=0.3, runsync_retention_seconds=0.3)
    job_id = runner.run(FORBIDDEN_INPUT)
    assert runner.wait_final(job_id)["status"] == "FAILED"
    synced = runner.client.post("/runsync", json={"input": FORBIDDEN_INPUT}).json()
    assert runner.status(synced["id"])["status"] == "FAILED"
    time.sleep(0.4)
    for gone in (job_id, synced["id"]):
        response = runner.client.get(f"/status/{gone}")
        assert response.status_code == 404
        assert response.json() == {"error": "job not found"}


def test_runsync_jobs_are_kept_for_their_own_retention(
    start_runner: Callable[..., Runner],
) -> None:
    runner = start_runner(retention_seconds=60, runsync_retention_seconds=0.2)
    ran = runner.wait_final(runner.run(FORBIDDEN_INPUT))
    synced = runner.client.post("/runsync", json={"input": FORBIDDEN_INPUT}).json()
    time.sleep(0.3)
    assert runner.client.get(f"/status/{synced['id']}").status_code == 404
    assert runner.status(ran["id"])["status"] == "FAILED"


def test_unknown_jobs_endpoints_and_bad_requests(start_runner: Callable[..., Runner]) -> None:
    runner = start_runner()
    client = runner.client
    for method, path in [("GET", "/status/nope"), ("POST", "/status/nope"), ("POST", "/cancel/x")]:
        response = client.request(method, path)
        assert response.status_code == 404
        assert response.json() == {"error": "job not found"}
    for path in ["/health", "/run", "/status/x"]:
        response = httpx.request(
            "GET" if path == "/health" else "POST", f"{runner.root}/other{path}", json={}
        )
        assert response.status_code == 404
        assert response.json() == {"error": "endpoint not found"}

    bad_bodies: list[dict[str, Any]] = [
        {"content": b"not json"},
        {"json": ["input"]},
        {"json": {}},
        {"json": {"input": "file.wav"}},
        {"json": {"input": {}, "webhook": "ftp://example.com/hook"}},
        {"json": {"input": {}, "policy": {"executionTimeout": 0}}},
        {"json": {"input": {}, "policy": {"ttl": "soon"}}},
    ]
    for kwargs in bad_bodies:
        response = client.post("/run", **kwargs)
        assert response.status_code == 400, kwargs
        assert isinstance(response.json()["error"], str)
    assert runner.health()["jobs"]["inQueue"] == 0
    # RunPod clients may send `"policy": null` or RunPod keys this runner does not use.
    for policy in (None, {"lowPriority": True}):
        response = client.post("/run", json={"input": FORBIDDEN_INPUT, "policy": policy})
        assert response.status_code == 200, response.text
        assert runner.wait_final(response.json()["id"])["status"] == "FAILED"


def test_the_api_key_is_required_when_configured(start_runner: Callable[..., Runner]) -> None:
    runner = start_runner(api_key="s3cret")
    assert runner.client.get("/health").status_code == 200
    for headers in [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}]:
        for method, url in [
            ("GET", f"{runner.root}/local/health"),
            ("POST", f"{runner.root}/local/run"),
            ("GET", f"{runner.root}/other/health"),
        ]:
            response = httpx.request(method, url, headers=headers, json={"input": {}})
            assert response.status_code == 401, (headers, url)
            assert response.json() == {"error": "unauthorized"}
    assert runner.health()["jobs"]["inQueue"] == 0


def test_without_an_api_key_any_caller_is_accepted(start_runner: Callable[..., Runner]) -> None:
    runner = start_runner()
    response = httpx.get(
        f"{runner.root}/local/health", headers={"Authorization": "Bearer whatever"}
    )
    assert response.status_code == 200


# --- webhooks --------------------------------------------------------------------------------


@dataclass
class WebhookServer:
    base_url: str
    received: dict[str, list[Any]] = field(default_factory=dict)


class _WebhookHandler(BaseHTTPRequestHandler):
    """Records POSTed JSON per path. `/flaky` answers 500 the first time, `/down` always."""

    received: dict[str, list[Any]]

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        calls = self.received.setdefault(self.path, [])
        calls.append(body)
        status = 500 if self.path == "/down" or len(calls) == 1 else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def webhook_server() -> Iterator[WebhookServer]:
    received: dict[str, list[Any]] = {}
    handler = type("Handler", (_WebhookHandler,), {"received": received})
    with serving_http(handler) as url:
        yield WebhookServer(url, received)


def test_webhooks_get_the_final_status_and_are_retried(
    start_runner: Callable[..., Runner], webhook_server: WebhookServer
) -> None:
    runner = start_runner(webhook_retry_delay=0.05)
    received = webhook_server.received
    flaky = runner.run(FORBIDDEN_INPUT, webhook=f"{webhook_server.base_url}/flaky")
    down = runner.run(FORBIDDEN_INPUT, webhook=f"{webhook_server.base_url}/down")
    wait_until(lambda: len(received.get("/flaky", [])) == 2 and len(received.get("/down", [])) == 3)
    time.sleep(0.3)  # no further attempts
    assert len(received["/flaky"]) == 2
    assert len(received["/down"]) == 3
    final = runner.status(flaky)
    assert final["status"] == "FAILED"
    assert received["/flaky"] == [final, final]
    # A webhook that never takes the call does not change the job.
    assert received["/down"] == [runner.status(down)] * 3
    assert runner.status(down)["status"] == "FAILED"
