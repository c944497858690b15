"""Decoding audio files into 16 kHz mono float32 samples, with every failure given a code."""

from __future__ import annotations

import logging
import struct
from pathlib import Path

import av
import numpy as np
from faster_whisper import decode_audio

from shared.errors import ErrorCode, ServiceError
from stt_worker.engine import SAMPLE_RATE

logger = logging.getLogger(__name__)

_UNKNOWN_RIFF_SIZES = (0, 0xFFFFFFFF)  # streaming writers leave the size open


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


def load(path: Path, max_duration: float) -> np.ndarray:
    """Probe then decode `path` to 16 kHz mono float32 samples.

    Raises:
        ServiceError: UNSUPPORTED_FORMAT or AUDIO_TOO_LONG (see `probe`).
    """
    probe(path, max_duration)
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
