"""Liveness and readiness probes (no API key: load balancers call them)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter

from ai_server.deps import RunPodClientDep, SettingsDep
from ai_server.schemas import HealthData, ReadyData
from shared.envelope import Envelope

router = APIRouter(tags=["health"])


def _version() -> str:
    try:
        return version("stt-platform")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0+unknown"


@router.get("/health", response_model=Envelope[HealthData])
async def get_health() -> Envelope[HealthData]:
    """Liveness: the process answers. No upstream call."""
    return Envelope.ok(HealthData(version=_version()))


@router.get("/ready", response_model=Envelope[ReadyData])
async def get_ready(runpod: RunPodClientDep, settings: SettingsDep) -> Envelope[ReadyData]:
    """Readiness: RunPod's endpoint answers its health check."""
    health = await runpod.health(budget=5.0)
    return Envelope.ok(
        ReadyData(endpoint_id=settings.runpod.endpoint_id, workers=health.get("workers", {}))
    )
