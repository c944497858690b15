"""Run the benchmarks: `python -m bench [--quick] [--only NAME[,NAME]]`.

Each benchmark prints its table (ours beside a baseline measured in the same run) and saves
JSON (and a PNG when matplotlib is installed) under `bench/results/`.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import logging
import os
import sys
import time
from collections.abc import Sequence

from bench.common import print_table, save

logger = logging.getLogger("bench")

BENCHMARKS = ("worker_overhead", "long_audio", "memory", "orchestrator_overhead", "cold_warm")
"""Every benchmark, in the order they run; each is `bench.<name>.run(quick) -> BenchResult`."""


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="tiny audio, few repetitions (about 2 minutes)"
    )
    parser.add_argument(
        "--only",
        metavar="NAME[,NAME]",
        help=f"run only these, comma-separated: {', '.join(BENCHMARKS)}",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    args = parser.parse_args(argv)
    if args.only:
        names = [name.strip() for name in args.only.split(",") if name.strip()]
        unknown = [name for name in names if name not in BENCHMARKS]
        if unknown:
            parser.error(f"unknown benchmark(s): {', '.join(unknown)}; known: {BENCHMARKS}")
        args.names = [name for name in BENCHMARKS if name in names]
    else:
        args.names = list(BENCHMARKS)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("bench").setLevel(logging.DEBUG if args.verbose else logging.INFO)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    cpus = os.cpu_count() or 1
    print(
        f"{cpus} CPUs, load average {load:.2f}"
        + (" — the machine is busy: expect noisy absolute times" if load > 0.5 * cpus else ""),
        flush=True,
    )
    started = time.perf_counter()
    failed: list[str] = []
    summary: list[str] = []
    for name in args.names:
        module_name = f"bench.{name}"
        if importlib.util.find_spec(module_name) is None:
            print(f"\n[{name}] skipped: {module_name} does not exist yet\n", flush=True)
            summary.append(f"{name}: skipped (not written yet)")
            continue
        print(f"\n[{name}] running{' (quick)' if args.quick else ''}…", flush=True)
        bench_started = time.perf_counter()
        try:
            module = importlib.import_module(module_name)
            result = module.run(args.quick)
        except Exception:
            logger.exception("benchmark %s failed", name)
            failed.append(name)
            summary.append(f"{name}: FAILED after {time.perf_counter() - bench_started:.1f} s")
            continue
        elapsed = time.perf_counter() - bench_started
        print(flush=True)
        print_table(result)
        path = save(result)
        png = path.with_suffix(".png")
        where = f"{path}" + (f" and {png.name}" if result.plot and png.is_file() else "")
        print(f"\nsaved {where} ({name} took {elapsed:.1f} s)", flush=True)
        summary.append(f"{name}: {elapsed:.1f} s")

    total = time.perf_counter() - started
    print("\n" + "\n".join(summary), flush=True)
    print(f"total wall time: {total:.1f} s ({total / 60:.1f} min)", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
