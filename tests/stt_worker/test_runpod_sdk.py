"""The handler run by the real runpod SDK, as RunPod runs it: `--test_input` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EN_SAMPLE, MODEL_DIR, ROOT, SAMPLES

pytestmark = pytest.mark.slow


def run_worker(job_input: dict[str, object], temp_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "STT_MODEL": str(MODEL_DIR),
        "STT_ALLOWED_FILE_ROOTS": str(SAMPLES),
        "STT_TEMP_DIR": str(temp_dir),
    }
    return subprocess.run(
        [sys.executable, "-m", "stt_worker.handler", "--test_input", json.dumps(job_input)],
        cwd=temp_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def test_sdk_runs_a_transcription_job(job_tmp: Path) -> None:
    proc = run_worker({"input": {"file_path": str(EN_SAMPLE), "language": "en"}}, job_tmp)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert "Job local_test completed successfully" in log
    assert "thank you for calling customer support" in log


def test_sdk_marks_a_bad_job_failed_with_our_error_code(job_tmp: Path) -> None:
    proc = run_worker({"input": {"file_path": "/etc/passwd"}}, job_tmp)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 1, log
    assert '"code":"FORBIDDEN_PATH"' in log
    assert "Traceback" not in log


def test_committed_test_input_is_a_warmup(job_tmp: Path) -> None:
    """`test_input.json` is what the RunPod console's test button runs."""
    job = json.loads((ROOT / "test_input.json").read_text())
    proc = run_worker(job, job_tmp)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert "'status': 'WARM'" in log
