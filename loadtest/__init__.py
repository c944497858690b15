"""`stt-loadtest`: a bounded load test for the transcription API or any OpenAI-compatible
`/v1/audio/transcriptions` endpoint.

Run it as `stt-loadtest --config loadtest.example.yaml` (or `python -m loadtest`). From Python:

    from loadtest import load_config, run_load_test_sync

    result = run_load_test_sync(load_config(Path("loadtest.yaml")))
    print(result.summary.ok, result.summary.latency)
"""

from __future__ import annotations

from loadtest._version import __version__
from loadtest.config import ConfigError, LoadTestConfig, load_config
from loadtest.runner import RequestRecord, RunResult, run_load_test, run_load_test_sync
from loadtest.stats import LatencyStats, Summary

__all__ = [
    "ConfigError",
    "LatencyStats",
    "LoadTestConfig",
    "RequestRecord",
    "RunResult",
    "Summary",
    "__version__",
    "load_config",
    "run_load_test",
    "run_load_test_sync",
]
