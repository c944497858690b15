"""Decoding: windows cut at pauses with bounded memory, and the whole-file path."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import pytest

from shared.errors import ErrorCode, ServiceError
from stt_worker import audio
from stt_worker.engine import SAMPLE_RATE
from stt_worker.pipeline import Pipeline
from tests.conftest import EN_SCRIPT, LONG_REPEATS, AudioFiles
from tests.stt_worker.test_handler import ok, run, wer


@pytest.mark.parametrize(("window", "search"), [(30, 10), (15, 30)])
def test_windows_cover_the_file_and_cut_in_pauses(
    audio_files: AudioFiles, window: float, search: float
) -> None:
    path = audio_files["long_en.wav"]
    whole = audio.decode(path, max_duration=3600)
    windows = list(audio.stream_windows(path, max_duration=3600, window=window, search=search))
    assert len(windows) >= 4
    # Contiguous, nothing lost or repeated; a search wider than half the window is narrowed.
    joined = np.concatenate([w.samples for w in windows])
    assert joined.size == whole.size
    np.testing.assert_allclose(joined, whole, atol=1e-4)
    position = 0
    for piece in windows[:-1]:
        assert window / 2 * SAMPLE_RATE <= piece.samples.size <= (window + search) * SAMPLE_RATE
    for piece in windows:
        assert piece.offset == pytest.approx(position / SAMPLE_RATE)
        position += piece.samples.size
    # Every cut is inside one of the 1.2 s pauses: near-silence on both sides.
    for piece in windows[1:]:
        cut = int(piece.offset * SAMPLE_RATE)
        around = whole[cut - 1600 : cut + 1600]  # ±100 ms
        assert float(np.abs(around).max()) < 0.01, piece.offset


def test_windows_enforce_the_duration_limit(audio_files: AudioFiles) -> None:
    with pytest.raises(ServiceError) as info:
        list(audio.stream_windows(audio_files["long_en.wav"], max_duration=60, window=30))
    assert info.value.code is ErrorCode.AUDIO_TOO_LONG


def test_long_audio_is_transcribed_window_by_window_with_global_timestamps(
    make_pipeline: Callable[..., Pipeline], audio_files: AudioFiles
) -> None:
    pipeline = make_pipeline(window_duration=30)
    data = ok(
        run(
            pipeline,
            file_path=str(audio_files["long_en.wav"]),
            language="auto",
            output_formats=["text", "words"],
        )
    )
    assert data["duration"] == pytest.approx(137.7, abs=0.2)
    assert data["language"] == "en"
    segments = data["segments"]
    assert [s["id"] for s in segments] == list(range(len(segments)))
    assert segments[-1]["end"] > 120
    starts = [s["start"] for s in segments]
    assert starts == sorted(starts)
    words = [w for s in segments for w in s["words"]]
    assert all(a["start"] <= b["start"] for a, b in itertools.pairwise(words))
    measured = wer(" ".join([EN_SCRIPT] * LONG_REPEATS), data["text"])
    print(f"\nWER of the windowed transcript (138 s, 30 s windows): {measured:.3f}")
    assert measured <= 0.12
