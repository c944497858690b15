"""Worker settings, read from `STT_*` environment variables (nested groups use `__`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_MODEL = "models/whisper-base"
PRODUCTION_MODEL = "deepdml/faster-whisper-large-v3-turbo-ct2"


class S3Settings(BaseModel):
    """How the worker reads `s3://` sources. Unset values fall back to boto3's own chain
    (`AWS_*` variables, the instance role, ~/.aws)."""

    endpoint_url: str | None = None
    """A custom S3 endpoint (MinIO, an emulator); AWS when unset."""
    region: str | None = None
    """The bucket's region, e.g. `ap-northeast-2`."""
    access_key_id: SecretStr | None = None
    secret_access_key: SecretStr | None = None


class HttpSettings(BaseModel):
    """How the worker downloads `audio_url` sources."""

    connect_timeout: float = Field(10.0, gt=0, le=120)
    """Seconds to open a connection."""
    read_timeout: float = Field(60.0, gt=0, le=600)
    """Seconds to wait for each chunk of the body."""
    retries: int = Field(3, ge=0, le=10)
    """Extra attempts after a connection error or a 5xx answer (never after another 4xx)."""
    retry_backoff: float = Field(0.5, ge=0, le=30)
    """First wait between attempts in seconds; it doubles each time, with jitter."""
    max_redirects: int = Field(5, ge=0, le=20)
    allow_private_addresses: bool = False
    """Allow URLs resolving to private, loopback or link-local addresses (SSRF guard off).
    Only for local development and tests."""


class LlmSettings(BaseModel):
    """An OpenAI-compatible chat endpoint (Ollama, vLLM, OpenAI…) for classification and the
    AI agent. Without `base_url` both stages use their offline methods."""

    base_url: str | None = None
    """e.g. `http://ollama:11434/v1`; the client POSTs `{base_url}/chat/completions`."""
    model: str = "qwen2.5:7b-instruct"
    """The model name the endpoint knows."""
    api_key: SecretStr | None = None
    timeout: float = Field(60.0, gt=0, le=600)
    """Seconds one LLM call may take."""
    max_tokens: int = Field(1024, ge=64, le=8192)


class StageSettings(BaseModel):
    """Privacy removal, classification and the AI agent."""

    mask_style: Literal["tag", "stars", "hash"] = "tag"
    """How PII is replaced: `[PHONE]`-style tags, `***`, or a salted hash."""
    hash_salt: SecretStr = SecretStr("")
    """Salt of the `hash` mask style; set one per deployment."""
    return_entity_text: bool = False
    """Return each entity's original text beside its replacement (off: PII never leaves)."""
    taxonomy_file: Path | None = None
    """A YAML/JSON call taxonomy replacing the packaged default."""
    llm: LlmSettings = Field(default_factory=LlmSettings)


class WorkerSettings(BaseSettings):
    """Everything the worker can be told, with safe production defaults."""

    model_config = SettingsConfigDict(
        env_prefix="STT_",
        env_nested_delimiter="__",
        extra="ignore",
    )

    model: str = DEFAULT_MODEL
    """A local CTranslate2 Whisper directory, or a Hugging Face repo id
    (the Docker image bakes `deepdml/faster-whisper-large-v3-turbo-ct2`)."""
    model_name: str | None = None
    """The name results report; the model directory's name or the repo id when unset."""
    device: Literal["auto", "cuda", "cpu"] = "auto"
    """`auto` picks CUDA when a GPU is visible, else the CPU."""
    compute_type: str = "auto"
    """CTranslate2 compute type; `auto` is float16 on CUDA and int8 on the CPU."""
    cpu_threads: int = Field(0, ge=0, le=256)
    """CPU threads for inference; 0 lets CTranslate2 choose."""
    download_root: str | None = None
    """Where a Hub model is cached when `model` is a repo id."""
    local_files_only: bool = False
    """Never reach the Hub (set in the Docker image, whose model is baked)."""

    batched_min_duration: float = Field(60.0, ge=0)
    """Audio at least this many seconds long goes through the batched pipeline."""
    batch_size: int = Field(0, ge=0, le=128)
    """Batch size of the batched pipeline; 0 means 16 on CUDA and 2 on the CPU (on 2 cores,
    batches of 2 to 8 ran equally fast, and each item costs ~90 MB of attention buffers)."""

    window_duration: float = Field(300.0, ge=10, le=3600)
    """Audio longer than this many seconds is decoded and transcribed window by window, each cut
    at a pause, so memory stays flat however long the file is."""

    max_file_bytes: int = Field(1024**3, gt=0)
    """Largest audio file accepted, in bytes (downloads stop once past it)."""
    max_duration: float = Field(4 * 3600.0, gt=0)
    """Longest audio accepted, in seconds."""
    allowed_file_roots: Annotated[list[Path], NoDecode] = Field(
        default_factory=lambda: [Path("/runpod-volume")]
    )
    """Directories `file_path` sources must resolve inside, comma-separated in the environment."""
    temp_dir: Path | None = None
    """Parent of the per-job temporary directories; the system default when unset."""

    s3: S3Settings = Field(default_factory=S3Settings)
    http: HttpSettings = Field(default_factory=HttpSettings)
    stages: StageSettings = Field(default_factory=StageSettings)

    @field_validator("allowed_file_roots", mode="before")
    @classmethod
    def _split_roots(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part for part in value.replace(os.pathsep, ",").split(",") if part.strip()]
        return value

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.device == "cpu" and self.compute_type.startswith("float16"):
            raise ValueError("compute_type float16 needs a GPU; use int8 or float32 on the CPU")
        return self
