"""An async client for RunPod's serverless API v2, with retries and error mapping."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from ai_server.config import RunPodSettings
from shared.errors import ErrorCode, ServiceError
from shared.jobs import RunPodStatus

logger = logging.getLogger(__name__)

RUN_PAYLOAD_LIMIT = 10 * 1024 * 1024
RUNSYNC_PAYLOAD_LIMIT = 20 * 1024 * 1024
RUNSYNC_MAX_WAIT_MS = 300_000
RUNSYNC_MIN_WAIT_MS = 1_000


class RunPodJob(BaseModel):
    """A job as RunPod reports it."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    id: str
    status: RunPodStatus
    delay_time: int | None = Field(None, alias="delayTime")
    execution_time: int | None = Field(None, alias="executionTime")
    output: Any = None
    error: Any = None


class _RetryableError(Exception):
    def __init__(self, reason: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


class RunPodClient:
    """Calls one RunPod endpoint.

    Retries 429 (honouring `Retry-After`), 5xx and connection errors with exponential backoff
    and jitter, never other 4xx; every call has a time budget. Failures become `ServiceError`s:
    RATE_LIMITED, UPSTREAM_UNAVAILABLE, TIMEOUT, JOB_NOT_FOUND.

    Args:
        http: The app's shared `httpx.AsyncClient`.
        settings: Endpoint, key, timeouts and retry policy.
    """

    def __init__(self, http: httpx.AsyncClient, settings: RunPodSettings):
        self._http = http
        self._settings = settings
        self._base = f"{settings.base_url.rstrip('/')}/{settings.endpoint_id}"
        self._headers = {"Content-Type": "application/json"}
        if settings.api_key is not None:
            self._headers["Authorization"] = f"Bearer {settings.api_key.get_secret_value()}"

    async def run(
        self, job_input: dict[str, Any], *, webhook: str | None = None, ttl: float | None = None
    ) -> RunPodJob:
        """Queue a job (`POST /run`); answers at once with its id.

        Args:
            job_input: The worker's `JobInput`, dumped.
            webhook: A URL RunPod POSTs the finished job to.
            ttl: Seconds after which RunPod drops the job if it has not started.
        """
        body = self._job_body(job_input, webhook, RUN_PAYLOAD_LIMIT, ttl)
        return RunPodJob.model_validate(await self._call("POST", "/run", json_body=body))

    async def runsync(self, job_input: dict[str, Any], *, wait: float) -> RunPodJob:
        """Queue a job and wait up to `wait` seconds for it (`POST /runsync?wait=`).

        A job still running then comes back with its id and a non-final status.
        """
        body = self._job_body(job_input, None, RUNSYNC_PAYLOAD_LIMIT, None)
        wait_ms = int(min(max(wait * 1000, RUNSYNC_MIN_WAIT_MS), RUNSYNC_MAX_WAIT_MS))
        data = await self._call(
            "POST",
            "/runsync",
            json_body=body,
            params={"wait": wait_ms},
            read_timeout=wait_ms / 1000 + self._settings.request_timeout,
            budget=wait_ms / 1000 + self._settings.request_timeout,
            retry=False,  # a retried runsync would queue the job twice
        )
        return RunPodJob.model_validate(data)

    async def status(self, job_id: str, *, budget: float | None = None) -> RunPodJob:
        data = await self._call("GET", f"/status/{job_id}", job_id=job_id, budget=budget)
        return RunPodJob.model_validate(data)

    async def cancel(self, job_id: str) -> RunPodJob:
        data = await self._call("POST", f"/cancel/{job_id}", job_id=job_id)
        return RunPodJob.model_validate(data)

    async def health(self, *, budget: float | None = None) -> dict[str, Any]:
        return await self._call("GET", "/health", budget=budget)

    def _job_body(
        self, job_input: dict[str, Any], webhook: str | None, limit: int, ttl: float | None
    ) -> dict[str, Any]:
        policy = {"executionTimeout": int(self._settings.execution_timeout * 1000)}
        if ttl is not None:
            policy["ttl"] = int(ttl * 1000)  # dropped if not started by then
        body: dict[str, Any] = {"input": job_input, "policy": policy}
        if webhook:
            body["webhook"] = webhook
        size = len(json.dumps(body).encode())
        if size > limit:
            raise ServiceError(
                ErrorCode.PAYLOAD_TOO_LARGE,
                f"The job payload is {size} bytes; RunPod accepts at most {limit}.",
                {"max_bytes": limit},
            )
        return body

    def _wait(self, state: RetryCallState) -> float:
        backoff = wait_exponential_jitter(multiplier=self._settings.retry_backoff, max=10.0)
        outcome = state.outcome
        exc = outcome.exception() if outcome is not None else None
        if isinstance(exc, _RetryableError) and exc.retry_after is not None:
            return exc.retry_after
        return backoff(state)

    async def _call(
        self,
        method: str,
        path: str,
        *,
        json_body: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        read_timeout: float | None = None,
        budget: float | None = None,
        job_id: str | None = None,
        retry: bool = True,
    ) -> dict[str, Any]:
        settings = self._settings
        budget = budget if budget is not None else settings.request_timeout * (settings.retries + 1)
        deadline = time.monotonic() + budget
        retrying = AsyncRetrying(
            stop=stop_after_attempt(settings.retries + 1 if retry else 1)
            | stop_after_delay(budget),
            wait=self._wait,
            retry=retry_if_exception_type(_RetryableError),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    remaining = max(deadline - time.monotonic(), 0.1)
                    return await self._once(
                        method,
                        path,
                        json_body,
                        params,
                        min(read_timeout or remaining, remaining),
                        job_id,
                    )
        except _RetryableError as exc:
            raise self._exhausted(exc) from exc
        raise AssertionError("unreachable")  # pragma: no cover - tenacity always re-raises

    async def _once(
        self,
        method: str,
        path: str,
        json_body: dict[str, Any] | None,
        params: dict[str, Any] | None,
        read_timeout: float,
        job_id: str | None,
    ) -> dict[str, Any]:
        try:
            response = await self._http.request(
                method,
                self._base + path,
                json=json_body,
                params=params,
                headers=self._headers,
                timeout=httpx.Timeout(read_timeout, connect=self._settings.connect_timeout),
            )
        except httpx.TimeoutException as exc:
            raise _RetryableError("timeout") from exc
        except httpx.TransportError as exc:
            raise _RetryableError(f"connection error ({type(exc).__name__})") from exc
        status = response.status_code
        if status == 429:
            retry_after = _retry_after(response)
            if retry_after is not None and retry_after > self._settings.max_retry_after:
                raise self._rate_limited(retry_after)
            raise _RetryableError("rate limited", status, retry_after)
        if status >= 500:
            raise _RetryableError(f"HTTP {status}", status)
        if status in (401, 403):
            logger.error("RunPod rejected the API key (HTTP %s)", status)
            raise ServiceError(
                ErrorCode.UPSTREAM_UNAVAILABLE,
                "The GPU backend rejected the server's credentials.",
                {"reason": "upstream_auth"},
            )
        if status == 404 and job_id is not None:
            raise ServiceError(
                ErrorCode.JOB_NOT_FOUND,
                f"No job {job_id} (unknown, or its result expired).",
                {"jobId": job_id},
            )
        if status >= 400:
            raise ServiceError(
                ErrorCode.UPSTREAM_UNAVAILABLE,
                f"The GPU backend refused the request (HTTP {status}).",
                {"reason": "upstream_rejected", "status": status},
            )
        try:
            data = response.json()
        except ValueError as exc:
            raise _RetryableError("invalid JSON") from exc
        if not isinstance(data, dict):
            raise _RetryableError("unexpected JSON")
        return data

    @staticmethod
    def _rate_limited(retry_after: float | None) -> ServiceError:
        details: dict[str, Any] = {"reason": "upstream_rate_limited"}
        if retry_after is not None:
            details["retryAfter"] = retry_after
        return ServiceError(
            ErrorCode.RATE_LIMITED, "The GPU backend is rate limiting; retry later.", details
        )

    def _exhausted(self, exc: _RetryableError) -> ServiceError:
        if exc.status == 429:
            return self._rate_limited(exc.retry_after)
        if exc.reason == "timeout":
            return ServiceError(
                ErrorCode.TIMEOUT, "The GPU backend did not answer in time.", {"reason": "timeout"}
            )
        return ServiceError(
            ErrorCode.UPSTREAM_UNAVAILABLE,
            f"The GPU backend is unavailable ({exc.reason}).",
            {"reason": "upstream_unavailable", "status": exc.status},
        )
