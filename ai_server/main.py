"""The orchestrator app. Start it with `uvicorn --factory ai_server.main:create_app`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from ai_server import errors
from ai_server.config import Settings
from ai_server.routers import gpu, health, transcriptions
from ai_server.runpod_client import RunPodClient
from ai_server.sources import SourceChecker
from shared.errors import ErrorCode

logger = logging.getLogger(__name__)

_DESCRIPTION = """
Speech-to-text over a RunPod serverless GPU endpoint.

Every answer is the envelope `{"success": bool, "data": ..., "error": {"code", "message",
"details"?} | null}`; the HTTP status follows the error code:

| code | HTTP |
|---|---|
""" + "\n".join(f"| `{code.value}` | {code.http_status} |" for code in ErrorCode)


def _s3_client(settings: Settings):  # type: ignore[no-untyped-def]
    import boto3

    s3 = settings.s3
    return boto3.client(
        "s3",
        endpoint_url=s3.endpoint_url,
        region_name=s3.region,
        aws_access_key_id=s3.access_key_id.get_secret_value() if s3.access_key_id else None,
        aws_secret_access_key=s3.secret_access_key.get_secret_value()
        if s3.secret_access_key
        else None,
    )


def create_app(
    settings: Settings | None = None, transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """Build the app.

    Args:
        settings: Tests pass their own; production reads `AI_*` variables.
        transport: An httpx transport for the calls to RunPod (tests put a fake RunPod there).
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runpod_http = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(settings.runpod.request_timeout),
            limits=httpx.Limits(max_connections=200, max_keepalive_connections=200),
        )
        # Audio URLs are probed by a client of their own: other hosts, other timeouts.
        probe_http = httpx.AsyncClient(timeout=httpx.Timeout(15.0), follow_redirects=True)
        async with runpod_http, probe_http:
            app.state.runpod = RunPodClient(runpod_http, settings.runpod)
            app.state.sources = SourceChecker(settings, probe_http, _s3_client(settings))
            yield

    app = FastAPI(
        title="STT orchestrator",
        version="0.1.0",
        description=_DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    errors.install(app)
    app.include_router(transcriptions.router)
    app.include_router(gpu.router)
    app.include_router(health.router)
    return app
