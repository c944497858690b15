"""The RunPod serverless handler: validate the input, run the pipeline, dump the envelope.

Run it as RunPod does:

    python -m stt_worker.handler --test_input '{"input": {"file_path": "...", "language": "en"}}'
    python -m stt_worker.handler --rp_serve_api --rp_api_port 8080
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from pydantic import ValidationError

from shared.envelope import Envelope, ErrorBody
from shared.errors import ErrorCode, ServiceError
from shared.jobs import JobInput
from stt_worker.config import WorkerSettings
from stt_worker.pipeline import Pipeline

logger = logging.getLogger(__name__)

_URL_FIELDS = frozenset({"audio_url", "audioUrl", "s3_uri", "s3Uri", "audio"})


def _validation_error(exc: ValidationError) -> ServiceError:
    errors = exc.errors(include_url=False, include_input=False, include_context=False)
    problems = [
        {"field": ".".join(str(p) for p in e["loc"]) or "input", "problem": e["msg"]}
        for e in errors
    ]
    url_only = all(e["loc"] and e["loc"][0] in _URL_FIELDS for e in errors)
    code = ErrorCode.INVALID_URL if errors and url_only else ErrorCode.INVALID_REQUEST
    summary = "; ".join(f"{p['field']}: {p['problem']}" for p in problems[:5])
    return ServiceError(code, f"Invalid job input: {summary}", {"errors": problems})


def _failure(error: ServiceError) -> dict[str, Any]:
    # RunPod marks the job FAILED when `error` is present; it must be a string.
    return {"error": ErrorBody.from_error(error).model_dump_json()}


def handle(job: dict[str, Any], pipeline: Pipeline) -> dict[str, Any]:
    """Run one RunPod job and return its output, or `{"error": "<JSON {code, message}>"}`.

    Never raises: every failure becomes an error code, and no stack trace leaves the worker.
    """
    job_id = job.get("id", "-")
    try:
        raw = job.get("input")
        if not isinstance(raw, dict):
            raise ServiceError(ErrorCode.INVALID_REQUEST, "The job input must be a JSON object.")
        try:
            job_input = JobInput.model_validate(raw)
        except ValidationError as exc:
            raise _validation_error(exc) from exc
        if job_input.warmup:
            return Envelope.ok(pipeline.warmup()).model_dump(mode="json")
        output = pipeline.run(job_input)
        body = Envelope.ok(output.result).model_dump(mode="json")
        if output.legacy is not None:
            body.update(output.legacy)
        return body
    except ServiceError as exc:
        logger.info("job %s failed: %s %s", job_id, exc.code.value, exc.message)
        return _failure(exc)
    except Exception:
        logger.exception("job %s failed unexpectedly", job_id)
        return _failure(ServiceError(ErrorCode.INTERNAL_ERROR, "The worker hit an internal error."))


@functools.cache
def default_pipeline() -> Pipeline:
    """The process-wide pipeline, built from the environment on first use."""
    return Pipeline(WorkerSettings())


def handler(job: dict[str, Any]) -> dict[str, Any]:
    """The entry point RunPod calls for each job."""
    return handle(job, default_pipeline())


def main() -> None:
    import runpod

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Cold start: load the model, the VAD and the stages before taking the first job.
    default_pipeline().warmup()
    runpod.serverless.start({"handler": handler})


if __name__ == "__main__":
    main()
