"""`/api/v1/transcriptions`: create (sync or async), fetch and cancel transcription jobs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, status
from fastapi.responses import JSONResponse

from ai_server import jobs
from ai_server.deps import RunPodClientDep, SettingsDep, SourceCheckerDep, require_api_key
from ai_server.errors import envelope_response
from ai_server.schemas import JobInfo, TranscriptionData, TranscriptionRequest
from shared.envelope import Envelope
from shared.jobs import JobInput

# RunPod job ids: letters, digits, '-' and '_'. Anything else would be spliced into RunPod's URL.
JobId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,128}$")]

router = APIRouter(
    prefix="/api/v1/transcriptions",
    tags=["transcriptions"],
    dependencies=[Depends(require_api_key)],
)


@router.post("", response_model=Envelope[TranscriptionData | JobInfo])
async def create_transcription(
    request: TranscriptionRequest,
    settings: SettingsDep,
    runpod: RunPodClientDep,
    sources: SourceCheckerDep,
) -> JSONResponse:
    """Transcribe an S3 object or a server-side file; `mode: async` answers 202 with a job id."""
    if request.audio_url is not None:
        source = await sources.from_url(request.audio_url)
    else:
        assert request.file_path is not None
        source = await sources.from_path(request.file_path)
    job_input = JobInput.model_validate({**request.job_fields(), **source}).model_dump(
        mode="json", exclude_unset=True
    )
    if request.mode == "async":
        job = await runpod.run(job_input, webhook=request.webhook_url)
        return envelope_response(jobs.job_info(job), status.HTTP_202_ACCEPTED)
    budget = request.timeout_seconds or settings.runpod.sync_timeout
    result = await jobs.run_sync(runpod, job_input, budget, settings.runpod.poll_interval)
    return envelope_response(result)


@router.get("/{job_id}", response_model=Envelope[TranscriptionData | JobInfo])
async def get_transcription(job_id: JobId, runpod: RunPodClientDep) -> JSONResponse:
    """A job's status, with its transcript once COMPLETED or its error once FAILED."""
    return envelope_response(jobs.outcome(await runpod.status(job_id)))


@router.delete("/{job_id}", response_model=Envelope[JobInfo])
async def cancel_transcription(job_id: JobId, runpod: RunPodClientDep) -> JSONResponse:
    """Cancel a queued or running job; a finished job keeps its status."""
    return envelope_response(jobs.job_info(await runpod.cancel(job_id)))
