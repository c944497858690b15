"""`make run`: the whole platform on this machine, no RunPod account needed.

Starts the local RunPod-compatible runner (the real worker handler on the bundled model) and
the orchestrator pointed at it, both on loopback; prints the URLs and example calls; Ctrl-C
stops both.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

import httpx

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def wait_ready(url: str, process: subprocess.Popen[bytes], name: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{name} exited with code {process.returncode}; see its log above")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    sys.exit(f"{name} did not become ready within {timeout:.0f} s")


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--api-port", type=int, default=8000)
    parser.add_argument("--runner-port", type=int, default=8001)
    parser.add_argument("--concurrency", type=int, default=1, help="jobs the runner runs at once")
    args = parser.parse_args()

    runner_base = f"http://127.0.0.1:{args.runner_port}/v2"
    api = f"http://127.0.0.1:{args.api_port}"
    worker_env = {
        **os.environ,
        "STT_MODEL": os.environ.get("STT_MODEL", str(ROOT / "models" / "whisper-base")),
        "STT_ALLOWED_FILE_ROOTS": str(SAMPLES),
        # Local S3 emulators and test servers live on loopback.
        "STT_HTTP__ALLOW_PRIVATE_ADDRESSES": "true",
    }
    api_env = {
        **os.environ,
        "AI_RUNPOD__ENDPOINT_ID": "local",
        "AI_RUNPOD__BASE_URL": runner_base,
        "AI_FILES__ROOTS": str(SAMPLES),
        "AI_FILES__WORKER_ROOT": str(SAMPLES),  # the runner sees the same disk
    }
    python = sys.executable
    processes: list[subprocess.Popen[bytes]] = []

    def shutdown(signum: int, _frame: FrameType | None) -> None:
        print("\nstopping…", flush=True)
        stop(processes)
        sys.exit(0)

    signal.signal(signal.SIGINT, shutdown)
    signal.signal(signal.SIGTERM, shutdown)
    try:
        runner = subprocess.Popen(
            [python, "-m", "stt_worker.local_runner", "--port", str(args.runner_port),
             "--concurrency", str(args.concurrency)],
            cwd=ROOT,
            env=worker_env,
        )  # fmt: skip
        processes.append(runner)
        wait_ready(f"{runner_base}/local/health", runner, "the local runner", timeout=180)
        server = subprocess.Popen(
            [python, "-m", "uvicorn", "--factory", "ai_server.main:create_app",
             "--host", "127.0.0.1", "--port", str(args.api_port), "--log-level", "warning"],
            cwd=ROOT,
            env=api_env,
        )  # fmt: skip
        processes.append(server)
        wait_ready(f"{api}/health", server, "the orchestrator", timeout=60)
    except BaseException:
        stop(processes)
        raise

    print(
        f"""
  Orchestrator  {api}      (API docs: {api}/docs)
  Local runner  {runner_base}/local   (RunPod serverless API v2, real worker handler)
  Files under   {SAMPLES}

  Try, in another terminal:
    curl -s {api}/api/v1/transcriptions -H 'Content-Type: application/json' \\
      -d '{{"filePath": "en_support_call.wav", "language": "en"}}'
    curl -s -X POST {api}/api/v1/gpu/warmup
    curl -s {api}/api/v1/transcriptions -H 'Content-Type: application/json' \\
      -d '{{"filePath": "ko_support_call.wav", "mode": "async"}}'
    curl -s {api}/api/v1/transcriptions/<jobId>
    curl -s {api}/api/v1/gpu/status

  Ctrl-C stops both.
""",
        flush=True,
    )
    while all(p.poll() is None for p in processes):
        time.sleep(0.5)
    stop(processes)
    sys.exit("a process exited unexpectedly; see its log above")


if __name__ == "__main__":
    main()
