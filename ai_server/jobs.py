"""Turning RunPod jobs into the public answers: statuses, results and worker errors."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from pydantic import ValidationError

from ai_server.runpod_client import RunPodClient, RunPodJob
from ai_server.schemas import JobInfo, JobStatus, TranscriptionData
from shared.envelope import ErrorBody
from shared.errors import ErrorCode, ServiceError
from shared.jobs import RunPodStatus

_STATUS = {
    RunPodStatus.IN_QUEUE: JobStatus.QUEUED,
    RunPodStatus.IN_PROGRESS: JobStatus.IN_PROGRESS,
    RunPodStatus.COMPLETED: JobStatus.COMPLETED,
    RunPodStatus.FAILED: JobStatus.FAILED,
    RunPodStatus.CANCELLED: JobStatus.CANCELLED,
    RunPodStatus.TIMED_OUT: JobStatus.TIMED_OUT,
}


def job_info(job: RunPodJob) -> JobInfo:
    return JobInfo(
        job_id=job.id,
        status=_STATUS[job.status],
        delay_time_ms=job.delay_time,
        execution_time_ms=job.execution_time,
    )


def _with_job(error: ServiceError, job: RunPodJob) -> ServiceError:
    details = {**(error.details or {}), "jobId": job.id, "status": _STATUS[job.status].value}
    return ServiceError(error.code, error.message, details)


def outcome(job: RunPodJob) -> TranscriptionData | JobInfo:
    """The public view of a job: its transcript when done, its status while not.

    Raises:
        ServiceError: the worker's own code for a FAILED job; TIMEOUT for TIMED_OUT.
    """
    if job.status is RunPodStatus.FAILED:
        raise _with_job(ErrorBody.from_worker_error(job.error).to_error(), job)
    if job.status is RunPodStatus.TIMED_OUT:
        raise _with_job(
            ServiceError(ErrorCode.TIMEOUT, "The job ran past its execution time limit."), job
        )
    if job.status is not RunPodStatus.COMPLETED:
        return job_info(job)
    output: Any = job.output
    data = output.get("data") if isinstance(output, dict) else None
    if isinstance(data, dict) and data.get("status") == "WARM":
        return job_info(job)  # a warm-up job has no transcript
    unreadable = _with_job(
        ServiceError(ErrorCode.STT_FAILURE, "The worker returned an unreadable result."), job
    )
    if not isinstance(data, dict):
        raise unreadable
    try:
        return TranscriptionData.model_validate({**data, "job_id": job.id})
    except ValidationError as exc:
        raise unreadable from exc


async def run_sync(
    client: RunPodClient, job_input: dict[str, Any], budget: float, poll_interval: float
) -> TranscriptionData:
    """`runsync`, then status polls, until the job is final or `budget` seconds have passed.

    Raises:
        ServiceError: TIMEOUT with the job id when the budget runs out (the job goes on;
            `GET /api/v1/transcriptions/{jobId}` fetches it later), or the job's own error.
    """
    deadline = time.monotonic() + budget
    job = await client.runsync(job_input, wait=max(budget - 1.0, 1.0))
    while not job.status.is_final:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _with_job(
                ServiceError(
                    ErrorCode.TIMEOUT,
                    f"The transcript was not ready within {budget:.0f} s; "
                    "poll GET /api/v1/transcriptions/{jobId} for it.",
                ),
                job,
            )
        await asyncio.sleep(min(poll_interval, remaining))
        job = await client.status(job.id, budget=max(deadline - time.monotonic(), 1.0))
    result = outcome(job)
    if isinstance(result, TranscriptionData):
        return result
    raise _with_job(ServiceError(ErrorCode.STT_FAILURE, "The job was cancelled."), job)
