"""Servers for the load-test tool to send real HTTP to, all on loopback: the real stack
(orchestrator → local RunPod runner → worker handler on whisper-base) and a fake
OpenAI-compatible transcription server."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from ai_server.config import RunPodSettings
from ai_server.main import create_app
from stt_worker.handler import handle
from stt_worker.local_runner import RunnerSettings, create_runner_app
from stt_worker.pipeline import Pipeline
from tests.conftest import AudioFiles, S3Server, orchestrator_settings, serving

API_KEY = "loadtest-key"


# --- the real stack --------------------------------------------------------------------------


@dataclass(frozen=True)
class Stack:
    """The orchestrator's base URL and the directory its `filePath`s resolve in."""

    url: str
    root: Path


@pytest.fixture
def stack(pipeline: Pipeline, audio_files: AudioFiles, s3_server: S3Server) -> Iterator[Stack]:
    """The orchestrator (requiring `Bearer loadtest-key`) over a runner serving the real
    handler, both served by uvicorn on loopback: the tool speaks real HTTP to them."""
    runner = create_runner_app(
        RunnerSettings(endpoint_id="loadtest", concurrency=1), lambda job: handle(job, pipeline)
    )
    with serving(runner) as runner_url:
        settings = orchestrator_settings(
            RunPodSettings(
                endpoint_id="loadtest",
                base_url=f"{runner_url}/v2",
                poll_interval=0.05,
                sync_timeout=60,
            ),
            s3_server,
            audio_files,
            api_keys=[API_KEY],
        )
        with serving(create_app(settings)) as api_url:
            yield Stack(api_url, audio_files.root)


# --- a fake OpenAI-compatible server ---------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    """One multipart request as the fake server parsed it."""

    headers: dict[str, str]
    fields: dict[str, str]
    file_name: str | None
    file_type: str | None
    file_bytes: bytes


@dataclass
class FakeOpenAI:
    """A fake of an OpenAI-compatible `/v1/audio/transcriptions` (no such server can be reached
    from here): a real HTTP server on loopback that parses the multipart upload and answers
    `{"text": ...}`, or the status `script` gives the n-th request (1-based, by arrival)."""

    base_url: str = ""
    script: dict[int, int] = field(default_factory=dict)
    delay: float = 0.0
    uploads: list[Upload] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, upload: Upload) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.uploads.append(upload)
            number = len(self.uploads)
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        time.sleep(self.delay)
        with self.lock:
            self.in_flight -= 1
        status = self.script.get(number, 200)
        if status == 200:
            return 200, {"text": f"transcript {number}"}
        return status, {"error": {"message": f"scripted {status}", "type": "server_error"}}


def _parse_multipart(content_type: str, body: bytes) -> tuple[dict[str, str], EmailMessage]:
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    assert isinstance(message, EmailMessage) and message.is_multipart(), content_type
    fields: dict[str, str] = {}
    file_part = EmailMessage()
    for part in message.iter_parts():
        assert isinstance(part, EmailMessage)
        name = part.get_param("name", header="content-disposition")
        if part.get_filename() is not None:
            file_part = part
        else:
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            fields[str(name)] = payload.decode()
    return fields, file_part


class _OpenAIHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    fake: FakeOpenAI

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path != "/v1/audio/transcriptions":
            self._send(404, {"error": {"message": "no such route"}})
            return
        fields, file_part = _parse_multipart(self.headers["Content-Type"], body)
        payload = file_part.get_payload(decode=True) if file_part.get_filename() else b""
        upload = Upload(
            headers={k.lower(): v for k, v in self.headers.items()},
            fields=fields,
            file_name=file_part.get_filename(),
            file_type=file_part.get_content_type() if file_part.get_filename() else None,
            file_bytes=payload if isinstance(payload, bytes) else b"",
        )
        status, answer = self.fake.answer(upload)
        self._send(status, answer)

    def _send(self, status: int, answer: dict[str, Any]) -> None:
        data = json.dumps(answer).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out and left is not an error here


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    """The fake OpenAI-compatible server, on a free loopback port."""
    fake = FakeOpenAI()
    handler = type("Handler", (_OpenAIHandler,), {"fake": fake})
    server = _QuietServer(("127.0.0.1", 0), handler)
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, args=(0.05,), name="fake-openai", daemon=True
    )
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def write_yaml(path: Path, data: dict[str, Any]) -> Path:
    """Write `data` as a YAML configuration file."""
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path
