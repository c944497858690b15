"""The load test's configuration: a YAML file validated by pydantic, overridable by flags.

Every mapping refuses unknown keys, so a typo is an error, not a silently ignored setting.
Relative local paths (`upload_dir`, a folder, a file to upload, `output`, `histogram`) are
relative to the current directory.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Annotated, Any, Literal, Self
from urllib.parse import urlsplit

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

AUDIO_EXTENSIONS = frozenset(
    {".wav", ".mp3", ".m4a", ".mp4", ".aac", ".flac", ".ogg", ".oga", ".opus", ".webm",
     ".amr", ".wma", ".3gp", ".mka", ".aiff", ".aif"}
)  # fmt: skip
"""File names a `folder` source picks up (the orchestrator accepts the same extensions)."""

_SOURCE_KEYS = frozenset({"filePath", "file_path", "audioUrl", "audio_url"})


class ConfigError(Exception):
    """A configuration the tool cannot run with; the message says what to change."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Target(_Strict):
    url: str = "http://127.0.0.1:8000"
    """Base URL of the server (scheme, host, port, optional prefix); `path` is appended."""
    path: str
    """Route appended to `url` (each kind has its default)."""
    api_key: SecretStr | None = None
    """Sent as `Authorization: Bearer <api_key>`. Prefer `api_key_env`."""
    api_key_env: str | None = None
    """Name of an environment variable that holds the key (read when the config is loaded)."""

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http(s) URL with a host, e.g. http://127.0.0.1:8000")
        if parts.query or parts.fragment:
            raise ValueError("must not carry a query or a fragment")
        return value.rstrip("/")

    @field_validator("path")
    @classmethod
    def _check_path(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError("must start with '/'")
        return value

    @model_validator(mode="after")
    def _check_key(self) -> Self:
        if self.api_key is not None and self.api_key_env is not None:
            raise ValueError("set api_key or api_key_env, not both")
        if self.api_key_env is not None and not os.environ.get(self.api_key_env):
            raise ValueError(f"api_key_env names ${self.api_key_env}, which is not set")
        return self

    def bearer(self) -> str | None:
        """The API key to send, from `api_key` or the variable `api_key_env` names."""
        if self.api_key is not None:
            return self.api_key.get_secret_value()
        if self.api_key_env is not None:
            return os.environ.get(self.api_key_env) or None
        return None

    @property
    def endpoint(self) -> str:
        """The full URL requests are POSTed to."""
        return f"{self.url}{self.path}"


class ApiTarget(_Target):
    """Our orchestrator: `POST /api/v1/transcriptions` with a JSON body, answered by the
    `{"success", "data", "error"}` envelope."""

    kind: Literal["api"] = "api"
    path: str = "/api/v1/transcriptions"
    """Route of the transcription API."""
    body: dict[str, Any] = Field(default_factory=dict)
    """Fields sent in every request besides the audio source, e.g. `language`, `privacyRemoval`,
    `timeoutSeconds`, decoding options. `filePath` / `audioUrl` come from `audio`."""

    @field_validator("body")
    @classmethod
    def _check_body(cls, body: dict[str, Any]) -> dict[str, Any]:
        sources = sorted(_SOURCE_KEYS & body.keys())
        if sources:
            raise ValueError(f"{', '.join(sources)} comes from the audio section, not the body")
        if body.get("mode", "sync") != "sync":
            raise ValueError(
                "mode must be 'sync': the load test measures how long a transcription takes"
            )
        if "webhookUrl" in body or "webhook_url" in body:
            raise ValueError("webhookUrl needs mode 'async', which the load test does not use")
        return body


class OpenAITarget(_Target):
    """Any OpenAI-compatible server: `POST /v1/audio/transcriptions`, a multipart upload."""

    kind: Literal["openai"]
    path: str = "/v1/audio/transcriptions"
    """Route of the transcription endpoint."""
    model: str = Field("whisper-1", min_length=1)
    """The `model` form field."""
    language: str | None = None
    """The `language` form field (ISO code); omitted when unset."""
    response_format: Literal["json", "verbose_json"] = "json"
    """The `response_format` form field; both answer JSON with a `text` field."""
    fields: dict[str, str | int | float | bool] = Field(default_factory=dict)
    """More form fields, e.g. `temperature`, `prompt`."""

    @field_validator("fields")
    @classmethod
    def _check_fields(
        cls, fields: dict[str, str | int | float | bool]
    ) -> dict[str, str | int | float | bool]:
        taken = sorted({"file", "model", "language", "response_format"} & fields.keys())
        if taken:
            raise ValueError(f"{', '.join(taken)} has a key of its own in the target section")
        return fields


class SyntheticAudio(_Strict):
    """Fresh audio for every request (no two requests send the same bytes, so no cache helps)."""

    source: Literal["synthetic"]
    kind: Literal["syllables", "tone", "noise"] = "syllables"
    """`syllables`: voiced, speech-like bursts with pauses; `tone`: a random tone sequence;
    `noise`: white noise (Silero VAD finds no speech in it, so the worker is fast)."""
    duration: float = Field(3.0, gt=0, le=600)
    """Seconds of audio per request."""
    sample_rate: int = Field(16000, ge=8000, le=48000)
    """Samples per second of the 16-bit mono WAV."""
    seed: int | None = None
    """Make the run reproducible (each request still gets different audio)."""
    upload_dir: Path | None = None
    """api target only, required there: a local directory the server can read (inside one of
    its `AI_FILES__ROOTS`). Each run writes its files into a new sub-directory of it and removes
    them when done."""
    server_dir: str | None = None
    """api target only: how the server names `upload_dir` (relative to its first allowed root,
    or absolute). Unset: the absolute local path is sent (tool and server share a disk)."""


class FolderAudio(_Strict):
    """Real recordings: every audio file directly inside a local folder, in turn or at random."""

    source: Literal["folder"]
    path: Path
    """The local folder."""
    order: Literal["round_robin", "random"] = "round_robin"
    """`round_robin` in name order, or `random` (with replacement)."""
    seed: int | None = None
    """Seed of the `random` order."""
    server_dir: str | None = None
    """api target only: how the server names the folder (see `SyntheticAudio.server_dir`)."""

    @field_validator("path")
    @classmethod
    def _check_folder(cls, path: Path) -> Path:
        if not path.is_dir():
            raise ValueError(f"{str(path)!r} is not a directory")
        if not any(_is_audio(p) for p in path.iterdir()):
            raise ValueError(f"{str(path)!r} holds no audio file ({', '.join(_EXAMPLES)}, …)")
        return path


class FileAudio(_Strict):
    """One file for every request. api target: `path` is sent as `filePath` as is (the server
    resolves it, relative to its first allowed root); openai target: a local file, uploaded."""

    source: Literal["file"]
    path: str = Field(min_length=1)


class UrlAudio(_Strict):
    """api target only: `url` is sent as `audioUrl` (an S3 URL the server accepts)."""

    source: Literal["url"]
    url: str = Field(min_length=1)


AudioConfig = Annotated[
    SyntheticAudio | FolderAudio | FileAudio | UrlAudio, Field(discriminator="source")
]
TargetConfig = Annotated[ApiTarget | OpenAITarget, Field(discriminator="kind")]


class LoadTestConfig(_Strict):
    """One load test: where to send, what audio, how many requests, how fast, how long."""

    target: TargetConfig = Field(default_factory=ApiTarget)
    """The server under test (`kind: api` by default, or `kind: openai`)."""
    audio: AudioConfig
    """What each request transcribes."""
    requests: int = Field(20, ge=1, le=100_000)
    """Measured requests."""
    warmup: int = Field(0, ge=0, le=10_000)
    """Requests sent first and left out of the statistics (model load, caches, connections)."""
    concurrency: int = Field(1, ge=1, le=256)
    """Requests in flight at once (one worker each)."""
    delay: float = Field(0.0, ge=0, le=3600)
    """Seconds between the starts of two requests of one worker (0: back to back)."""
    duration: float | None = Field(None, gt=0, le=86_400)
    """Seconds after the start of the run (warm-up included) when no new request is sent;
    requests in flight finish or time out. Unset: only `warmup + requests` bounds the run."""
    timeout: float = Field(300.0, gt=0, le=3600)
    """Seconds one request may take, connection included, before it counts as TIMEOUT."""
    output: Path | None = None
    """The JSON results file; `stt-loadtest-<UTC time>.json` in the current directory if unset."""
    histogram: Path | None = None
    """A PNG latency histogram (needs matplotlib)."""

    @model_validator(mode="before")
    @classmethod
    def _default_target_kind(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("target"), dict):
            data = {**data, "target": {"kind": "api", **data["target"]}}
        return data

    @model_validator(mode="after")
    def _check_combination(self) -> Self:
        target, audio = self.target, self.audio
        if target.kind == "openai":
            if isinstance(audio, UrlAudio):
                raise ValueError("audio source 'url' works with the api target only")
            if getattr(audio, "server_dir", None) is not None:
                raise ValueError("audio.server_dir is used by the api target only")
            if isinstance(audio, SyntheticAudio) and audio.upload_dir is not None:
                raise ValueError("audio.upload_dir is used by the api target only")
            if isinstance(audio, FileAudio) and not Path(audio.path).is_file():
                raise ValueError(f"audio.path {audio.path!r} is not a file (it is uploaded)")
        elif isinstance(audio, SyntheticAudio) and audio.upload_dir is None:
            raise ValueError(
                "synthetic audio for the api target needs audio.upload_dir: a directory the "
                "server can read (inside one of its AI_FILES__ROOTS)"
            )
        return self

    def redacted(self) -> dict[str, Any]:
        """The configuration as JSON-ready data, with the API key masked."""
        return self.model_dump(mode="json")


_EXAMPLES = (".wav", ".mp3", ".flac", ".m4a", ".ogg")


def _is_audio(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in AUDIO_EXTENSIONS


# --- loading ---------------------------------------------------------------------------------


def read_yaml(path: Path) -> dict[str, Any]:
    """Read a YAML mapping from `path`.

    Raises:
        ConfigError: the file is missing, is not YAML, or is not a mapping.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path} must hold a mapping of settings, not {type(data).__name__}")
    return data


def set_dotted(data: dict[str, Any], key: str, value: Any) -> None:
    """Set `data["a"]["b"] = value` for `key` "a.b", creating mappings on the way.

    Raises:
        ConfigError: a part of the key names something that is not a mapping.
    """
    parts = key.split(".")
    if not all(parts):
        raise ConfigError(f"bad setting name {key!r}")
    node = data
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise ConfigError(f"cannot set {key!r}: {part!r} is not a mapping")
        node = child
    node[parts[-1]] = value


def validate_config(data: dict[str, Any], origin: str = "the configuration") -> LoadTestConfig:
    """Validate raw settings into a `LoadTestConfig`.

    Raises:
        ConfigError: with one line per problem, naming the key (`target.url: ...`).
    """
    try:
        return LoadTestConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(describe_errors(exc, origin)) from exc


def load_config(
    path: Path | None, overrides: dict[str, Any] | None = None, *, origin: str | None = None
) -> LoadTestConfig:
    """Load the YAML file at `path` (none: defaults only), apply `overrides`, validate.

    Args:
        path: The YAML file, or None to start from the defaults.
        overrides: Dotted keys and their values (`{"target.url": ..., "requests": 5}`).
        origin: How error messages name the configuration (default: the file).

    Raises:
        ConfigError: the file cannot be read or parsed, or a setting is invalid.
    """
    data = read_yaml(path) if path is not None else {}
    for key, value in (overrides or {}).items():
        set_dotted(data, key, value)
    return validate_config(data, origin or (str(path) if path else "the flags"))


def describe_errors(exc: ValidationError, origin: str) -> str:
    """Turn pydantic's errors into `origin` plus one `key: problem` line each."""
    lines = [f"invalid configuration in {origin}:"]
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        # Drop the union tag pydantic puts after `target` / `audio` (`target.api.body`).
        if len(loc) >= 2 and loc[0] in ("target", "audio") and error["type"] != "union_tag_invalid":
            loc = [loc[0], *loc[2:]]
        where = ".".join(loc) or "config"
        kind = error["type"]
        if kind == "extra_forbidden":
            message = "unknown key"
        elif kind == "missing":
            message = "required, missing"
        else:
            message = error["msg"].removeprefix("Value error, ")
        if kind not in ("extra_forbidden", "missing") and not isinstance(error["input"], dict):
            message += f" (got {error['input']!r})"
        lines.append(f"  {where}: {message}")
    return "\n".join(lines)


# --- where traffic may go --------------------------------------------------------------------


def is_loopback_url(url: str) -> bool:
    """Whether `url`'s host is `localhost` or a loopback address (127.0.0.0/8, ::1).

    Names are not resolved: any other host name counts as remote.
    """
    host = urlsplit(url).hostname
    if host is None:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_target_allowed(config: LoadTestConfig, *, allow_remote: bool) -> None:
    """Refuse a target that is not on this machine unless `allow_remote` is set.

    Raises:
        ConfigError: the target is remote and `allow_remote` is false.
    """
    if allow_remote or is_loopback_url(config.target.url):
        return
    host = urlsplit(config.target.url).hostname
    raise ConfigError(
        f"refusing to load-test {config.target.url}: {host!r} is not a loopback address "
        "(127.0.0.0/8, ::1, localhost). A load test can hurt a shared server and cost money; "
        "pass --allow-remote if you own the target and mean it."
    )
