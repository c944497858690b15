"""How one request is sent to each kind of target, and how its answer is judged.

- api (our orchestrator): success is HTTP 200 with the envelope's `success: true`; a failure
  is named by the envelope's `error.code`, else `HTTP_<status>`.
- openai (`/v1/audio/transcriptions`): success is HTTP 200 with a JSON `text` string; a failure
  is `HTTP_<status>`.

A 200 answer that is not what the target promises is `INVALID_RESPONSE`. Transport failures
(`TIMEOUT`, `CONNECTION_ERROR`) are named by the runner.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

from loadtest._version import __version__
from loadtest.audio import AudioItem
from loadtest.config import ApiTarget, OpenAITarget

INVALID_RESPONSE = "INVALID_RESPONSE"
TIMEOUT = "TIMEOUT"
CONNECTION_ERROR = "CONNECTION_ERROR"
AUDIO_ERROR = "AUDIO_ERROR"
_MESSAGE_LIMIT = 300


@dataclass(frozen=True)
class Outcome:
    """What one request came to."""

    ok: bool
    status: int | None = None
    """The HTTP status; None when no answer came."""
    code: str | None = None
    """The failure's code; None on success."""
    message: str | None = None
    """The failure's message, shortened."""
    job_id: str | None = None
    """The server's job id (api target), when it sent one."""
    audio_seconds: float | None = None
    """The audio's duration as the server measured it, when it sent one."""


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 1] + "…"


def _json(content: bytes) -> Any:
    try:
        return json.loads(content)
    except ValueError:
        return None


def judge_api_answer(status: int, content: bytes) -> Outcome:
    """Judge an answer of `POST /api/v1/transcriptions` (status and raw body)."""
    body = _json(content)
    envelope = body if isinstance(body, dict) and "success" in body else None
    if envelope is not None and status == 200 and envelope.get("success") is True:
        data = envelope.get("data")
        data = data if isinstance(data, dict) else {}
        job_id = data.get("jobId")
        seconds = data.get("duration")
        return Outcome(
            ok=True,
            status=status,
            job_id=job_id if isinstance(job_id, str) else None,
            audio_seconds=float(seconds) if isinstance(seconds, int | float) else None,
        )
    error = envelope.get("error") if envelope is not None else None
    if isinstance(error, dict) and isinstance(error.get("code"), str) and error["code"]:
        details = error.get("details")
        job_id = details.get("jobId") if isinstance(details, dict) else None
        return Outcome(
            ok=False,
            status=status,
            code=error["code"],
            message=_short(str(error.get("message", ""))),
            job_id=job_id if isinstance(job_id, str) else None,
        )
    text = _short(content.decode("utf-8", "replace"))
    if status == 200:
        return Outcome(ok=False, status=status, code=INVALID_RESPONSE, message=text)
    return Outcome(ok=False, status=status, code=f"HTTP_{status}", message=text)


def judge_openai_answer(status: int, content: bytes) -> Outcome:
    """Judge an answer of an OpenAI-compatible `POST /v1/audio/transcriptions`."""
    body = _json(content)
    if status == 200:
        if isinstance(body, dict) and isinstance(body.get("text"), str):
            seconds = body.get("duration")  # verbose_json carries it
            return Outcome(
                ok=True,
                status=status,
                audio_seconds=float(seconds) if isinstance(seconds, int | float) else None,
            )
        return Outcome(
            ok=False,
            status=status,
            code=INVALID_RESPONSE,
            message=_short(content.decode("utf-8", "replace")),
        )
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        message = error["message"]
    else:
        message = content.decode("utf-8", "replace")
    return Outcome(ok=False, status=status, code=f"HTTP_{status}", message=_short(message))


class Target:
    """Sends one request of a load test and judges the answer."""

    def __init__(self, config: ApiTarget | OpenAITarget):
        self.config = config
        self.endpoint = config.endpoint
        self.headers = {"User-Agent": f"stt-loadtest/{__version__}"}
        key = config.bearer()
        if key:
            self.headers["Authorization"] = f"Bearer {key}"

    async def send(self, client: httpx.AsyncClient, item: AudioItem) -> Outcome:
        """POST `item` and judge the answer; transport errors propagate (httpx's)."""
        raise NotImplementedError


class ApiClientTarget(Target):
    """Our `POST /api/v1/transcriptions`: the configured body plus `filePath` or `audioUrl`."""

    config: ApiTarget

    async def send(self, client: httpx.AsyncClient, item: AudioItem) -> Outcome:
        body = dict(self.config.body)
        if item.file_path is not None:
            body["filePath"] = item.file_path
        elif item.audio_url is not None:
            body["audioUrl"] = item.audio_url
        else:  # pragma: no cover - make_source never hands bytes to the api target
            raise ValueError("the api target sends audio by filePath or audioUrl")
        response = await client.post(self.endpoint, json=body, headers=self.headers)
        return judge_api_answer(response.status_code, response.content)


class OpenAIClientTarget(Target):
    """An OpenAI-compatible `POST /v1/audio/transcriptions`: a multipart upload."""

    config: OpenAITarget

    async def send(self, client: httpx.AsyncClient, item: AudioItem) -> Outcome:
        if item.data is None:  # pragma: no cover - make_source always reads the bytes here
            raise ValueError("the openai target uploads the audio's bytes")
        config = self.config
        form: dict[str, str] = {
            "model": config.model,
            "response_format": config.response_format,
        }
        if config.language:
            form["language"] = config.language
        for name, value in config.fields.items():
            form[name] = str(value).lower() if isinstance(value, bool) else str(value)
        files = {"file": (item.name, item.data, _content_type(item.name))}
        response = await client.post(self.endpoint, data=form, files=files, headers=self.headers)
        return judge_openai_answer(response.status_code, response.content)


_CONTENT_TYPES = {
    ".wav": "audio/wav",
    ".mp3": "audio/mpeg",
    ".flac": "audio/flac",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
    ".m4a": "audio/mp4",
    ".mp4": "audio/mp4",
    ".aac": "audio/aac",
    ".webm": "audio/webm",
}


def _content_type(name: str) -> str:
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return _CONTENT_TYPES.get(suffix, "application/octet-stream")


def make_target(config: ApiTarget | OpenAITarget) -> Target:
    """The sender for `config`'s kind of target."""
    if isinstance(config, ApiTarget):
        return ApiClientTarget(config)
    return OpenAIClientTarget(config)
