"""Orchestrator settings, read from `AI_*` environment variables (nested groups use `__`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, Self

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

AUDIO_EXTENSIONS = frozenset(
    {".wav", ".mp3", ".m4a", ".mp4", ".aac", ".flac", ".ogg", ".oga", ".opus", ".webm",
     ".amr", ".wma", ".3gp", ".mka", ".aiff", ".aif"}
)  # fmt: skip


def _split(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.replace(os.pathsep, ",").split(",") if part.strip()]
    return value


class RunPodSettings(BaseModel):
    """The RunPod serverless endpoint jobs go to."""

    api_key: SecretStr | None = None
    """RunPod API key (Settings → API Keys); not needed by the local runner."""
    endpoint_id: str = ""
    """The endpoint id from the RunPod console (`local` for the local runner)."""
    base_url: str = "https://api.runpod.ai/v2"
    """RunPod's serverless API; `http://127.0.0.1:8001/v2` for the local runner."""
    connect_timeout: float = Field(5.0, gt=0, le=60)
    """Seconds to connect to RunPod."""
    request_timeout: float = Field(30.0, gt=0, le=600)
    """Seconds one RunPod call (other than runsync's wait) may take."""
    retries: int = Field(3, ge=0, le=10)
    """Extra attempts after 429, 5xx or a connection error; never after another 4xx."""
    retry_backoff: float = Field(0.5, ge=0, le=30)
    """First wait between attempts (seconds); doubles with jitter. `Retry-After` wins on 429."""
    max_retry_after: float = Field(30.0, ge=0, le=300)
    """The longest `Retry-After` honoured; a longer one ends the retries with RATE_LIMITED."""
    sync_timeout: float = Field(300.0, gt=0, le=3600)
    """Seconds a `sync` request waits before answering TIMEOUT (with the job id)."""
    poll_interval: float = Field(1.0, gt=0, le=30)
    """Seconds between status polls while a `sync` request waits."""
    execution_timeout: float = Field(900.0, ge=5, le=86_400)
    """RunPod `policy.executionTimeout` in seconds: a job running longer is TIMED_OUT."""
    warmup_max_workers: int = Field(10, ge=1, le=100)
    """The most warm-up jobs one `POST /gpu/warmup` may send."""


class S3Settings(BaseModel):
    """How audio URLs are checked and handed to the worker."""

    endpoint_url: str | None = None
    """A custom S3 endpoint (MinIO, an emulator); AWS when unset."""
    region: str | None = None
    """The default region, e.g. `ap-northeast-2`."""
    access_key_id: SecretStr | None = None
    secret_access_key: SecretStr | None = None
    allowed_buckets: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Buckets audio may come from, comma-separated; empty allows any bucket."""
    allow_other_urls: bool = False
    """Accept http(s) URLs that are not S3 (checked with a ranged GET, passed through)."""
    presign_expiry: int = Field(3600, ge=60, le=7 * 86_400)
    """Seconds the presigned URL the worker gets stays valid (cover queue time)."""
    staging_bucket: str | None = None
    """Bucket that local files are uploaded to when the worker cannot see the path."""
    staging_prefix: str = "stt-staging/"

    @field_validator("allowed_buckets", mode="before")
    @classmethod
    def _split_buckets(cls, value: Any) -> Any:
        return _split(value)


class FileSettings(BaseModel):
    """Which local paths `filePath` may name, and how the worker reaches them."""

    roots: Annotated[list[Path], NoDecode] = Field(default_factory=list)
    """Directories `filePath` must resolve inside, comma-separated; empty refuses all paths."""
    worker_root: str | None = None
    """Where the worker sees the roots' files (e.g. the network volume `/runpod-volume`): a file
    is passed as `worker_root/<path inside its root>`. Unset: files are uploaded to
    `AI_S3__STAGING_BUCKET` and the worker gets a presigned URL."""

    @field_validator("roots", mode="before")
    @classmethod
    def _split_roots(cls, value: Any) -> Any:
        return _split(value)


class Settings(BaseSettings):
    """Everything the orchestrator can be told."""

    model_config = SettingsConfigDict(
        env_prefix="AI_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
    )

    api_keys: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list)
    """Client API keys (`Authorization: Bearer`), comma-separated; empty disables auth."""
    max_file_bytes: int = Field(1024**3, gt=0)
    """Largest audio accepted, in bytes."""
    runpod: RunPodSettings = Field(default_factory=RunPodSettings)
    s3: S3Settings = Field(default_factory=S3Settings)
    files: FileSettings = Field(default_factory=FileSettings)

    @field_validator("api_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: Any) -> Any:
        return _split(value)

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not self.runpod.endpoint_id:
            raise ValueError("AI_RUNPOD__ENDPOINT_ID is required (the RunPod endpoint id)")
        if self.files.roots and not (self.files.worker_root or self.s3.staging_bucket):
            raise ValueError(
                "file roots need AI_FILES__WORKER_ROOT or AI_S3__STAGING_BUCKET "
                "so the worker can reach the files"
            )
        return self
