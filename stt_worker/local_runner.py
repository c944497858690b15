"""A local stand-in for RunPod's hosted serverless API (v2), for one endpoint, running the real
handler: the whole platform runs on a laptop.

RunPod's own local test API (`python -m stt_worker.handler --rp_serve_api`) cannot stand in for
the hosted one: its `/run` does not run jobs, it has no cancel or health routes, and it fails
with more than one job at a time. This server speaks the hosted routes and job states with a real
queue and `concurrency` workers, execution timeouts, queue ttl, retention, cancellation and
webhooks:

    python -m stt_worker.local_runner --port 8001 --endpoint-id local

Then point any RunPod client at `http://127.0.0.1:8001/v2`, e.g. the runpod SDK with
`RUNPOD_ENDPOINT_BASE_URL=http://127.0.0.1:8001/v2` and `runpod.Endpoint("local")`.

Routes (under `/v2/{endpoint_id}`): `POST /run`, `POST /runsync?wait=ms`,
`GET|POST /status/{job_id}`, `POST /cancel/{job_id}`, `POST /purge-queue`, `GET /health`.

Where the hosted service is richer, this one is simpler: `policy.ttl` bounds only the time a job
waits in the queue, there is no `/stream`, and nothing is retried (`retried` is always 0). A
handler thread cannot be killed: a job cancelled or timed out while running is final at once,
its late result is discarded, and its worker slot frees when the thread returns.
"""

from __future__ import annotations

import argparse
import asyncio
import hmac
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.jobs import HttpUrl, RunPodStatus

logger = logging.getLogger(__name__)

JobHandler = Callable[[dict[str, Any]], dict[str, Any]]
"""A RunPod handler: takes `{"id", "input"}` and returns the job's output (or `{"error"}`)."""

DEFAULT_EXECUTION_TIMEOUT_MS = 600_000
DEFAULT_TTL_MS = 24 * 3600 * 1000
DEFAULT_RUNSYNC_WAIT_MS = 90_000
RUNSYNC_WAIT_RANGE_MS = (1_000, 300_000)
WEBHOOK_TIMEOUT_SECONDS = 10.0
_MAX_POLICY_MS = 7 * 24 * 3600 * 1000
_SWEEP_INTERVAL_SECONDS = 10.0
_SHUTDOWN_GRACE_SECONDS = 10.0


class RunnerSettings(BaseSettings):
    """How the local runner serves its endpoint, read from `RUNNER_*` environment variables."""

    model_config = SettingsConfigDict(env_prefix="RUNNER_", extra="ignore")

    endpoint_id: str = Field("local", min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.\-]+$")
    """The one endpoint id served; any other id answers 404."""
    concurrency: int = Field(1, ge=1, le=64)
    """Jobs run at once (worker tasks, and handler threads)."""
    api_key: SecretStr | None = None
    """When set, every request needs `Authorization: Bearer <api_key>`; when unset, none does."""
    retention_seconds: float = Field(1800.0, gt=0)
    """How long a finished `/run` job stays readable before its id answers 404."""
    runsync_retention_seconds: float = Field(60.0, gt=0)
    """How long a finished `/runsync` job stays readable (RunPod keeps those for a minute)."""
    webhook_retries: int = Field(2, ge=0, le=10)
    """Extra webhook attempts after a non-200 answer or a connection error."""
    webhook_retry_delay: float = Field(10.0, ge=0)
    """Seconds between webhook attempts."""
    host: str = "127.0.0.1"
    port: int = Field(8001, ge=1, le=65535)


# --- requests --------------------------------------------------------------------------------


class RunPolicy(BaseModel):
    """A job's `policy`, in milliseconds as RunPod takes it; other RunPod keys are ignored."""

    model_config = ConfigDict(extra="ignore")

    execution_timeout: int = Field(
        DEFAULT_EXECUTION_TIMEOUT_MS, alias="executionTimeout", gt=0, le=_MAX_POLICY_MS
    )
    """How long the handler may run before the job is TIMED_OUT."""
    ttl: int = Field(DEFAULT_TTL_MS, gt=0, le=_MAX_POLICY_MS)
    """How long the job may wait in the queue before it is TIMED_OUT without running."""


class RunRequest(BaseModel):
    """The body of `/run` and `/runsync`."""

    model_config = ConfigDict(extra="ignore")

    input: dict[str, Any]
    """What the handler gets as the job's `input`."""
    webhook: HttpUrl | None = None
    """An http(s) URL that gets the final status object, POSTed as JSON."""
    policy: RunPolicy = Field(default_factory=RunPolicy)

    @field_validator("policy", mode="before")
    @classmethod
    def _null_policy(cls, value: Any) -> Any:
        return {} if value is None else value


class _ApiError(Exception):
    def __init__(self, status_code: int, message: str):
        super().__init__(message)
        self.status_code = status_code
        self.message = message


async def _read_run_request(request: Request) -> RunRequest:
    try:
        body = await request.json()
    except ValueError as exc:
        raise _ApiError(400, "the request body must be a JSON object") from exc
    if not isinstance(body, dict):
        raise _ApiError(400, "the request body must be a JSON object")
    if not isinstance(body.get("input"), dict):
        raise _ApiError(400, "'input' is required and must be a JSON object")
    try:
        return RunRequest.model_validate(body)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
            for e in exc.errors(include_url=False, include_input=False)
        )
        raise _ApiError(400, f"invalid request: {problems}") from exc


def _runsync_wait_seconds(request: Request) -> float:
    raw = request.query_params.get("wait")
    if raw is None:
        return DEFAULT_RUNSYNC_WAIT_MS / 1000
    low, high = RUNSYNC_WAIT_RANGE_MS
    try:
        wait_ms = int(raw)
    except ValueError:
        wait_ms = -1
    if not low <= wait_ms <= high:
        raise _ApiError(400, f"'wait' must be a whole number of milliseconds from {low} to {high}")
    return wait_ms / 1000


# --- jobs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Outcome:
    status: RunPodStatus
    output: Any = None
    error: str | None = None


def _outcome_of(result: Any) -> _Outcome:
    """Map a handler's return value onto a job state, as the runpod SDK's `run_job` does."""
    if not isinstance(result, dict):
        return _Outcome(RunPodStatus.COMPLETED, output=result)
    output = dict(result)
    error = output.pop("error", None)
    output.pop("refresh_worker", None)
    if error:
        message = error if isinstance(error, str) else json.dumps(error, default=str)
        return _Outcome(RunPodStatus.FAILED, error=message)
    return _Outcome(RunPodStatus.COMPLETED, output=output or None)


def _exception_error(exc: Exception) -> str:
    # The SDK's error JSON, without the traceback (that stays in the log).
    return json.dumps({"error_type": str(type(exc)), "error_message": str(exc)})


def _call_handler(handler: JobHandler, job: dict[str, Any]) -> _Outcome:
    """Run the handler for one job in a worker thread; never raises."""
    try:
        outcome = _outcome_of(handler(job))
        # The answer must be JSON, as the SDK checks before sending it back.
        json.dumps(outcome.output, allow_nan=False)
    except Exception as exc:
        logger.exception("job %s: the handler raised", job["id"])
        return _Outcome(RunPodStatus.FAILED, error=_exception_error(exc))
    return outcome


@dataclass(eq=False)
class LocalJob:
    """One job of the endpoint and its timeline (monotonic seconds)."""

    id: str
    input: dict[str, Any]
    webhook: str | None
    execution_timeout: float
    """Seconds the handler may run."""
    ttl: float
    """Seconds the job may wait in the queue."""
    retention: float
    """Seconds the job stays readable once final."""
    submitted_at: float
    status: RunPodStatus = RunPodStatus.IN_QUEUE
    started_at: float | None = None
    finished_at: float | None = None
    output: Any = None
    error: str | None = None
    finished: asyncio.Event = field(default_factory=asyncio.Event)

    def delay_ms(self, now: float) -> int:
        """Milliseconds queued before the job started (or until now, or until it ended)."""
        end = next(t for t in (self.started_at, self.finished_at, now) if t is not None)
        return max(0, round((end - self.submitted_at) * 1000))

    def execution_ms(self, now: float) -> int:
        """Milliseconds the handler has run for this job (0 when it never started)."""
        if self.started_at is None:
            return 0
        end = self.finished_at if self.finished_at is not None else now
        return max(0, round((end - self.started_at) * 1000))

    def brief(self) -> dict[str, Any]:
        """`{"id", "status"}`."""
        return {"id": self.id, "status": self.status.value}

    def body(self, now: float) -> dict[str, Any]:
        """The status object RunPod answers for this job.

        Args:
            now: The current `time.monotonic()`.

        Returns:
            `{"id", "status", "delayTime", "executionTime"}`, plus `output` when COMPLETED and
            `error` when FAILED or TIMED_OUT.
        """
        body: dict[str, Any] = {
            **self.brief(),
            "delayTime": self.delay_ms(now),
            "executionTime": self.execution_ms(now),
        }
        if self.status is RunPodStatus.COMPLETED and self.output is not None:
            body["output"] = self.output
        if self.status in (RunPodStatus.FAILED, RunPodStatus.TIMED_OUT):
            body["error"] = self.error
        return body


class LocalEndpoint:
    """The queue, workers and job table of one endpoint.

    Every state change happens on the event loop; only the handler runs in threads.

    Args:
        settings: The runner settings.
        handler: Called in a worker thread with `{"id": job_id, "input": input}` for each job.
    """

    def __init__(self, settings: RunnerSettings, handler: JobHandler):
        self.settings = settings
        self._handler = handler
        self._jobs: dict[str, LocalJob] = {}
        self._queue: asyncio.Queue[LocalJob] | None = None
        self._workers: list[asyncio.Task[None]] = []
        self._sweeper: asyncio.Task[None] | None = None
        self._webhooks: set[asyncio.Task[None]] = set()
        self._inflight: set[asyncio.Future[_Outcome]] = set()
        self._executor: ThreadPoolExecutor | None = None
        self._http: httpx.AsyncClient | None = None
        self._closing = False
        self._busy = 0
        self._completed = 0
        self._failed = 0

    # --- lifecycle ---

    async def start(self) -> None:
        """Start the worker tasks, the retention sweeper and the webhook client."""
        concurrency = self.settings.concurrency
        self._queue = asyncio.Queue()
        self._executor = ThreadPoolExecutor(concurrency, thread_name_prefix="local-runner-job")
        self._http = httpx.AsyncClient(timeout=WEBHOOK_TIMEOUT_SECONDS)
        self._workers = [
            asyncio.create_task(self._work(), name=f"local-runner-worker-{n}")
            for n in range(concurrency)
        ]
        self._sweeper = asyncio.create_task(self._sweep_forever(), name="local-runner-sweeper")
        logger.info("endpoint %r ready with %d worker(s)", self.settings.endpoint_id, concurrency)

    async def stop(self) -> None:
        """Stop taking jobs, give running handlers a short grace, and release everything.

        Jobs still queued stay IN_QUEUE; a handler thread still running after the grace
        cannot be killed and finishes on its own.
        """
        self._closing = True
        inflight = set(self._inflight)
        tasks = [*self._workers, *([self._sweeper] if self._sweeper else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if inflight:
            _, pending = await asyncio.wait(inflight, timeout=_SHUTDOWN_GRACE_SECONDS)
            if pending:
                logger.warning("%d handler thread(s) still running at shutdown", len(pending))
        for task in list(self._webhooks):
            task.cancel()
        await asyncio.gather(*self._webhooks, return_exceptions=True)
        if self._http is not None:
            await self._http.aclose()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
        self._workers, self._sweeper = [], None

    # --- the API's operations ---

    def submit(self, request: RunRequest, *, retention: float) -> LocalJob:
        """Queue a job.

        Args:
            request: The validated `/run` body.
            retention: Seconds the job stays readable once final.

        Returns:
            The new job, IN_QUEUE.
        """
        if self._queue is None or self._closing:
            raise _ApiError(503, "the endpoint is not running")
        job = LocalJob(
            id=f"local-{uuid.uuid4()}",
            input=request.input,
            webhook=request.webhook,
            execution_timeout=request.policy.execution_timeout / 1000,
            ttl=request.policy.ttl / 1000,
            retention=retention,
            submitted_at=time.monotonic(),
        )
        self._jobs[job.id] = job
        self._queue.put_nowait(job)
        logger.info("job %s queued", job.id)
        return job

    def get(self, job_id: str) -> LocalJob | None:
        """Look a job up.

        Args:
            job_id: The id `/run` answered.

        Returns:
            The job, or None when it is unknown or its retention has passed.
        """
        job = self._jobs.get(job_id)
        if job is not None and not self._refresh(job, time.monotonic()):
            return None
        return job

    def cancel(self, job: LocalJob) -> None:
        """Cancel a queued or running job; a final job is left as it is.

        A queued job is never started. A running handler thread cannot be stopped: the job is
        CANCELLED now and whatever the handler returns later is discarded.
        """
        if not job.status.is_final:
            self._finish(job, RunPodStatus.CANCELLED)

    def purge(self) -> int:
        """Cancel every queued job.

        Returns:
            How many jobs were cancelled.
        """
        queued = [job for job in self._jobs.values() if job.status is RunPodStatus.IN_QUEUE]
        for job in queued:
            self._finish(job, RunPodStatus.CANCELLED)
        return len(queued)

    def body(self, job: LocalJob) -> dict[str, Any]:
        """The job's status object now (see `LocalJob.body`)."""
        return job.body(time.monotonic())

    def health(self) -> dict[str, Any]:
        """Job counts and worker occupancy, in RunPod's `/health` shape.

        `workers.running` counts handler threads executing now, including one whose job was
        cancelled or timed out but whose thread has not returned yet: it still holds its slot.
        """
        now = time.monotonic()
        live = [job for job in list(self._jobs.values()) if self._refresh(job, now)]
        return {
            "jobs": {
                "completed": self._completed,
                "failed": self._failed,
                "inProgress": sum(job.status is RunPodStatus.IN_PROGRESS for job in live),
                "inQueue": sum(job.status is RunPodStatus.IN_QUEUE for job in live),
                "retried": 0,
            },
            "workers": {"idle": self.settings.concurrency - self._busy, "running": self._busy},
        }

    # --- internals ---

    def _refresh(self, job: LocalJob, now: float) -> bool:
        """Apply the ttl and retention to one job; False when it is gone."""
        if job.status is RunPodStatus.IN_QUEUE and now - job.submitted_at > job.ttl:
            self._finish(job, RunPodStatus.TIMED_OUT, error="The job waited longer than its ttl.")
        if job.finished_at is not None and now - job.finished_at >= job.retention:
            self._jobs.pop(job.id, None)
            return False
        return True

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(_SWEEP_INTERVAL_SECONDS)
            now = time.monotonic()
            for job in list(self._jobs.values()):
                self._refresh(job, now)

    async def _work(self) -> None:
        assert self._queue is not None
        while True:
            job = await self._queue.get()
            try:
                await self._run(job)
            except Exception as exc:
                logger.exception("job %s: the runner failed", job.id)
                self._finish(job, RunPodStatus.FAILED, error=_exception_error(exc))
            finally:
                self._queue.task_done()

    async def _run(self, job: LocalJob) -> None:
        now = time.monotonic()
        if not self._refresh(job, now) or job.status is not RunPodStatus.IN_QUEUE:
            return  # cancelled, purged or past its ttl while queued
        job.status, job.started_at = RunPodStatus.IN_PROGRESS, now
        logger.info("job %s started after %d ms in the queue", job.id, job.delay_ms(now))
        loop = asyncio.get_running_loop()
        payload = {"id": job.id, "input": job.input}
        future = loop.run_in_executor(self._executor, _call_handler, self._handler, payload)
        self._inflight.add(future)
        self._busy += 1
        try:
            done, _ = await asyncio.wait({future}, timeout=job.execution_timeout)
            if not done:
                timeout_ms = round(job.execution_timeout * 1000)
                self._finish(
                    job,
                    RunPodStatus.TIMED_OUT,
                    error=f"The job ran longer than its executionTimeout ({timeout_ms} ms).",
                )
                # The thread cannot be stopped: it keeps this worker's slot until it returns.
                await asyncio.wait({future})
            outcome = future.result()
            if job.status.is_final:
                logger.info("job %s: discarding the result of a %s job", job.id, job.status)
            else:
                self._finish(job, outcome.status, output=outcome.output, error=outcome.error)
        finally:
            self._busy -= 1
            self._inflight.discard(future)

    def _finish(
        self, job: LocalJob, status: RunPodStatus, *, output: Any = None, error: str | None = None
    ) -> None:
        if job.status.is_final:
            return
        now = time.monotonic()
        job.status, job.finished_at = status, now
        job.output = output if status is RunPodStatus.COMPLETED else None
        job.error = error if status in (RunPodStatus.FAILED, RunPodStatus.TIMED_OUT) else None
        if status is RunPodStatus.COMPLETED:
            self._completed += 1
        elif status in (RunPodStatus.FAILED, RunPodStatus.TIMED_OUT):
            self._failed += 1
        job.finished.set()
        logger.info(
            "job %s %s (queued %d ms, ran %d ms)",
            job.id,
            status.value,
            job.delay_ms(now),
            job.execution_ms(now),
        )
        if job.webhook is not None and self._http is not None and not self._closing:
            task = asyncio.get_running_loop().create_task(
                self._deliver_webhook(job.id, job.webhook, job.body(now))
            )
            self._webhooks.add(task)
            task.add_done_callback(self._webhooks.discard)

    async def _deliver_webhook(self, job_id: str, url: str, body: dict[str, Any]) -> None:
        assert self._http is not None
        attempts = 1 + self.settings.webhook_retries
        where = urlsplit(url).netloc
        for attempt in range(1, attempts + 1):
            try:
                response = await self._http.post(url, json=body)
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                problem = f"{type(exc).__name__}: {exc}"
            else:
                if response.status_code == 200:
                    logger.info("job %s: webhook delivered to %s", job_id, where)
                    return
                problem = f"HTTP {response.status_code}"
            logger.warning(
                "job %s: webhook attempt %d/%d to %s failed: %s",
                job_id,
                attempt,
                attempts,
                where,
                problem,
            )
            if attempt < attempts:
                await asyncio.sleep(self.settings.webhook_retry_delay)
        logger.error("job %s: webhook to %s given up after %d attempts", job_id, where, attempts)


# --- the app ---------------------------------------------------------------------------------


def _error(status_code: int, message: str) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status_code == 401 else None
    return JSONResponse({"error": message}, status_code=status_code, headers=headers)


def create_runner_app(
    settings: RunnerSettings | None = None, handler: JobHandler | None = None
) -> FastAPI:
    """Build the app serving RunPod's serverless API v2 for `settings.endpoint_id`.

    Args:
        settings: The runner settings; read from `RUNNER_*` variables when omitted.
        handler: The job handler; `stt_worker.handler.handler` (the real worker) when omitted.

    Returns:
        The FastAPI app. Its lifespan starts and stops the workers; the `LocalEndpoint` is
        `app.state.endpoint`.
    """
    settings = settings if settings is not None else RunnerSettings()
    if handler is None:
        from stt_worker.handler import handler as worker_handler

        handler = worker_handler
    endpoint = LocalEndpoint(settings, handler)
    api_key = settings.api_key

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await endpoint.start()
        try:
            yield
        finally:
            await endpoint.stop()

    app = FastAPI(
        title="Local RunPod endpoint",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.endpoint = endpoint

    @app.exception_handler(_ApiError)
    async def api_error(_: Request, exc: _ApiError) -> JSONResponse:
        return _error(exc.status_code, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail).lower())

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(400, "invalid request")

    async def authorise(request: Request, endpoint_id: str) -> None:
        if api_key is not None:
            expected = f"Bearer {api_key.get_secret_value()}".encode()
            given = request.headers.get("authorization", "").encode()
            if not hmac.compare_digest(given, expected):
                raise _ApiError(401, "unauthorized")
        if endpoint_id != settings.endpoint_id:
            raise _ApiError(404, "endpoint not found")

    def known(job_id: str) -> LocalJob:
        job = endpoint.get(job_id)
        if job is None:
            raise _ApiError(404, "job not found")
        return job

    router = APIRouter(prefix="/v2/{endpoint_id}", dependencies=[Depends(authorise)])

    @router.post("/run")
    async def run(request: Request) -> JSONResponse:
        job_request = await _read_run_request(request)
        job = endpoint.submit(job_request, retention=settings.retention_seconds)
        return JSONResponse(job.brief())

    @router.post("/runsync")
    async def runsync(request: Request) -> JSONResponse:
        wait = _runsync_wait_seconds(request)
        job_request = await _read_run_request(request)
        job = endpoint.submit(job_request, retention=settings.runsync_retention_seconds)
        with suppress(TimeoutError):
            async with asyncio.timeout(wait):
                await job.finished.wait()
        return JSONResponse(endpoint.body(job) if job.status.is_final else job.brief())

    @router.api_route("/status/{job_id}", methods=["GET", "POST"])
    async def status(job_id: str) -> JSONResponse:
        return JSONResponse(endpoint.body(known(job_id)))

    @router.post("/cancel/{job_id}")
    async def cancel(job_id: str) -> JSONResponse:
        job = known(job_id)
        endpoint.cancel(job)
        return JSONResponse(job.brief())

    @router.post("/purge-queue")
    async def purge_queue() -> JSONResponse:
        return JSONResponse({"removed": endpoint.purge(), "status": "completed"})

    @router.get("/health")
    async def health() -> JSONResponse:
        return JSONResponse(endpoint.health())

    app.include_router(router)
    return app


# --- the command -----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    """Serve the real worker handler behind RunPod's serverless API on this machine.

    Loads the worker's model first (from the `STT_*` settings), so the first job is warm.

    Args:
        argv: The command-line arguments; `sys.argv[1:]` when omitted.
    """
    import uvicorn

    parser = argparse.ArgumentParser(
        prog="python -m stt_worker.local_runner",
        description="Serve the worker behind a local copy of RunPod's serverless API v2. "
        "Other settings come from RUNNER_* variables (RUNNER_API_KEY, RUNNER_RETENTION_SECONDS, "
        "...); the worker reads its STT_* variables as usual.",
    )
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (default 8001)")
    parser.add_argument("--endpoint-id", help="the endpoint id served (default 'local')")
    parser.add_argument("--concurrency", type=int, help="jobs run at once (default 1)")
    args = parser.parse_args(argv)
    overrides = {
        name: value
        for name, value in vars(args).items()
        if value is not None and name in RunnerSettings.model_fields
    }
    try:
        settings = RunnerSettings(**overrides)
    except ValidationError as exc:
        parser.error(str(exc))

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    from stt_worker.handler import default_pipeline

    # Load the model (and warm the VAD and the stages) before serving, as the worker does at
    # its cold start, so the first job is not a cold start.
    logger.info("loading the model")
    warm = default_pipeline().warmup()
    logger.info("model %s loaded on %s (%s)", warm.model, warm.device, warm.compute_type)

    app = create_runner_app(settings)
    base = f"http://{settings.host}:{settings.port}/v2"
    logger.info(
        "serving endpoint %r at %s/%s (runpod SDK: RUNPOD_ENDPOINT_BASE_URL=%s)",
        settings.endpoint_id,
        base,
        settings.endpoint_id,
        base,
    )
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")


if __name__ == "__main__":
    main()
