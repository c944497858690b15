"""The audio each request sends: synthetic WAVs made in memory, files from a folder, one fixed
file, or a URL the server fetches.

For the api target audio goes by reference (`filePath` or `audioUrl`): synthetic files are
written into the configured `upload_dir`, in a sub-directory of this run, and removed once the
server has answered (or at the end of the run). For the openai target the bytes are uploaded.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import shutil
import uuid
import wave
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np

from loadtest.config import (
    AUDIO_EXTENSIONS,
    ConfigError,
    FileAudio,
    FolderAudio,
    LoadTestConfig,
    SyntheticAudio,
    UrlAudio,
)

logger = logging.getLogger(__name__)

_PEAK = 0.5  # of full scale: loud enough to be heard, far from clipping


@dataclass(frozen=True)
class AudioItem:
    """The audio of one request: exactly one of `data`, `file_path`, `audio_url` is set."""

    name: str
    """A label for the results (a file name)."""
    data: bytes | None = None
    """Bytes to upload (openai target)."""
    file_path: str | None = None
    """The `filePath` to send (api target)."""
    audio_url: str | None = None
    """The `audioUrl` to send (api target)."""
    temporary: Path | None = None
    """A file this run wrote for the request, to remove once the server is done with it."""


# --- synthetic audio -------------------------------------------------------------------------


def synthetic_samples(
    rng: np.random.Generator, duration: float, sample_rate: int, kind: str = "syllables"
) -> np.ndarray:
    """Float samples in [-_PEAK, _PEAK] of a random signal of `duration` seconds.

    Args:
        rng: The random generator; a fresh one per request gives fresh audio.
        duration: Seconds of audio.
        sample_rate: Samples per second.
        kind: `syllables` (voiced, speech-like bursts separated by pauses), `tone` (a sequence
            of pure tones) or `noise` (white noise).
    """
    n = max(1, round(duration * sample_rate))
    if kind == "noise":
        signal = rng.normal(0.0, 1.0, n)
    else:
        signal = rng.normal(0.0, 1e-3, n)  # a faint noise floor, as a room has
        position = int(rng.integers(0, max(1, sample_rate // 5)))
        while position < n:
            if kind == "tone":
                length = int(rng.uniform(0.08, 0.4) * sample_rate)
                burst = _tone(rng, length, sample_rate)
                gap = int(rng.uniform(0.0, 0.15) * sample_rate)
            else:
                length = int(rng.uniform(0.12, 0.35) * sample_rate)
                burst = _syllable(rng, length, sample_rate)
                gap = int(rng.uniform(0.03, 0.3) * sample_rate)
            end = min(n, position + len(burst))
            signal[position:end] += burst[: end - position]
            position = end + gap
    peak = float(np.max(np.abs(signal))) or 1.0
    result: np.ndarray = signal * (_PEAK / peak)
    return result


def _tone(rng: np.random.Generator, length: int, sample_rate: int) -> np.ndarray:
    t = np.arange(length) / sample_rate
    tone: np.ndarray = np.sin(2 * np.pi * rng.uniform(200.0, 2000.0) * t) * np.hanning(length)
    return tone


def _syllable(rng: np.random.Generator, length: int, sample_rate: int) -> np.ndarray:
    """A voiced burst: a gliding pitch with harmonics shaped by two random formants."""
    t = np.arange(length) / sample_rate
    f0_start, f0_end = rng.uniform(90.0, 250.0), rng.uniform(90.0, 250.0)
    phase = 2 * np.pi * np.cumsum(np.linspace(f0_start, f0_end, length)) / sample_rate
    formants = (rng.uniform(300.0, 900.0), rng.uniform(900.0, 2500.0))
    burst = np.zeros(length)
    harmonics = int(min(3800.0, sample_rate / 2 - 200) // max(f0_start, f0_end))
    for k in range(1, max(2, harmonics)):
        frequency = k * (f0_start + f0_end) / 2
        gain = sum(np.exp(-(((frequency - f) / 150.0) ** 2)) for f in formants) + 0.05
        burst += gain / k**0.5 * np.sin(k * phase + rng.uniform(0, 2 * np.pi))
    burst *= np.hanning(length) * (1 + 0.3 * np.sin(2 * np.pi * rng.uniform(3, 7) * t))
    return burst


def encode_wav(samples: np.ndarray, sample_rate: int) -> bytes:
    """16-bit PCM mono WAV bytes of float `samples` in [-1, 1]."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


def synthetic_wav(
    duration: float,
    sample_rate: int = 16000,
    kind: str = "syllables",
    rng: np.random.Generator | None = None,
) -> bytes:
    """A WAV file of fresh random audio (see `synthetic_samples`), as bytes."""
    rng = rng if rng is not None else np.random.default_rng()
    return encode_wav(synthetic_samples(rng, duration, sample_rate, kind), sample_rate)


# --- sources ---------------------------------------------------------------------------------


class AudioSource:
    """Hands out the audio of request number `index`; `close()` removes what it wrote."""

    async def item(self, index: int) -> AudioItem:
        """The audio of request `index` (0-based, warm-up requests first)."""
        raise NotImplementedError

    async def release(self, item: AudioItem) -> None:
        """The server is done with `item`: remove its temporary file, if any."""
        if item.temporary is not None:
            await asyncio.to_thread(item.temporary.unlink, missing_ok=True)

    def close(self) -> None:
        """Remove every file and directory this source created."""


class SyntheticSource(AudioSource):
    """A new random WAV per request: uploaded (openai) or written to `upload_dir` (api)."""

    def __init__(self, config: SyntheticAudio, by_reference: bool):
        self._config = config
        self._seed = config.seed
        self._run_dir: Path | None = None
        self._created_upload_dir: Path | None = None
        self._server_dir: PurePosixPath | None = None
        if by_reference:
            assert config.upload_dir is not None  # the config validator guarantees it
            upload_dir = config.upload_dir.absolute()
            try:
                if not upload_dir.exists():
                    upload_dir.mkdir(parents=True)
                    self._created_upload_dir = upload_dir
                run_dir = upload_dir / f"stt-loadtest-{uuid.uuid4().hex[:12]}"
                run_dir.mkdir()
            except OSError as exc:
                raise ConfigError(
                    f"cannot write into audio.upload_dir {upload_dir}: {exc}"
                ) from exc
            self._run_dir = run_dir
            if config.server_dir is not None:
                self._server_dir = PurePosixPath(config.server_dir) / run_dir.name
            logger.info("synthetic files go to %s", run_dir)

    @property
    def run_dir(self) -> Path | None:
        """The directory this run writes its files into (api target), removed by `close()`."""
        return self._run_dir

    def _rng(self, index: int) -> np.random.Generator:
        if self._seed is None:
            return np.random.default_rng()
        return np.random.default_rng([self._seed, index])

    async def item(self, index: int) -> AudioItem:
        config = self._config
        data = await asyncio.to_thread(
            synthetic_wav, config.duration, config.sample_rate, config.kind, self._rng(index)
        )
        name = f"synthetic-{index:06d}-{uuid.uuid4().hex[:8]}.wav"
        if self._run_dir is None:
            return AudioItem(name=name, data=data)
        path = self._run_dir / name
        await asyncio.to_thread(path.write_bytes, data)
        file_path = str(self._server_dir / name) if self._server_dir else str(path)
        return AudioItem(name=name, file_path=file_path, temporary=path)

    def close(self) -> None:
        if self._run_dir is not None:
            shutil.rmtree(self._run_dir, ignore_errors=True)
            self._run_dir = None
        if self._created_upload_dir is not None:
            with contextlib.suppress(OSError):  # only if nothing else was put there
                self._created_upload_dir.rmdir()
            self._created_upload_dir = None


class FolderSource(AudioSource):
    """The audio files directly inside a folder, in name order or at random."""

    def __init__(self, config: FolderAudio, by_reference: bool):
        folder = config.path.absolute()
        self._files = sorted(
            p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in AUDIO_EXTENSIONS
        )
        if not self._files:
            raise ConfigError(f"audio.path {folder} holds no audio file")
        self._random = config.order == "random"
        self._rng = np.random.default_rng(config.seed)
        self._by_reference = by_reference
        self._server_dir = PurePosixPath(config.server_dir) if config.server_dir else None

    @property
    def files(self) -> list[Path]:
        """The files this source picks from."""
        return list(self._files)

    async def item(self, index: int) -> AudioItem:
        if self._random:
            file = self._files[int(self._rng.integers(len(self._files)))]
        else:
            file = self._files[index % len(self._files)]
        if self._by_reference:
            path = str(self._server_dir / file.name) if self._server_dir else str(file)
            return AudioItem(name=file.name, file_path=path)
        return AudioItem(name=file.name, data=await asyncio.to_thread(file.read_bytes))


class FileSource(AudioSource):
    """The same file every time: its path (api) or its bytes, read once (openai)."""

    def __init__(self, config: FileAudio, by_reference: bool):
        self._name = PurePosixPath(config.path).name
        self._path = config.path if by_reference else None
        self._data: bytes | None = None
        if not by_reference:
            try:
                self._data = Path(config.path).read_bytes()
            except OSError as exc:
                raise ConfigError(f"cannot read audio.path {config.path}: {exc}") from exc

    async def item(self, index: int) -> AudioItem:
        return AudioItem(name=self._name, data=self._data, file_path=self._path)


class UrlSource(AudioSource):
    """The same `audioUrl` every time (the server fetches it)."""

    def __init__(self, config: UrlAudio):
        self._url = config.url

    async def item(self, index: int) -> AudioItem:
        return AudioItem(name=self._url.rsplit("/", 1)[-1] or self._url, audio_url=self._url)


def make_source(config: LoadTestConfig) -> AudioSource:
    """The audio source `config` asks for.

    Raises:
        ConfigError: a directory cannot be written or a file cannot be read.
    """
    by_reference = config.target.kind == "api"
    audio = config.audio
    if isinstance(audio, SyntheticAudio):
        return SyntheticSource(audio, by_reference)
    if isinstance(audio, FolderAudio):
        return FolderSource(audio, by_reference)
    if isinstance(audio, FileAudio):
        return FileSource(audio, by_reference)
    return UrlSource(audio)
