"""Percentiles, the summary of a run's records, and the summary table."""

from __future__ import annotations

import numpy as np
import pytest

from loadtest.runner import RequestRecord
from loadtest.stats import LatencyStats, format_summary, percentile, summarize


def record(
    index: int, phase: str, start: float, latency: float, code: str | None = None
) -> RequestRecord:
    return RequestRecord(
        index=index,
        phase="warmup" if phase == "warmup" else "measured",
        audio="a.wav",
        start=start,
        latency=latency,
        ok=code is None,
        status=200 if code is None else 500,
        code=code,
    )


def test_percentiles_match_numpy() -> None:
    rng = np.random.default_rng(0)
    for size in (1, 2, 3, 10, 101):
        values = list(rng.lognormal(size=size))
        for q in (0, 25, 50, 90, 95, 99, 100):
            assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)))
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)
    with pytest.raises(ValueError, match="within 0 and 100"):
        percentile([1.0], 101)


def test_latency_stats() -> None:
    stats = LatencyStats.of([4.0, 1.0, 3.0, 2.0])
    assert stats is not None
    assert (stats.count, stats.mean, stats.median, stats.min, stats.max) == (4, 2.5, 2.5, 1.0, 4.0)
    assert stats.p95 == pytest.approx(3.85)
    assert stats.p99 == pytest.approx(3.97)
    assert LatencyStats.of([]) is None


def test_summary_leaves_the_warmup_out() -> None:
    records = [
        record(0, "warmup", 0.0, 9.0, "HTTP_500"),
        record(1, "measured", 10.0, 1.0),
        record(2, "measured", 10.5, 2.0, "TIMEOUT"),
        record(3, "measured", 11.0, 3.0),
        record(4, "measured", 11.5, 0.5, "HTTP_429"),
        record(5, "measured", 12.0, 0.1, "TIMEOUT"),
    ]
    summary = summarize(records, planned=6, elapsed=12.5, stopped_by="duration")
    assert (summary.planned, summary.requests, summary.ok, summary.failed) == (6, 5, 2, 3)
    assert list(summary.failures.items()) == [("TIMEOUT", 2), ("HTTP_429", 1)]
    assert (summary.warmup, summary.warmup_failed) == (1, 1)
    assert summary.latency == LatencyStats.of([1.0, 3.0])
    assert summary.latency_all is not None and summary.latency_all.max == 3.0
    assert summary.window == pytest.approx(4.0)  # 10.0 → 14.0 (the third one ends last)
    assert summary.throughput == pytest.approx(0.5)
    assert summary.request_rate == pytest.approx(1.25)
    assert summary.to_dict()["latency"]["median"] == 2.0

    table = format_summary(summary, "title").splitlines()
    assert table[0] == "title"
    assert "requests               5 of 6" in table
    assert "  TIMEOUT              2" in table
    assert "latency p99 (s)        2.980" in table
    assert "throughput (ok/s)      0.500" in table
    assert "stopped by             duration" in table


def test_an_empty_run() -> None:
    summary = summarize([], planned=3, elapsed=0.1, stopped_by="duration")
    assert (summary.requests, summary.ok, summary.window, summary.throughput) == (0, 0, 0.0, 0.0)
    assert summary.latency is None
    assert "latency (s)            no successful request" in format_summary(summary)
