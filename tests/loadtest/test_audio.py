"""Synthetic audio and the audio sources, on the real file system."""

from __future__ import annotations

import asyncio
import io
import wave
from pathlib import Path

import numpy as np
import pytest

from loadtest.audio import FolderSource, SyntheticSource, encode_wav, synthetic_wav
from loadtest.config import FolderAudio, SyntheticAudio
from stt_worker.audio import decode


def samples_of(data: bytes) -> tuple[np.ndarray, int]:
    with wave.open(io.BytesIO(data)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        pcm = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
        return pcm.astype(np.float64) / 32767, wav.getframerate()


@pytest.mark.parametrize("kind", ["syllables", "tone", "noise"])
def test_synthetic_wav_is_fresh_audio_of_the_asked_length(kind: str) -> None:
    first, second = synthetic_wav(1.5, 16000, kind), synthetic_wav(1.5, 16000, kind)
    assert first != second
    samples, rate = samples_of(first)
    assert rate == 16000
    assert len(samples) == 24000
    assert np.max(np.abs(samples)) == pytest.approx(0.5, abs=0.01)


def test_the_worker_decodes_it(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.wav"
    path.write_bytes(synthetic_wav(2.0, 8000, "syllables"))
    decoded = decode(path, max_duration=60)  # the worker's FFmpeg decoder, resampled to 16 kHz
    assert len(decoded) == pytest.approx(32000, abs=160)


def test_syllables_have_pauses_and_voice() -> None:
    samples, _ = samples_of(synthetic_wav(3.0, 16000, "syllables", np.random.default_rng(3)))
    frames = samples[: len(samples) // 320 * 320].reshape(-1, 320)  # 20 ms
    rms = np.sqrt(np.mean(frames**2, axis=1))
    assert np.mean(rms < 0.01) > 0.1, "silent gaps between syllables"
    assert np.mean(rms > 0.05) > 0.3, "voiced stretches"


def test_a_seed_repeats_the_run_and_still_varies_the_requests() -> None:
    config = SyntheticAudio(source="synthetic", duration=0.3, seed=11)

    async def three(source: SyntheticSource) -> list[bytes]:
        items = [await source.item(i) for i in range(3)]
        return [item.data or b"" for item in items]

    run_a = asyncio.run(three(SyntheticSource(config, by_reference=False)))
    run_b = asyncio.run(three(SyntheticSource(config, by_reference=False)))
    assert run_a == run_b
    assert len(set(run_a)) == 3


def test_synthetic_files_live_in_a_run_directory(tmp_path: Path) -> None:
    upload_dir = tmp_path / "shared-root" / "uploads"
    upload_dir.mkdir(parents=True)
    (upload_dir / "keep.wav").write_bytes(b"someone else's file")
    config = SyntheticAudio(
        source="synthetic", duration=0.2, upload_dir=upload_dir, server_dir="uploads"
    )
    source = SyntheticSource(config, by_reference=True)
    run_dir = source.run_dir
    assert run_dir is not None and run_dir.parent == upload_dir

    async def use() -> None:
        first = await source.item(0)
        second = await source.item(1)
        assert first.data is None and first.temporary is not None
        assert first.file_path == f"uploads/{run_dir.name}/{first.name}"
        assert first.temporary.read_bytes() != (second.temporary or Path()).read_bytes()
        await source.release(first)
        assert not first.temporary.exists()
        assert second.temporary is not None and second.temporary.exists()

    asyncio.run(use())
    source.close()
    assert sorted(p.name for p in upload_dir.iterdir()) == ["keep.wav"]

    # Without server_dir the absolute local path is sent; a directory it made is removed.
    made = tmp_path / "made" / "here"
    absolute = SyntheticSource(
        SyntheticAudio(source="synthetic", duration=0.2, upload_dir=made), by_reference=True
    )
    item = asyncio.run(absolute.item(0))
    assert item.file_path == str(item.temporary) and Path(item.file_path).is_absolute()
    absolute.close()
    assert not made.exists()


def test_folder_order(tmp_path: Path) -> None:
    for name in ("b.wav", "a.mp3", "c.flac", "readme.md"):
        (tmp_path / name).write_bytes(encode_wav(np.zeros(10), 8000))
    in_turn = FolderSource(
        FolderAudio(source="folder", path=tmp_path, server_dir="calls"), by_reference=True
    )
    items = [asyncio.run(in_turn.item(i)) for i in range(4)]
    assert [i.file_path for i in items] == [
        "calls/a.mp3",
        "calls/b.wav",
        "calls/c.flac",
        "calls/a.mp3",
    ]

    config = FolderAudio(source="folder", path=tmp_path, order="random", seed=5)

    async def picks() -> list[str]:
        source = FolderSource(config, by_reference=False)
        return [(await source.item(i)).name for i in range(12)]

    first = asyncio.run(picks())
    assert set(first) <= {"a.mp3", "b.wav", "c.flac"} and len(set(first)) > 1
    assert asyncio.run(picks()) == first
