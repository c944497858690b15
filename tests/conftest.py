"""Real resources for the tests: the bundled Whisper model, an S3 API over HTTP (moto's server),
a local HTTP file server, and audio files in several formats made from the committed samples."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import wave
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import av
import boto3
import numpy as np
import pytest
import uvicorn
from fastapi import FastAPI
from moto.server import ThreadedMotoServer

from ai_server.config import FileSettings, RunPodSettings, Settings
from ai_server.config import S3Settings as ServerS3Settings
from stt_worker.config import HttpSettings, S3Settings, WorkerSettings
from stt_worker.engine import WhisperEngine
from stt_worker.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
EN_SAMPLE = SAMPLES / "en_support_call.wav"
KO_SAMPLE = SAMPLES / "ko_support_call.wav"
EN_SCRIPT = (SAMPLES / "en_support_call.txt").read_text(encoding="utf-8").strip()
MODEL_DIR = Path(os.environ.get("STT_TEST_MODEL", ROOT / "models" / "whisper-base"))
BUCKET = "call-recordings"


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn on a free loopback port in a background thread."""
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped while starting"
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        assert not thread.is_alive(), "uvicorn did not stop"


@contextmanager
def serving_http(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve a plain `http.server` handler on a free loopback port in a thread; yields its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# --- the model -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def engine() -> WhisperEngine:
    """The real multilingual whisper-base (CTranslate2, int8 on the CPU), loaded once."""
    if not (MODEL_DIR / "model.bin").is_file():
        pytest.fail(f"no model at {MODEL_DIR}: run `make model` (make test does it for you)")
    return WhisperEngine(WorkerSettings(model=str(MODEL_DIR), device="auto", compute_type="auto"))


# --- S3 over HTTP ----------------------------------------------------------------------------


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    client: Any

    def put(self, key: str, data: bytes) -> str:
        self.client.put_object(Bucket=BUCKET, Key=key, Body=data)
        return f"s3://{BUCKET}/{key}"

    def presign(self, key: str, expires: int = 600) -> str:
        url: str = self.client.generate_presigned_url(
            "get_object", Params={"Bucket": BUCKET, "Key": key}, ExpiresIn=expires
        )
        return url


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """moto's S3 API served over HTTP on loopback, with one bucket."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    try:
        yield S3Server(endpoint, client)
    finally:
        server.stop()


# --- a plain HTTP server ---------------------------------------------------------------------


class _FileHandler(BaseHTTPRequestHandler):
    """Serves files from `root`, plus routes that misbehave on purpose."""

    root: Path
    hits: dict[str, int]

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.hits[path] = self.hits.get(path, 0) + 1
        if path.startswith("/status/"):
            self._send(int(path.rsplit("/", 1)[1]), b"nope")
        elif path.startswith("/flaky/"):
            # 503 on the first request, the file afterwards.
            if self.hits[path] == 1:
                self._send(503, b"busy")
            else:
                self._send(200, (self.root / path.removeprefix("/flaky/")).read_bytes())
        elif path.startswith("/redirect/"):
            self._send(302, headers={"Location": "/files/" + path.removeprefix("/redirect/")})
        elif path == "/endless":
            # No Content-Length: the size cap must stop the download while streaming.
            self.send_response(200)
            self.end_headers()
            chunk = b"\0" * 65536
            try:
                for _ in range(1000):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/huge":
            self._send(200, b"", headers={"Content-Length": str(50 * 1024**3)})
        elif path.startswith("/files/"):
            file = self.root / path.removeprefix("/files/")
            if file.is_file():
                self._send(200, file.read_bytes(), {"Content-Type": "audio/wav"})
            else:
                self._send(404, b"missing")
        else:
            self._send(404, b"missing")


@dataclass(frozen=True)
class HttpServer:
    base_url: str
    hits: dict[str, int]

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"


@pytest.fixture(scope="session")
def http_server(audio_files: AudioFiles) -> Iterator[HttpServer]:
    """A real HTTP server on loopback serving the audio files under /files/."""
    hits: dict[str, int] = {}
    handler = type("Handler", (_FileHandler,), {"root": audio_files.root, "hits": hits})
    with serving_http(handler) as url:
        yield HttpServer(url, hits)


# --- audio files -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AudioFiles:
    root: Path

    def __getitem__(self, name: str) -> Path:
        path = self.root / name
        assert path.exists(), name
        return path


def _transcode(source: Path, target: Path, codec: str, rate: int = 16000) -> None:
    """Re-encode `source` with PyAV (the same FFmpeg the worker decodes with)."""
    with av.open(str(source)) as src, av.open(str(target), "w") as dst:
        out = dst.add_stream(codec, rate=rate)
        out.layout = "mono"
        resampler = av.AudioResampler(format=out.format.name, layout="mono", rate=rate)
        for frame in src.decode(audio=0):
            for resampled in resampler.resample(frame):
                for packet in out.encode(resampled):
                    dst.mux(packet)
        for packet in out.encode(None):
            dst.mux(packet)


LONG_REPEATS = 12
"""long_en.wav is the English sample this many times, 1.2 s of silence after each (≈ 138 s)."""


def _repeat_with_pauses(source: Path, target: Path, times: int, pause: float) -> None:
    with wave.open(str(source), "rb") as src:
        params, frames = src.getparams(), src.readframes(src.getnframes())
    silence = b"\0" * (int(params.framerate * pause) * params.sampwidth * params.nchannels)
    with wave.open(str(target), "wb") as out:
        out.setparams(params)
        out.writeframes((frames + silence) * times)


def _video_only(target: Path) -> None:
    with av.open(str(target), "w") as dst:
        stream = dst.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for _ in range(10):
            frame = av.VideoFrame.from_ndarray(np.zeros((64, 64, 3), np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                dst.mux(packet)
        for packet in stream.encode(None):
            dst.mux(packet)


@pytest.fixture(scope="session")
def audio_files(tmp_path_factory: pytest.TempPathFactory) -> AudioFiles:
    """The committed samples, the English one in other containers, and broken files."""
    root = tmp_path_factory.mktemp("audio")
    shutil.copy(EN_SAMPLE, root / "en.wav")
    shutil.copy(KO_SAMPLE, root / "ko.wav")
    for name, codec, rate in [
        ("en.mp3", "mp3", 16000),
        ("en.flac", "flac", 16000),
        ("en.ogg", "libopus", 48000),
        ("en.m4a", "aac", 44100),
    ]:
        _transcode(EN_SAMPLE, root / name, codec, rate)
    data = EN_SAMPLE.read_bytes()
    (root / "empty.wav").write_bytes(b"")
    (root / "truncated.wav").write_bytes(data[: len(data) // 2])
    (root / "header_only.wav").write_bytes(data[:30])
    (root / "notes.wav").write_text("this is a text file, not audio\n" * 20)
    _repeat_with_pauses(EN_SAMPLE, root / "long_en.wav", LONG_REPEATS, pause=1.2)
    _video_only(root / "video_only.mp4")
    return AudioFiles(root)


# --- orchestrator settings -------------------------------------------------------------------


def orchestrator_settings(
    runpod: RunPodSettings, s3_server: S3Server, audio_files: AudioFiles, **settings: Any
) -> Settings:
    """Orchestrator settings over the test S3 server and audio files; a runner on the same
    machine sees the files at the same paths unless `files` says otherwise."""
    defaults: dict[str, Any] = {
        "s3": ServerS3Settings(
            endpoint_url=s3_server.endpoint_url,
            region="us-east-1",
            access_key_id="testing",
            secret_access_key="testing",
            allowed_buckets=[BUCKET],
            staging_bucket=BUCKET,
        ),
        "files": FileSettings(roots=[audio_files.root], worker_root=str(audio_files.root)),
    }
    return Settings(runpod=runpod, **{**defaults, **settings})


# --- worker settings and pipeline ------------------------------------------------------------


@pytest.fixture
def job_tmp(tmp_path: Path) -> Iterator[Path]:
    """The parent of per-job temporary directories; it must be empty again after each test."""
    path = tmp_path / "jobs"
    path.mkdir()
    yield path
    leftovers = sorted(p.name for p in path.iterdir())
    assert leftovers == [], f"temporary files left behind: {leftovers}"


@pytest.fixture
def worker_settings(audio_files: AudioFiles, s3_server: S3Server, job_tmp: Path) -> WorkerSettings:
    return WorkerSettings(
        model=str(MODEL_DIR),
        allowed_file_roots=[audio_files.root],
        temp_dir=job_tmp,
        s3=S3Settings(
            endpoint_url=s3_server.endpoint_url,
            region="us-east-1",
            access_key_id="testing",
            secret_access_key="testing",
        ),
        http=HttpSettings(allow_private_addresses=True, retries=2, retry_backoff=0.01),
    )


@pytest.fixture
def make_pipeline(
    worker_settings: WorkerSettings, engine: WhisperEngine
) -> Iterator[Callable[..., Pipeline]]:
    """Build a pipeline on the shared real engine, with settings overridden as asked."""
    made: list[Pipeline] = []

    def make(**overrides: Any) -> Pipeline:
        settings = worker_settings.model_copy(update=overrides)
        pipeline = Pipeline(settings, engine=engine)
        made.append(pipeline)
        return pipeline

    yield make
    for pipeline in made:
        pipeline.close()


@pytest.fixture
def pipeline(make_pipeline: Callable[..., Pipeline]) -> Pipeline:
    return make_pipeline()
