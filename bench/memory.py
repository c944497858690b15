"""Memory vs length: peak RSS of a fresh worker process transcribing 1, 10 and 60 minutes.

Each measurement is a subprocess (`python -m bench.memory --probe ...`) so peaks don't mix:
it loads the model, runs one second of audio (so the model's working buffers exist), records
its RSS (the "model-loaded" baseline), transcribes the file once, and reports its peak RSS
(VmHWM). Ours goes through the handler (windowed decoding); the baseline is what the worker did
before, and what most whisper servers do: decode the whole file, then run the batched pipeline
over it. Beam size 1 keeps the hour-long runs short; memory does not depend on it much.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import wave
from pathlib import Path
from typing import Any

from bench.common import (
    MODEL_DIR,
    ROOT,
    BenchResult,
    audio_dir,
    speech_audio,
    wav_seconds,
    worker_env,
)

TARGET_EXTRA_MB = 400.0


def _rss_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field}")


def _probe(mode: str, path: Path) -> dict[str, Any]:
    """Runs inside the measured subprocess."""
    import numpy as np

    from stt_worker.config import WorkerSettings
    from stt_worker.handler import handle
    from stt_worker.pipeline import Pipeline

    settings = WorkerSettings(model=str(MODEL_DIR), allowed_file_roots=[path.parent])
    pipeline = Pipeline(settings)
    engine = pipeline.engine
    noise = np.random.default_rng(0).normal(0, 0.05, 16_000 * 30).astype(np.float32)
    segments, _ = engine._model.transcribe(noise, language="en", beam_size=1)  # type: ignore[attr-defined]
    list(segments)
    loaded = _rss_mb("VmRSS")
    started = time.perf_counter()
    if mode == "ours":
        job = {"file_path": str(path), "language": "en", "beam_size": 1, "output_formats": ["text"]}
        output = handle({"id": "memory", "input": job}, pipeline)
        if output.get("error"):
            raise SystemExit(f"job failed: {output['error']}")
    else:
        from faster_whisper import BatchedInferencePipeline, decode_audio

        samples = decode_audio(str(path))
        batched = BatchedInferencePipeline(engine._model)  # type: ignore[attr-defined]
        segments, _ = batched.transcribe(samples, language="en", beam_size=1, batch_size=8)
        list(segments)
    return {
        "loaded_mb": loaded,
        "peak_mb": _rss_mb("VmHWM"),
        "seconds": time.perf_counter() - started,
    }


def _measure(mode: str, path: Path) -> dict[str, Any]:
    proc = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "bench.memory", "--probe", mode, str(path)],
        cwd=ROOT,
        env=worker_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"memory probe failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _repeat(source: Path, target: Path, times: int) -> None:
    if target.is_file():
        return
    with wave.open(str(source), "rb") as src:
        params, frames = src.getparams(), src.readframes(src.getnframes())
    tmp = target.with_suffix(".tmp")
    with wave.open(str(tmp), "wb") as out:
        out.setparams(params)
        for _ in range(times):
            out.writeframes(frames)
    tmp.replace(target)


def run(quick: bool) -> BenchResult:
    directory = audio_dir()
    one = directory / "memory_1min.wav"
    speech_audio(60, one, seed=3)
    if quick:
        five = directory / "memory_5min.wav"
        speech_audio(300, five, seed=11)
        lengths = {1: one, 5: five}
    else:
        ten = directory / "memory_10min.wav"
        speech_audio(600, ten, seed=11)
        hour = directory / "memory_60min.wav"
        _repeat(ten, hour, 6)
        lengths = {1: one, 10: ten, 60: hour}
    rows: list[list[Any]] = []
    data: dict[str, Any] = {}
    for minutes, path in lengths.items():
        ours = _measure("ours", path)
        bare = _measure("bare", path)
        data[f"{minutes}min"] = {"audio_seconds": wav_seconds(path), "ours": ours, "bare": bare}
        rows.append(
            [
                f"{minutes} min",
                ours["loaded_mb"],
                ours["peak_mb"],
                ours["peak_mb"] - ours["loaded_mb"],
                bare["peak_mb"],
                bare["peak_mb"] - bare["loaded_mb"],
                ours["seconds"],
                bare["seconds"],
            ]
        )
    longest = max(lengths)
    extra = rows[-1][3]
    met = extra <= TARGET_EXTRA_MB
    return BenchResult(
        name="memory",
        title="Peak RSS vs audio length (fresh process each; whisper-base int8, beam 1)",
        columns=[
            "audio",
            "model-loaded MiB",
            "ours peak MiB",
            "ours extra",
            "whole-file peak MiB",
            "whole-file extra",
            "ours s",
            "whole-file s",
        ],
        rows=rows,
        notes=[
            f"target {longest}-min peak ≤ model-loaded + {TARGET_EXTRA_MB:.0f} MiB: "
            f"{'MET' if met else 'NOT MET'} (+{extra:.0f} MiB)",
            "whole-file = decode the whole file, then BatchedInferencePipeline over it (baseline)",
        ],
        data=data,
        plot=lambda png: _plot(rows, png),
    )


def _plot(rows: list[list[Any]], png: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    minutes = [float(str(r[0]).split()[0]) for r in rows]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(minutes, [r[2] for r in rows], "o-", label="ours (windowed)")
    ax.plot(minutes, [r[4] for r in rows], "s--", label="whole file")
    ax.plot(minutes, [r[1] for r in rows], ":", label="model loaded")
    ax.set_xlabel("audio minutes")
    ax.set_ylabel("peak RSS (MiB)")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(png)
    plt.close(fig)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--probe", choices=["ours", "bare"], required=True)
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    print(json.dumps(_probe(args.probe, args.path)))
