"""The job contract: what the orchestrator sends as RunPod `input`, and what the worker returns.

On this wire fields are snake_case; camelCase aliases are accepted on input. The input of
runpod-workers/worker-faster_whisper is accepted too (see `LegacyOptions`), so its users can
switch by changing only the endpoint id.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum
from typing import Annotated, Any, Literal, Self
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel

DEFAULT_LANGUAGE = "ko"
AUDIO_SOURCES = ("audio_url", "s3_uri", "audio_base64", "file_path")
# faster-whisper's own fallback schedule: retry a window at a higher temperature when it fails
# the compression-ratio or log-probability checks.
DEFAULT_TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
_S3_URI_RE = re.compile(r"^s3://(?P<bucket>[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9])/(?P<key>.+)$")


class _Input(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        extra="forbid",
        str_strip_whitespace=True,
    )


class Task(StrEnum):
    TRANSCRIBE = "transcribe"
    TRANSLATE = "translate"  # into English, as Whisper does


class OutputFormat(StrEnum):
    TEXT = "text"
    SEGMENTS = "segments"
    WORDS = "words"
    SRT = "srt"
    VTT = "vtt"


MaskStyle = Literal["tag", "stars", "hash"]
STAGE_NAMES = ("privacy_removal", "classification", "ai_agent")


class Stages(_Input):
    """Which optional stages run after STT, in this order: privacy removal, classification,
    AI agent. Classification and the agent read the masked text when privacy removal ran."""

    privacy_removal: bool = False
    classification: bool = False
    ai_agent: bool = False
    mask_style: MaskStyle | None = None
    """How PII is replaced: `tag` (`[PHONE]`), `stars` (`***`) or `hash` (a salted digest that is
    the same for the same value); the worker's setting when unset."""

    def requested(self) -> list[str]:
        return [name for name in STAGE_NAMES if getattr(self, name)]


class VadParameters(_Input):
    """Silero VAD settings, as faster-whisper's `VadOptions` names them."""

    threshold: float = Field(0.5, ge=0.0, le=1.0)
    neg_threshold: float | None = Field(None, ge=0.0, le=1.0)
    min_speech_duration_ms: int = Field(0, ge=0, le=60_000)
    max_speech_duration_s: float | None = Field(None, gt=0)
    min_silence_duration_ms: int = Field(2000, ge=0, le=60_000)
    speech_pad_ms: int = Field(400, ge=0, le=10_000)


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http(s) URL with a host")
    return value


def _s3_uri(value: str) -> str:
    if not _S3_URI_RE.match(value):
        raise ValueError("must look like s3://bucket/key")
    return value


def parse_s3_uri(uri: str) -> tuple[str, str]:
    """Split `s3://bucket/key` into bucket and key."""
    match = _S3_URI_RE.match(uri)
    if match is None:
        raise ValueError(f"not an s3:// URI: {uri!r}")
    return match["bucket"], match["key"]


HttpUrl = Annotated[str, Field(max_length=8192), AfterValidator(_http_url)]
S3Uri = Annotated[str, Field(max_length=2048), AfterValidator(_s3_uri)]


class RunPodStatus(StrEnum):
    """A RunPod serverless job's state, as RunPod's API (and the local runner) reports it."""

    IN_QUEUE = "IN_QUEUE"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"
    TIMED_OUT = "TIMED_OUT"

    @property
    def is_final(self) -> bool:
        """Whether the job can no longer change state."""
        return self not in (RunPodStatus.IN_QUEUE, RunPodStatus.IN_PROGRESS)


class LegacyOptions(BaseModel):
    """What a runpod-workers/worker-faster_whisper request asked for beyond our own fields.

    Set only when the input used that worker's field names; the worker then adds that worker's
    output keys (`transcription`, `detected_language`, ...) beside the envelope.
    """

    transcription: Literal["plain_text", "formatted_text", "srt", "vtt"] = "plain_text"
    translate: bool = False
    translation: Literal["plain_text", "formatted_text", "srt", "vtt"] = "plain_text"
    model: str | None = None


# Keys that only the community worker uses; any of them marks an input as legacy.
_LEGACY_ONLY_KEYS = frozenset(
    {
        "audio",
        "enable_vad",
        "transcription",
        "translate",
        "translation",
        "model",
        "logprob_threshold",
        "temperature_increment_on_fallback",
    }
)


def _from_legacy(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    legacy = {
        k: data.pop(k) for k in ("transcription", "translate", "translation", "model") if k in data
    }
    if "audio" in data:
        audio = data.pop("audio")
        is_s3 = isinstance(audio, str) and audio.startswith("s3://")
        data["s3_uri" if is_s3 else "audio_url"] = audio
    if "enable_vad" in data:
        data["vad_filter"] = data.pop("enable_vad")
    if "logprob_threshold" in data:
        data["log_prob_threshold"] = data.pop("logprob_threshold")
    increment = data.pop("temperature_increment_on_fallback", 0.2)
    start = data.get("temperature", 0.0)
    if isinstance(start, int | float) and isinstance(increment, int | float) and increment > 0:
        # That worker's schedule: numpy.arange(start, 1.0 + 1e-6, increment).
        steps = math.floor((1.0 - start) / increment + 1e-6)
        data["temperature"] = [round(start + i * increment, 4) for i in range(max(steps, 0) + 1)]
    tokens = data.get("suppress_tokens")
    if isinstance(tokens, str):
        data["suppress_tokens"] = [int(t) for t in tokens.split(",") if t.strip()]
    # That worker detects the language unless told; ours defaults to Korean.
    data.setdefault("language", None)
    fmt = legacy.get("transcription")
    if fmt in ("srt", "vtt"):
        data["output_formats"] = ["text", "segments", fmt]
    data["legacy"] = legacy
    return data


class TranscriptionOptions(_Input):
    """How to transcribe: language, task, decoding options and output formats.

    The orchestrator's public request reuses these fields, so both sides bound them alike.
    """

    language: str | None = DEFAULT_LANGUAGE
    """ISO 639-1 code; `"auto"` or null detects the language."""
    task: Task = Task.TRANSCRIBE

    beam_size: int = Field(5, ge=1, le=10)
    best_of: int = Field(5, ge=1, le=10)
    patience: float = Field(1.0, gt=0.0, le=10.0)
    length_penalty: float = Field(1.0, ge=0.0, le=10.0)
    temperature: float | list[float] = Field(default_factory=lambda: list(DEFAULT_TEMPERATURES))
    """One temperature, or a fallback schedule tried in order."""
    compression_ratio_threshold: float | None = Field(2.4, gt=0.0)
    log_prob_threshold: float | None = -1.0
    no_speech_threshold: float | None = Field(0.6, ge=0.0, le=1.0)
    condition_on_previous_text: bool = True
    initial_prompt: str | None = Field(None, max_length=2000)
    hotwords: str | None = Field(None, max_length=2000)
    suppress_tokens: list[int] = Field(default_factory=lambda: [-1], max_length=1000)
    vad_filter: bool = True
    """Skip non-speech with Silero VAD: fewer hallucinations on silence and hold music."""
    vad_parameters: VadParameters | None = None
    word_timestamps: bool = False

    output_formats: list[OutputFormat] = Field(
        default_factory=lambda: [OutputFormat.TEXT, OutputFormat.SEGMENTS], min_length=1
    )

    @field_validator("language", mode="before")
    @classmethod
    def _normalise_language(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().lower()
            if value in ("", "auto"):
                return None
            if not _LANGUAGE_RE.match(value):
                raise ValueError("must be a language code such as 'ko' or 'en', or 'auto'")
        return value

    @field_validator("temperature")
    @classmethod
    def _check_temperature(cls, value: float | list[float]) -> float | list[float]:
        values = value if isinstance(value, list) else [value]
        if not values or len(values) > 10 or any(not 0.0 <= t <= 1.0 for t in values):
            raise ValueError("temperatures must be 1 to 10 values between 0 and 1")
        return value

    @field_validator("output_formats")
    @classmethod
    def _dedupe_formats(cls, value: list[OutputFormat]) -> list[OutputFormat]:
        return list(dict.fromkeys(value))

    @model_validator(mode="after")
    def _words_need_timestamps(self) -> Self:
        if OutputFormat.WORDS in self.output_formats:
            self.word_timestamps = True
        return self

    def wants(self, fmt: OutputFormat) -> bool:
        return fmt in self.output_formats


class JobInput(TranscriptionOptions):
    """One transcription job, as the worker receives it in RunPod's `input`.

    Exactly one audio source is required, except for a warm-up job, which takes none.
    """

    audio_url: HttpUrl | None = None
    """An http(s) URL of the audio, S3 presigned URLs included."""
    s3_uri: S3Uri | None = None
    """`s3://bucket/key`, read with the worker's own S3 credentials."""
    audio_base64: str | None = Field(None, repr=False)
    """The audio bytes, base64-encoded (a `data:` URI prefix is accepted)."""
    file_path: str | None = Field(None, max_length=4096)
    """A path under one of the worker's allowed roots (e.g. a RunPod network volume)."""

    stages: Stages = Field(default_factory=Stages)
    warmup: bool = False
    """A warm-up job: load the model and run one second of audio; no source allowed."""

    legacy: LegacyOptions | None = None

    @model_validator(mode="before")
    @classmethod
    def _accept_legacy_input(cls, data: Any) -> Any:
        if isinstance(data, dict) and _LEGACY_ONLY_KEYS & data.keys():
            return _from_legacy(data)
        return data

    @model_validator(mode="after")
    def _check_sources(self) -> Self:
        given = [name for name in AUDIO_SOURCES if getattr(self, name) is not None]
        if self.warmup:
            if given:
                raise ValueError(f"a warm-up job takes no audio source (got {', '.join(given)})")
        elif len(given) != 1:
            names = ", ".join(AUDIO_SOURCES)
            raise ValueError(
                f"exactly one audio source is required, one of {names} (got {len(given)})"
            )
        return self

    @property
    def source_kind(self) -> str | None:
        return next((name for name in AUDIO_SOURCES if getattr(self, name) is not None), None)


class _Output(BaseModel):
    """Results: snake_case on the worker's wire; `by_alias=True` dumps the public camelCase."""

    model_config = ConfigDict(
        extra="forbid",
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
    )


class Word(_Output):
    start: float
    end: float
    word: str
    probability: float


class Segment(_Output):
    id: int
    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float
    words: list[Word] | None = Field(default=None, exclude_if=lambda v: v is None)


class PrivacyEntity(_Output):
    """One piece of PII found in the transcript (offsets into the unmasked `text`)."""

    type: str
    start: int
    end: int
    replacement: str
    text: str | None = Field(default=None, exclude_if=lambda v: v is None)
    """The original value; only when the worker is configured to return it."""


class PrivacyResult(_Output):
    privacy_exist: Literal["Y", "N"]
    exist_reason: str
    """Which kinds of PII were found, in the transcript's language; empty when none."""
    text: str
    """The transcript with every entity replaced."""
    privacy_types: list[str]
    entities: list[PrivacyEntity]


class ClassificationResult(_Output):
    code: str
    """A taxonomy code, e.g. `CLASS_PRE_SALES`."""
    category: str
    """The category's name in the transcript's language, e.g. `사전판매`."""
    confidence: float = Field(ge=0, le=100)
    reason: str
    method: Literal["llm", "rules"]


class AgentResult(_Output):
    summary: str
    key_points: list[str]
    action_items: list[str]
    customer_sentiment: Literal["positive", "neutral", "negative"]
    method: Literal["llm", "extractive"]


class StageError(_Output):
    code: str
    message: str


class StageErrors(_Output):
    """The stages that failed, each with `{code: STAGE_FAILURE, message}`."""

    privacy_removal: StageError | None = Field(default=None, exclude_if=lambda v: v is None)
    classification: StageError | None = Field(default=None, exclude_if=lambda v: v is None)
    ai_agent: StageError | None = Field(default=None, exclude_if=lambda v: v is None)


class ProcessingSteps(_Output):
    """Which pipeline steps ran for this job."""

    stt: bool = False
    privacy_removal: bool = False
    classification: bool = False
    ai_agent: bool = False


class Timings(_Output):
    """Wall-clock seconds per step; a stage's time only when it ran."""

    download: float = 0.0
    decode: float = 0.0
    transcribe: float = 0.0
    privacy_removal: float | None = Field(default=None, exclude_if=lambda v: v is None)
    classification: float | None = Field(default=None, exclude_if=lambda v: v is None)
    ai_agent: float | None = Field(default=None, exclude_if=lambda v: v is None)
    total: float = 0.0


class TranscriptionResult(_Output):
    """The `data` of a successful transcription job."""

    text: str
    language: str
    language_probability: float
    duration: float
    """Seconds of audio."""
    task: Task
    segments: list[Segment] | None = Field(default=None, exclude_if=lambda v: v is None)
    srt: str | None = Field(default=None, exclude_if=lambda v: v is None)
    vtt: str | None = Field(default=None, exclude_if=lambda v: v is None)
    privacy_removal: PrivacyResult | None = Field(default=None, exclude_if=lambda v: v is None)
    classification: ClassificationResult | None = Field(
        default=None, exclude_if=lambda v: v is None
    )
    ai_agent: AgentResult | None = Field(default=None, exclude_if=lambda v: v is None)
    stage_errors: StageErrors | None = Field(default=None, exclude_if=lambda v: v is None)
    """Stages that failed (`{code: STAGE_FAILURE, message}`): the transcript is still returned."""
    processing_steps: ProcessingSteps
    timings: Timings
    model: str
    device: str
    compute_type: str
    batched: bool
    """Whether the long-audio batched pipeline transcribed it."""


class WarmupTimings(_Output):
    model_load: float
    inference: float
    total: float


class WarmupResult(_Output):
    """The `data` of a warm-up job."""

    status: Literal["WARM"] = "WARM"
    model: str
    device: str
    compute_type: str
    model_was_loaded: bool
    """True when the model was already in memory before this job (a warm worker)."""
    timings: WarmupTimings
