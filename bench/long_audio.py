"""Long audio: bare sequential faster-whisper vs our automatic path (windows + batched pipeline).

Same model object, same decoding settings (beam 5, VAD on, language en), same 10-minute file
(2 minutes with --quick); time, speed-up and WER of each against the script.
"""

from __future__ import annotations

import logging
import time

from faster_whisper import decode_audio

from bench.common import MODEL_DIR, BenchResult, audio_dir, speech_audio, wav_seconds, wer
from stt_worker.config import WorkerSettings
from stt_worker.engine import WhisperEngine
from stt_worker.handler import handle
from stt_worker.pipeline import Pipeline

logger = logging.getLogger(__name__)

SPEEDUP_TARGET = 1.6
WER_TOLERANCE = 0.01


def run(quick: bool) -> BenchResult:
    seconds = 120.0 if quick else 600.0
    path = audio_dir() / f"long_{seconds:g}s.wav"
    script = speech_audio(seconds, path, seed=7)
    length = wav_seconds(path)
    settings = WorkerSettings(model=str(MODEL_DIR), allowed_file_roots=[audio_dir()])
    engine = WhisperEngine(settings)
    pipeline = Pipeline(settings, engine=engine)
    model = engine._model  # the very model our path uses: only the path differs

    try:
        started = time.perf_counter()
        samples = decode_audio(str(path))
        segments, _ = model.transcribe(samples, language="en", beam_size=5, vad_filter=True)
        bare_text = " ".join(s.text.strip() for s in segments)
        bare_time = time.perf_counter() - started

        started = time.perf_counter()
        output = handle(
            {"id": "long", "input": {"file_path": str(path), "language": "en"}}, pipeline
        )
        ours_time = time.perf_counter() - started
    finally:
        pipeline.close()
    data = output["data"]
    bare_wer, ours_wer = wer(script, bare_text), wer(script, data["text"])
    speedup = bare_time / ours_time
    rows = [
        ["bare faster-whisper, sequential", bare_time, length / bare_time, 1.0, bare_wer],
        ["ours (windows + batched)", ours_time, length / ours_time, speedup, ours_wer],
    ]
    met = speedup >= SPEEDUP_TARGET
    wer_ok = ours_wer <= bare_wer + WER_TOLERANCE
    return BenchResult(
        name="long_audio",
        title=f"Long audio: {length / 60:.1f} min of speech, whisper-base {engine.compute_type} "
        f"on {engine.device}",
        columns=["path", "seconds", "× real time", "speed-up", "WER"],
        rows=rows,
        notes=[
            f"target speed-up ≥ {SPEEDUP_TARGET}× on CPU: {'MET' if met else 'NOT MET'} "
            f"({speedup:.2f}×)",
            f"target WER of ours within 1 point of sequential: {'MET' if wer_ok else 'NOT MET'} "
            f"({ours_wer:.3f} vs {bare_wer:.3f})",
            f"our timings: {data['timings']}; batched={data['batched']}",
        ],
        data={
            "audio_seconds": length,
            "bare": {"seconds": bare_time, "wer": bare_wer},
            "ours": {"seconds": ours_time, "wer": ours_wer, "timings": data["timings"]},
            "speedup": speedup,
        },
    )
