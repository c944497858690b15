"""Decoding audio files into 16 kHz mono float32 samples, with every failure given a code."""

from __future__ import annotations

import itertools
import logging
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from faster_whisper import decode_audio
from faster_whisper.vad import VadOptions, get_speech_timestamps

from shared.errors import ErrorCode, ServiceError
from stt_worker.engine import SAMPLE_RATE

logger = logging.getLogger(__name__)

_UNKNOWN_RIFF_SIZES = (0, 0xFFFFFFFF)  # streaming writers leave the size open
WINDOW_SEARCH = 30.0
"""Seconds either side of a window's target length searched for a pause to cut at."""


def _unsupported(reason: str, message: str) -> ServiceError:
    return ServiceError(ErrorCode.UNSUPPORTED_FORMAT, message, {"reason": reason})


def _check_riff_complete(path: Path, size: int) -> None:
    """A WAV whose RIFF header promises more bytes than the file holds was cut short."""
    with path.open("rb") as fh:
        header = fh.read(12)
    if len(header) < 12 or header[:4] != b"RIFF" or header[8:12] != b"WAVE":
        return
    (riff_size,) = struct.unpack("<I", header[4:8])
    if riff_size not in _UNKNOWN_RIFF_SIZES and riff_size + 8 > size:
        raise _unsupported(
            "truncated",
            f"The WAV file is truncated: its header declares {riff_size + 8} bytes "
            f"but the file has {size}.",
        )


def probe(path: Path, max_duration: float) -> float | None:
    """Check that `path` is audio within the duration limit before decoding it.

    Returns:
        The container's declared duration in seconds, or None when it does not declare one.

    Raises:
        ServiceError: UNSUPPORTED_FORMAT for empty, truncated, non-audio or audio-less files;
            AUDIO_TOO_LONG when the declared duration is over `max_duration`.
    """
    size = path.stat().st_size
    if size == 0:
        raise _unsupported("empty", "The audio file is empty (0 bytes).")
    _check_riff_complete(path, size)
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise _unsupported("no_audio_stream", "The file has no audio stream.")
            duration = container.duration / av.time_base if container.duration else None
    except av.error.FFmpegError as exc:
        raise _unsupported(
            "undecodable", "The file is not a supported audio format (it could not be decoded)."
        ) from exc
    if duration is not None and duration > max_duration:
        raise _too_long(duration, max_duration)
    return duration


def _too_long(duration: float, max_duration: float) -> ServiceError:
    return ServiceError(
        ErrorCode.AUDIO_TOO_LONG,
        f"The audio is {duration:.0f} s long; the limit is {max_duration:.0f} s.",
        {"duration": round(duration, 3), "max_duration": max_duration},
    )


def decode(path: Path, max_duration: float) -> np.ndarray:
    """Decode a file `probe` accepted to 16 kHz mono float32 samples, all at once.

    Raises:
        ServiceError: UNSUPPORTED_FORMAT or AUDIO_TOO_LONG.
    """
    try:
        samples: np.ndarray = decode_audio(str(path), sampling_rate=SAMPLE_RATE)
    except (av.error.FFmpegError, IndexError, ValueError) as exc:
        raise _unsupported("undecodable", "The audio stream could not be decoded.") from exc
    if samples.size == 0:
        raise _unsupported("no_samples", "The audio stream holds no samples.")
    duration = samples.size / SAMPLE_RATE
    if duration > max_duration:
        raise _too_long(duration, max_duration)
    return samples


@dataclass(frozen=True)
class AudioWindow:
    """A stretch of decoded audio and where it starts in the file."""

    offset: float
    """Seconds from the start of the file."""
    samples: np.ndarray
    """16 kHz mono float32."""


def _decoded_chunks(path: Path) -> Iterator[np.ndarray]:
    """16 kHz mono float32 chunks, decoded and resampled as they are read (never the whole
    file at once). Frames FFmpeg cannot decode are skipped, as faster-whisper does."""
    resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    with av.open(str(path), metadata_errors="ignore") as container:
        stream = container.streams.audio[0]
        frames: Iterator[av.AudioFrame | None] = itertools.chain(
            _valid_frames(container.decode(stream)), [None]
        )
        for frame in frames:
            for out in resampler.resample(frame):
                chunk = out.to_ndarray().reshape(-1)
                yield chunk.astype(np.float32) / 32768.0


def _valid_frames(frames: Iterator[av.AudioFrame]) -> Iterator[av.AudioFrame]:
    while True:
        try:
            yield next(frames)
        except StopIteration:
            return
        except av.error.InvalidDataError:
            continue


def _cut_point(samples: np.ndarray, start: int, stop: int) -> int:
    """Where to cut `samples` between `start` and `stop`: the middle of the longest pause that
    Silero VAD finds there, so no word is split; the quietest 100 ms if there is no pause."""
    region = samples[start:stop]
    speech = get_speech_timestamps(region, VadOptions(min_silence_duration_ms=200, speech_pad_ms=0))
    if not speech:
        return (start + stop) // 2
    edges = [0, *[int(t) for s in speech for t in (s["start"], s["end"])], len(region)]
    gaps = [(edges[i + 1] - edges[i], edges[i], edges[i + 1]) for i in range(0, len(edges), 2)]
    length, gap_start, gap_end = max(gaps)
    if length >= SAMPLE_RATE // 10:
        return start + (gap_start + gap_end) // 2
    frame = SAMPLE_RATE // 10
    usable = len(region) // frame * frame
    energy = np.square(region[:usable]).reshape(-1, frame).mean(axis=1)
    return start + int(np.argmin(energy)) * frame + frame // 2


def stream_windows(
    path: Path, max_duration: float, window: float, search: float = WINDOW_SEARCH
) -> Iterator[AudioWindow]:
    """Decode `path` in windows of about `window` seconds, each cut at a pause.

    Memory stays bounded by the window, whatever the file's length: a one-hour call is never
    held decoded in full (16 kHz float32 is 230 MB an hour, before the model's own copies).

    Args:
        path: A file that `probe` accepted.
        max_duration: Seconds; beyond it AUDIO_TOO_LONG, even if the container understated it.
        window: Target seconds per window.
        search: A cut is looked for within this many seconds on either side of `window`.

    Raises:
        ServiceError: UNSUPPORTED_FORMAT when nothing decodes, AUDIO_TOO_LONG past the limit.
    """
    target = int(window * SAMPLE_RATE)
    margin = min(int(search * SAMPLE_RATE), target // 2)  # never search before the window
    pending: list[np.ndarray] = []
    pending_size = 0
    emitted = 0
    try:
        for chunk in _decoded_chunks(path):
            pending.append(chunk)
            pending_size += chunk.size
            if (emitted + pending_size) / SAMPLE_RATE > max_duration:
                raise _too_long((emitted + pending_size) / SAMPLE_RATE, max_duration)
            if pending_size >= target + margin:
                buffer = np.concatenate(pending)
                cut = _cut_point(buffer, target - margin, target + margin)
                yield AudioWindow(emitted / SAMPLE_RATE, buffer[:cut])
                emitted += cut
                pending, pending_size = [buffer[cut:]], buffer.size - cut
    except av.error.FFmpegError as exc:
        raise _unsupported("undecodable", "The audio stream could not be decoded.") from exc
    if pending_size:
        yield AudioWindow(emitted / SAMPLE_RATE, np.concatenate(pending))
    elif emitted == 0:
        raise _unsupported("no_samples", "The audio stream holds no samples.")
