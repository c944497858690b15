"""The wire contract shared by the orchestrator (ai_server) and the worker (stt_worker)."""

from shared.envelope import Envelope, ErrorBody
from shared.errors import ErrorCode, ServiceError
from shared.jobs import (
    JobInput,
    OutputFormat,
    ProcessingSteps,
    Segment,
    Stages,
    Task,
    Timings,
    TranscriptionResult,
    VadParameters,
    WarmupResult,
    Word,
)

__all__ = [
    "Envelope",
    "ErrorBody",
    "ErrorCode",
    "JobInput",
    "OutputFormat",
    "ProcessingSteps",
    "Segment",
    "ServiceError",
    "Stages",
    "Task",
    "Timings",
    "TranscriptionResult",
    "VadParameters",
    "WarmupResult",
    "Word",
]
