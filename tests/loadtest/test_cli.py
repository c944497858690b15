"""The command in-process against the fake OpenAI-compatible server: pacing, the duration
limit, exit codes, the results file, the histogram and the progress bar."""

from __future__ import annotations

import importlib.util
import itertools
import json
import time
from pathlib import Path
from typing import Any

import pytest

from loadtest.cli import main
from loadtest.config import validate_config
from loadtest.runner import run_load_test_sync
from tests.conftest import free_port
from tests.loadtest.conftest import FakeOpenAI, write_yaml


def openai_yaml(tmp_path: Path, url: str, **overrides: Any) -> Path:
    data: dict[str, Any] = {
        "target": {"kind": "openai", "url": url},
        "audio": {"source": "synthetic", "kind": "tone", "duration": 0.2},
        "requests": 50,
        "warmup": 5,
        "concurrency": 8,
        "timeout": 10,
        "output": str(tmp_path / "results.json"),
    }
    data.update(overrides)
    return write_yaml(tmp_path / "lt.yaml", data)


def results(tmp_path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    return data


def test_flags_override_the_yaml_in_a_run(
    fake_openai: FakeOpenAI, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_openai.delay = 0.05
    config = openai_yaml(tmp_path, fake_openai.base_url)
    code = main(["-c", str(config), "-n", "3", "-w", "1", "-C", "1", "--language", "fr"])
    assert code == 0
    assert len(fake_openai.uploads) == 4
    assert fake_openai.most_in_flight == 1
    assert {u.fields["language"] for u in fake_openai.uploads} == {"fr"}
    assert "authorization" not in fake_openai.uploads[0].headers  # no key configured
    summary = results(tmp_path)["summary"]
    assert (summary["planned"], summary["requests"], summary["ok"], summary["warmup"]) == (
        3,
        3,
        3,
        1,
    )
    out = capsys.readouterr().out
    assert "requests               3 of 3" in out


def test_concurrency_bounds_requests_in_flight(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.delay = 0.2
    data = {
        "target": {"kind": "openai", "url": fake_openai.base_url},
        "audio": {"source": "synthetic", "kind": "noise", "duration": 0.1},
        "requests": 9,
        "concurrency": 3,
    }
    result = run_load_test_sync(validate_config(data))
    assert result.summary.ok == 9
    assert fake_openai.most_in_flight == 3
    # Three waves of three requests of 0.2 s.
    assert 0.55 < result.summary.window < 3.0
    assert result.summary.throughput == pytest.approx(9 / result.summary.window)


def test_delay_spaces_the_starts_of_a_worker(fake_openai: FakeOpenAI) -> None:
    data = {
        "target": {"kind": "openai", "url": fake_openai.base_url},
        "audio": {"source": "synthetic", "kind": "noise", "duration": 0.1},
        "requests": 4,
        "concurrency": 1,
        "delay": 0.15,
    }
    result = run_load_test_sync(validate_config(data))
    starts = [r.start for r in result.records]
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert all(gap >= 0.15 for gap in gaps), gaps


def test_the_duration_limit_stops_early(
    fake_openai: FakeOpenAI, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_openai.delay = 0.3
    config = openai_yaml(tmp_path, fake_openai.base_url, warmup=0, concurrency=2, duration=1.0)
    began = time.monotonic()
    assert main(["-c", str(config)]) == 0
    took = time.monotonic() - began
    assert took < 3.0, "no new request after 1 s; those in flight end within 0.3 s"

    summary = results(tmp_path)["summary"]
    assert summary["stopped_by"] == "duration"
    assert 2 <= summary["requests"] <= 10 < summary["planned"]
    assert summary["ok"] == summary["requests"] == len(fake_openai.uploads)
    assert max(r["start"] for r in results(tmp_path)["records"]) < 1.0
    assert "stopped by             duration" in capsys.readouterr().out


def test_a_duration_spent_on_the_warmup_measures_nothing(
    fake_openai: FakeOpenAI, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_openai.delay = 0.3
    config = openai_yaml(tmp_path, fake_openai.base_url, warmup=20, concurrency=1, duration=0.5)
    assert main(["-c", str(config)]) == 1
    assert "no measured request was sent" in capsys.readouterr().err
    summary = results(tmp_path)["summary"]
    assert (summary["requests"], summary["latency"]) == (0, None)
    assert 1 <= summary["warmup"] <= 2 < 20


def test_a_dead_server_is_exit_code_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = openai_yaml(tmp_path, f"http://127.0.0.1:{free_port()}", requests=3, warmup=1)
    assert main(["-c", str(config)]) == 1
    out, err = capsys.readouterr()
    assert "  CONNECTION_ERROR" in out
    assert "latency (s)            no successful request" in out
    assert "every measured request failed (CONNECTION_ERROR ×3): is the server at http" in err
    records = results(tmp_path)["records"]
    assert [r["code"] for r in records] == ["CONNECTION_ERROR"] * 4
    assert all(r["message"].startswith("ConnectError") for r in records)


def test_histogram(
    fake_openai: FakeOpenAI, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = openai_yaml(tmp_path, fake_openai.base_url, requests=6, warmup=0)
    png = tmp_path / "plots" / "latency.png"
    assert main(["-c", str(config), "--histogram", str(png)]) == 0
    out, err = capsys.readouterr()
    if importlib.util.find_spec("matplotlib") is None:
        assert not png.exists()
        assert "matplotlib is not installed" in err
    else:
        assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        assert f"histogram: {png}" in out


def test_progress_bar_goes_to_stderr(
    fake_openai: FakeOpenAI, capsys: pytest.CaptureFixture[str]
) -> None:
    data = {
        "target": {"kind": "openai", "url": fake_openai.base_url},
        "audio": {"source": "synthetic", "kind": "noise", "duration": 0.1},
        "requests": 3,
    }
    run_load_test_sync(validate_config(data), progress=True)
    out, err = capsys.readouterr()
    assert out == ""
    assert "stt-loadtest: 100%" in err and "3/3" in err and "ok=3" in err
    run_load_test_sync(validate_config(data))
    assert capsys.readouterr() == ("", "")
