"""Cold vs warm: time to the first transcript in a fresh worker process, against a transcript
after a warm-up job (the baseline, measured in the same process).

Two paths, each repeated:

- the local runner (`python -m stt_worker.local_runner`, RunPod's API over HTTP): from process
  start to the first completed `POST /v2/local/runsync` transcription of the English sample
  (interpreter start, imports, model load, the job), then a warm-up job, then the same
  transcription again;
- in process (a fresh `python -c`): imports, `Pipeline(...)`, the first job (which loads the
  model), the second job.

The model file is in the page cache after the first start, as on a RunPod worker whose image
layers are cached (FlashBoot); a first start from disk is slower than these numbers.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import (
    ROOT,
    SAMPLES,
    BenchResult,
    free_port,
    median,
    server_process,
    wer,
    worker_env,
)

logger = logging.getLogger(__name__)

SAMPLE = SAMPLES / "en_support_call.wav"
SCRIPT = SAMPLES / "en_support_call.txt"
JOB_INPUT = {"file_path": str(SAMPLE), "language": "en"}
WARMUP_INPUT = {"warmup": True}

# Run by a fresh interpreter: times its own imports, Pipeline(...), first and second job.
_CHILD = """
import time
_started = time.time()
import json, sys
t0 = time.perf_counter()
from stt_worker.config import WorkerSettings
from stt_worker.handler import handle
from stt_worker.pipeline import Pipeline
t1 = time.perf_counter()
pipeline = Pipeline(WorkerSettings())
t2 = time.perf_counter()
job = {"id": "cold", "input": json.loads(sys.argv[1])}
first = handle(job, pipeline)
t3 = time.perf_counter()
second = handle({**job, "id": "warm"}, pipeline)
t4 = time.perf_counter()
print(json.dumps({
    "started_at": _started,
    "imports": t1 - t0,
    "pipeline": t2 - t1,
    "first_job": t3 - t2,
    "second_job": t4 - t3,
    "model_load": pipeline.engine.load_seconds,
    "first": first,
    "second": second,
}))
"""


def _runsync(client: Any, url: str, job_input: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    """POST one runsync job; seconds and the COMPLETED job body (RuntimeError otherwise)."""
    started = time.perf_counter()
    response = client.post(url, json={"input": job_input}, params={"wait": 120_000})
    elapsed = time.perf_counter() - started
    body: dict[str, Any] = response.json()
    if response.status_code != 200 or body.get("status") != "COMPLETED":
        raise RuntimeError(f"runsync answered {response.status_code}: {body}")
    output = body.get("output") or {}
    if not output.get("success"):
        raise RuntimeError(f"the job failed: {body}")
    return elapsed, body


def _runner_once(index: int) -> dict[str, Any]:
    """One fresh local runner: cold transcript, warm-up job, warm transcript."""
    import httpx

    port = free_port()
    url = f"http://127.0.0.1:{port}/v2/local/runsync"
    args = ["-m", "stt_worker.local_runner", "--port", str(port)]
    with (
        server_process(f"cold_warm_runner_{index}", args, worker_env()) as runner,
        httpx.Client(timeout=httpx.Timeout(180.0, connect=1.0)) as client,
    ):
        deadline = time.monotonic() + 180
        while True:  # the runner listens only once its model is loaded
            runner.check_alive()
            if time.monotonic() > deadline:
                raise RuntimeError(f"the runner did not answer:\n{runner.log_tail()}")
            try:
                first_request, first = _runsync(client, url, JOB_INPUT)
                break
            except httpx.ConnectError:
                time.sleep(0.02)
        cold = time.perf_counter() - runner.started_at
        warmup, warmup_body = _runsync(client, url, WARMUP_INPUT)
        warm, warm_body = _runsync(client, url, JOB_INPUT)
    result = {
        "cold": cold,
        "listening": cold - first_request,
        "first_request": first_request,
        "warmup_job": warmup,
        "warm": warm,
        "warmup_data": warmup_body["output"]["data"],
        "first_timings": first["output"]["data"]["timings"],
        "warm_timings": warm_body["output"]["data"]["timings"],
        "wer_cold": wer(SCRIPT.read_text(), first["output"]["data"]["text"]),
        "wer_warm": wer(SCRIPT.read_text(), warm_body["output"]["data"]["text"]),
    }
    logger.info(
        "runner %d: cold %.2f s (listening after %.2f s), warm-up job %.2f s, warm %.2f s",
        index + 1,
        cold,
        result["listening"],
        warmup,
        warm,
    )
    return result


def _in_process_once(index: int) -> dict[str, Any]:
    """One fresh interpreter running import + Pipeline + two jobs."""
    spawned = time.time()
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", _CHILD, json.dumps(JOB_INPUT)],
        cwd=ROOT,
        env=worker_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    total = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"the in-process run failed:\n{done.stderr[-3000:]}")
    child: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    for key in ("first", "second"):
        if not child[key].get("success"):
            raise RuntimeError(f"the {key} in-process job failed: {child[key]}")
    result = {
        "interpreter": child["started_at"] - spawned,
        "imports": child["imports"],
        "pipeline": child["pipeline"],
        "model_load": child["model_load"],
        "first_job": child["first_job"],
        "first_job_after_load": child["first_job"] - child["model_load"],
        "second_job": child["second_job"],
        "process_total": total,
        "first_job_timings": child["first"]["data"]["timings"],
        "second_job_timings": child["second"]["data"]["timings"],
    }
    logger.info(
        "in-process %d: imports %.2f s, first job %.2f s (model %.2f s), second job %.2f s",
        index + 1,
        result["imports"],
        result["first_job"],
        result["model_load"],
        result["second_job"],
    )
    return result


def run(quick: bool) -> BenchResult:
    repeats = 1 if quick else 3
    runner_runs = [_runner_once(i) for i in range(repeats)]
    in_process = [_in_process_once(i) for i in range(repeats)]

    def stats(runs: list[dict[str, Any]], key: str) -> tuple[float, float, float]:
        values = [r[key] for r in runs]
        return median(values), min(values), max(values)

    warm = stats(runner_runs, "warm")[0]
    second = stats(in_process, "second_job")[0]

    def row(label: str, runs: list[dict[str, Any]], key: str, base: float) -> list[Any]:
        mid, low, high = stats(runs, key)
        return [label, mid, low, high, f"{mid / base:.2f}×"]

    rows = [
        row("runner: cold — process start → first transcript", runner_runs, "cold", warm),
        row("  runner: start → listening (imports, model load)", runner_runs, "listening", warm),
        row("  runner: first transcription request", runner_runs, "first_request", warm),
        row("runner: warm-up job (its own time)", runner_runs, "warmup_job", warm),
        row("runner: warm transcript (after the warm-up)", runner_runs, "warm", warm),
        row("in-process: interpreter start", in_process, "interpreter", second),
        row("in-process: imports (stt_worker.handler)", in_process, "imports", second),
        row("in-process: Pipeline(WorkerSettings())", in_process, "pipeline", second),
        row("in-process: first job (loads the model)", in_process, "first_job", second),
        row("  in-process: of which model load", in_process, "model_load", second),
        row("  in-process: of which the rest", in_process, "first_job_after_load", second),
        row("in-process: second job", in_process, "second_job", second),
    ]
    cold = stats(runner_runs, "cold")[0]
    first_job = stats(in_process, "first_job")[0]
    notes = [
        f"cold start costs {cold - warm:.2f} s over a warm transcript ({cold / warm:.1f}×) "
        f"through the runner; in process the first job costs {first_job - second:.2f} s more "
        f"than the second ({first_job / second:.1f}×)",
        f"the warm-up job takes {stats(runner_runs, 'warmup_job')[0]:.2f} s once the model is "
        "loaded (the runner loads it before listening, as the RunPod handler does)",
        f"sample {SAMPLE.name} (10.3 s, English); WER cold "
        f"{median([r['wer_cold'] for r in runner_runs]):.3f}, warm "
        f"{median([r['wer_warm'] for r in runner_runs]):.3f}",
        f"medians of {repeats} fresh processes (min–max beside); 'vs warm' divides by the warm "
        "transcript (runner rows) or the second job (in-process rows)",
        "the model file is in the page cache after the first start (as with cached image "
        "layers); a start from cold disk is slower",
    ]
    data = {"repeats": repeats, "runner": runner_runs, "in_process": in_process}

    def plot(png: Path) -> None:
        import matplotlib.pyplot as plt

        fig, axis = plt.subplots(figsize=(8, 4))
        labels = [
            "runner cold",
            "runner warm-up job",
            "runner warm",
            "in-proc first",
            "in-proc second",
        ]
        values = [
            cold,
            stats(runner_runs, "warmup_job")[0],
            warm,
            first_job,
            second,
        ]
        axis.barh(labels[::-1], values[::-1])
        axis.set_xlabel("seconds (median)")
        axis.set_title("Cold vs warm: time to a transcript of a 10 s sample")
        fig.tight_layout()
        fig.savefig(png, dpi=100)
        plt.close(fig)

    return BenchResult(
        name="cold_warm",
        title=f"Cold vs warm (medians of {repeats} fresh processes)",
        columns=["measure", "median (s)", "min (s)", "max (s)", "vs warm"],
        rows=rows,
        notes=notes,
        data=data,
        plot=plot,
    )
