"""What a run leaves behind: the JSON results file and, optionally, a latency histogram."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from loadtest.runner import RunResult

logger = logging.getLogger(__name__)


def default_results_path(now: datetime | None = None) -> Path:
    """`stt-loadtest-<UTC time>.json` in the current directory."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return Path(f"stt-loadtest-{moment:%Y%m%dT%H%M%SZ}.json")


def write_results(result: RunResult, path: Path) -> Path:
    """Write `result` as JSON (UTF-8, indented) to `path`, creating its directory.

    Returns:
        The path written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def write_histogram(latencies: Sequence[float], path: Path, title: str = "") -> bool:
    """Draw a PNG histogram of `latencies` (seconds) with the median, p95 and p99 marked.

    matplotlib is imported only here: without it, a warning says how to install it and nothing
    is drawn.

    Returns:
        Whether the file was written.
    """
    if not latencies:
        logger.warning("no histogram: no successful measured request to draw")
        return False
    try:
        from matplotlib.figure import Figure
    except ImportError:
        logger.warning(
            "no histogram written to %s: matplotlib is not installed "
            "(pip install matplotlib, or the project's `loadtest-plot` extra)",
            path,
        )
        return False
    from loadtest.stats import percentile

    figure = Figure(figsize=(8, 4.5), layout="constrained")
    axes = figure.subplots()
    bins = max(5, min(50, len(latencies) // 2))
    axes.hist(latencies, bins=bins, color="#4c72b0", edgecolor="white")
    for q, style in ((50, "-"), (95, "--"), (99, ":")):
        value = percentile(latencies, q)
        axes.axvline(value, color="#c44e52", linestyle=style, label=f"p{q} {value:.3f} s")
    axes.set_xlabel("latency (s)")
    axes.set_ylabel("requests")
    axes.set_title(title or f"latency of {len(latencies)} successful requests")
    axes.legend()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    return True
