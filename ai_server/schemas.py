"""The public API's request and response models (camelCase JSON; snake_case accepted)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

from shared.jobs import HttpUrl, MaskStyle, TranscriptionOptions, TranscriptionResult


class _Public(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, validate_by_name=True, validate_by_alias=True, extra="forbid"
    )


class JobStatus(StrEnum):
    """A job's state, normalised from RunPod's (`IN_QUEUE` is `QUEUED`)."""

    QUEUED = "QUEUED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"
    TIMED_OUT = "TIMED_OUT"


class TranscriptionRequest(TranscriptionOptions):
    """`POST /api/v1/transcriptions`: one audio source, stage flags, decoding options, a mode."""

    audio_url: str | None = Field(None, max_length=8192)
    """An S3 object: `s3://bucket/key`, an https S3 URL, or a presigned URL."""
    file_path: str | None = Field(None, max_length=4096)
    """A file under one of the server's allowed directories."""
    privacy_removal: bool = False
    """Mask PII (phones, resident numbers, cards, accounts, e-mails, addresses, names) in every
    output, Hangul-written numbers included."""
    classification: bool = False
    """Classify the call against the taxonomy (on the masked text when masking ran)."""
    ai_agent: bool = False
    """Summary, key points, action items and customer sentiment."""
    mask_style: MaskStyle | None = None
    """`tag` (`[PHONE]`), `stars` or `hash`; the worker's setting when unset."""
    mode: Literal["sync", "async"] = "sync"
    """`sync` waits for the transcript; `async` answers 202 with a job id at once."""
    webhook_url: HttpUrl | None = None
    """`async` only: RunPod POSTs the finished job here."""
    timeout_seconds: float | None = Field(None, gt=0, le=3600)
    """`sync` only: how long to wait before answering TIMEOUT with the job id."""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if (self.audio_url is None) == (self.file_path is None):
            raise ValueError("send exactly one of audioUrl or filePath")
        if self.webhook_url is not None and self.mode != "async":
            raise ValueError("webhookUrl needs mode 'async'")
        return self

    def job_fields(self) -> dict[str, Any]:
        """The decoding options the caller set, in the worker's snake_case."""
        options = set(TranscriptionOptions.model_fields) & self.model_fields_set
        fields = self.model_dump(mode="json", include=options)
        fields["stages"] = {
            "privacy_removal": self.privacy_removal,
            "classification": self.classification,
            "ai_agent": self.ai_agent,
        }
        if self.mask_style is not None:
            fields["stages"]["mask_style"] = self.mask_style
        return fields


class JobInfo(_Public):
    """A job without a transcript (yet): queued, running, cancelled, or a warm-up."""

    job_id: str
    status: JobStatus
    delay_time_ms: int | None = None
    """Milliseconds the job waited in the queue."""
    execution_time_ms: int | None = None
    """Milliseconds the job ran."""


class TranscriptionData(TranscriptionResult):
    """A finished transcription: the worker's result with its job id."""

    job_id: str
    status: JobStatus = JobStatus.COMPLETED


class WarmupRequest(_Public):
    workers: int = Field(1, ge=1, le=100)
    """How many warm-up jobs to send (one wakes one worker)."""


class WarmupData(_Public):
    status: Literal["WARMING_UP"] = "WARMING_UP"
    job_ids: list[str]


class GpuStatus(_Public):
    """RunPod's `/health`: workers by state and jobs by state."""

    workers: dict[str, int]
    jobs: dict[str, int]


class HealthData(_Public):
    status: Literal["ok"] = "ok"
    version: str


class ReadyData(_Public):
    status: Literal["ready"] = "ready"
    endpoint_id: str
    workers: dict[str, int]
