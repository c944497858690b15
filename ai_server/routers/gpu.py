"""`/api/v1/gpu`: pre-heat cold GPU workers and see what the endpoint is doing."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Depends

from ai_server.deps import RunPodClientDep, SettingsDep, require_api_key
from ai_server.runpod_client import RunPodJob
from ai_server.schemas import GpuStatus, WarmupData, WarmupRequest
from shared.envelope import Envelope
from shared.errors import ErrorCode, ServiceError

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/api/v1/gpu", tags=["gpu"], dependencies=[Depends(require_api_key)])

# A warm-up job is useless once traffic has moved on: let RunPod drop it if not started soon.
_WARMUP_TTL_SECONDS = 600.0


@router.post("/warmup", response_model=Envelope[WarmupData])
async def warm_up(
    runpod: RunPodClientDep, settings: SettingsDep, body: WarmupRequest | None = None
) -> Envelope[WarmupData]:
    """Send warm-up jobs (one per worker to wake) without waiting for them."""
    workers = (body or WarmupRequest()).workers
    if workers > settings.runpod.warmup_max_workers:
        raise ServiceError(
            ErrorCode.INVALID_REQUEST,
            f"At most {settings.runpod.warmup_max_workers} workers can be warmed at once.",
        )
    results = await asyncio.gather(
        *(runpod.run({"warmup": True}, ttl=_WARMUP_TTL_SECONDS) for _ in range(workers)),
        return_exceptions=True,
    )
    sent = [r.id for r in results if isinstance(r, RunPodJob)]
    errors = [r for r in results if isinstance(r, BaseException)]
    for error in errors:
        logger.warning("warm-up job not sent: %r", error)
    if not sent:
        cause = errors[0] if errors else None
        details = {"cause": cause.code.value} if isinstance(cause, ServiceError) else None
        raise ServiceError(ErrorCode.WARMUP_FAILED, "No warm-up job could be sent.", details)
    return Envelope.ok(WarmupData(job_ids=sent))


@router.get("/status", response_model=Envelope[GpuStatus])
async def get_gpu_status(runpod: RunPodClientDep) -> Envelope[GpuStatus]:
    """Workers idle and running, and jobs by state, from RunPod's `/health`."""
    health = await runpod.health()
    return Envelope.ok(GpuStatus(workers=health.get("workers", {}), jobs=health.get("jobs", {})))
