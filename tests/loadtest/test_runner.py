"""The load test against the real stack, in-process over real HTTP on loopback: orchestrator →
local RunPod runner → worker handler on whisper-base."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from loadtest.cli import main
from loadtest.config import validate_config
from loadtest.runner import RunResult, run_load_test_sync
from tests.conftest import ROOT
from tests.loadtest.conftest import API_KEY, Stack, write_yaml


def api_config(stack: Stack, tmp_path: Path, audio: dict[str, Any]) -> dict[str, Any]:
    return {
        "target": {
            "kind": "api",
            "url": stack.url,
            "api_key": API_KEY,
            "body": {"language": "en", "mode": "sync"},
        },
        "audio": audio,
        "requests": 4,
        "warmup": 1,
        "concurrency": 2,
        "timeout": 60,
        "output": str(tmp_path / "results.json"),
    }


def assert_well_formed(result: RunResult, measured: int, warmup: int) -> None:
    summary = result.summary
    assert (summary.requests, summary.ok, summary.failed) == (measured, measured, 0), [
        (r.code, r.message) for r in result.records if not r.ok
    ]
    assert (summary.warmup, summary.warmup_failed) == (warmup, 0)
    phases = [r.phase for r in result.records]
    assert phases == ["warmup"] * warmup + ["measured"] * measured
    # The warm-up is over before the first measured request starts.
    warmup_end = max(r.start + (r.latency or 0) for r in result.records if r.phase == "warmup")
    assert warmup_end <= min(r.start for r in result.records if r.phase == "measured")
    latency = summary.latency
    assert latency is not None and latency.count == measured
    assert 0 < latency.min <= latency.median <= latency.p95 <= latency.p99 <= latency.max
    assert latency.min <= latency.mean <= latency.max
    assert summary.throughput == pytest.approx(measured / summary.window)
    assert summary.stopped_by == "count"
    assert all(r.job_id for r in result.records), "every answer names its job"


def test_a_sample_file_path(stack: Stack, tmp_path: Path) -> None:
    config = validate_config(api_config(stack, tmp_path, {"source": "file", "path": "en.wav"}))
    result = run_load_test_sync(config)

    assert_well_formed(result, measured=4, warmup=1)
    assert {r.audio for r in result.records} == {"en.wav"}
    assert all(r.audio_seconds == pytest.approx(10.276, abs=0.05) for r in result.records)

    # results.json is not written by the library call; the CLI writes it (next tests).
    assert not (tmp_path / "results.json").exists()


def test_synthetic_files_in_an_upload_dir_inside_the_allowed_root(
    stack: Stack, tmp_path: Path
) -> None:
    upload_dir = stack.root / f"uploads-{tmp_path.name}"
    audio = {
        "source": "synthetic",
        "kind": "noise",
        "duration": 1.0,
        "upload_dir": str(upload_dir),
        "server_dir": upload_dir.name,  # relative to the server's root
    }
    result = run_load_test_sync(validate_config(api_config(stack, tmp_path, audio)))

    assert_well_formed(result, measured=4, warmup=1)
    assert len({r.audio for r in result.records}) == 5, "a new file per request"
    assert all(r.audio_seconds == pytest.approx(1.0, abs=0.01) for r in result.records)
    assert not upload_dir.exists(), "the run removes its files and the directory it created"


def test_the_cli_writes_results_and_fails_when_every_request_fails(
    stack: Stack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_yaml(
        tmp_path / "lt.yaml", api_config(stack, tmp_path, {"source": "file", "path": "en.wav"})
    )
    # The real orchestrator refuses a wrong key and a missing file: a dead run is exit code 1.
    wrong_key = main(
        ["-c", str(config), "--api-key", "nope", "-n", "2", "-w", "0", "--no-progress"]
    )
    assert wrong_key == 1
    out, err = capsys.readouterr()
    assert "UNAUTHORIZED" in out
    assert "every measured request failed (UNAUTHORIZED ×2)" in err

    missing = main(["-c", str(config), "--file", "missing.wav", "-n", "3", "-w", "1"])
    assert missing == 1
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert results["summary"]["failures"] == {"FILE_NOT_FOUND": 3}
    assert results["summary"]["warmup"] == 1
    assert [r["status"] for r in results["records"]] == [404] * 4
    assert results["config"]["target"]["api_key"] == "**********", "the key is never written"
    assert results["config"]["audio"] == {"source": "file", "path": "missing.wav"}
    assert results["target"] == {"kind": "api", "endpoint": f"{stack.url}/api/v1/transcriptions"}


@pytest.mark.slow
def test_the_command_against_the_stack(stack: Stack, tmp_path: Path) -> None:
    upload_dir = stack.root / f"cli-uploads-{tmp_path.name}"
    data = api_config(
        stack,
        tmp_path,
        {"source": "synthetic", "kind": "noise", "duration": 1.0, "upload_dir": str(upload_dir)},
    )
    data["target"].pop("api_key")
    data["target"]["api_key_env"] = "LOADTEST_TEST_KEY"
    config = write_yaml(tmp_path / "lt.yaml", data)
    env = {**os.environ, "LOADTEST_TEST_KEY": API_KEY}

    done = subprocess.run(
        [sys.executable, "-m", "loadtest", "--config", str(config)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert done.stderr == "", "no progress bar without a terminal, no warnings"
    lines = done.stdout.splitlines()
    assert lines[0] == f"stt-loadtest: api {stack.url}/api/v1/transcriptions"
    table = dict(line.split("  ", 1) for line in lines[2:] if "  " in line)
    assert table["requests"].strip() == "4 of 4"
    assert table["ok"].strip() == "4"
    assert table["warm-up (not counted)"].strip() == "1 (0 failed)"
    for name in ("mean", "median", "min", "max", "p95", "p99"):
        assert float(table[f"latency {name} (s)"]) > 0
    assert lines[-1] == f"results: {tmp_path / 'results.json'}"

    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert results["summary"]["ok"] == 4
    assert len(results["records"]) == 5
    assert results["config"]["target"]["api_key_env"] == "LOADTEST_TEST_KEY"
    assert not upload_dir.exists()
