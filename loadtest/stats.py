"""Statistics of a run: counts by outcome, latency percentiles, throughput, and the summary
table printed at the end."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from loadtest.runner import RequestRecord


def percentile(values: Sequence[float], q: float) -> float:
    """The `q`-th percentile (0–100) of `values`, interpolated linearly between the closest
    ranks (numpy's default method).

    Raises:
        ValueError: `values` is empty or `q` is outside 0–100.
    """
    if not values:
        raise ValueError("no values")
    if not 0 <= q <= 100:
        raise ValueError(f"q must be within 0 and 100, not {q}")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class LatencyStats:
    """Latency of a set of requests, in seconds."""

    count: int
    mean: float
    median: float
    min: float
    max: float
    p95: float
    p99: float

    @classmethod
    def of(cls, values: Sequence[float]) -> LatencyStats | None:
        """The statistics of `values`, or None when there are none."""
        if not values:
            return None
        return cls(
            count=len(values),
            mean=sum(values) / len(values),
            median=percentile(values, 50),
            min=min(values),
            max=max(values),
            p95=percentile(values, 95),
            p99=percentile(values, 99),
        )


@dataclass(frozen=True)
class Summary:
    """What a run measured. Warm-up requests count only in `warmup` and `warmup_failed`."""

    planned: int
    """Measured requests the configuration asked for."""
    requests: int
    """Measured requests sent (fewer than `planned` when the duration limit stopped the run)."""
    ok: int
    failed: int
    failures: dict[str, int] = field(default_factory=dict)
    """Failed measured requests by code, most frequent first."""
    warmup: int = 0
    """Warm-up requests sent (left out of everything else)."""
    warmup_failed: int = 0
    latency: LatencyStats | None = None
    """Successful measured requests."""
    latency_all: LatencyStats | None = None
    """Every measured request that was sent, failures included (a TIMEOUT counts its wait)."""
    window: float = 0.0
    """Seconds from the first measured request's start to the last one's end."""
    throughput: float = 0.0
    """Successful measured requests per second of `window`."""
    request_rate: float = 0.0
    """Measured requests (any outcome) per second of `window`."""
    elapsed: float = 0.0
    """Seconds the whole run took, warm-up included."""
    stopped_by: str = "count"
    """`count` (all requests sent), `duration` (the time limit) or `interrupted` (Ctrl-C)."""

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data."""
        return asdict(self)


def summarize(
    records: Sequence[RequestRecord], *, planned: int, elapsed: float, stopped_by: str
) -> Summary:
    """Compute the summary of a run from its request records."""
    measured = [r for r in records if r.phase == "measured"]
    warmup = [r for r in records if r.phase == "warmup"]
    ok = [r for r in measured if r.ok]
    failures = Counter(r.code or "UNKNOWN" for r in measured if not r.ok)
    window = 0.0
    if measured:
        first = min(r.start for r in measured)
        window = max(r.start + (r.latency or 0.0) for r in measured) - first
    return Summary(
        planned=planned,
        requests=len(measured),
        ok=len(ok),
        failed=len(measured) - len(ok),
        failures=dict(sorted(failures.items(), key=lambda kv: (-kv[1], kv[0]))),
        warmup=len(warmup),
        warmup_failed=sum(1 for r in warmup if not r.ok),
        latency=LatencyStats.of([r.latency for r in ok if r.latency is not None]),
        latency_all=LatencyStats.of([r.latency for r in measured if r.latency is not None]),
        window=window,
        throughput=len(ok) / window if window > 0 else 0.0,
        request_rate=len(measured) / window if window > 0 else 0.0,
        elapsed=elapsed,
        stopped_by=stopped_by,
    )


def format_summary(summary: Summary, title: str = "") -> str:
    """The summary as a plain-text table for a terminal."""
    rows: list[tuple[str, str]] = [
        ("requests", f"{summary.requests} of {summary.planned}"),
        ("warm-up (not counted)", f"{summary.warmup} ({summary.warmup_failed} failed)"),
        ("ok", str(summary.ok)),
        ("failed", str(summary.failed)),
    ]
    rows += [(f"  {code}", str(count)) for code, count in summary.failures.items()]
    latency = summary.latency
    if latency is None:
        rows.append(("latency (s)", "no successful request"))
    else:
        for name in ("mean", "median", "min", "max", "p95", "p99"):
            rows.append((f"latency {name} (s)", f"{getattr(latency, name):.3f}"))
    rows += [
        ("throughput (ok/s)", f"{summary.throughput:.3f}"),
        ("measured window (s)", f"{summary.window:.3f}"),
        ("elapsed (s)", f"{summary.elapsed:.3f}"),
        ("stopped by", summary.stopped_by),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [title] if title else []
    lines.append("-" * (width + 2 + max(len(value) for _, value in rows)))
    lines += [f"{name:<{width}}  {value}" for name, value in rows]
    return "\n".join(lines)
