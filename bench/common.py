"""What every benchmark shares: results (table, JSON, PNG), speech audio, statistics, WER,
process helpers and the worker's environment.

Results go to `RESULTS_DIR` (`bench/results/`, git-ignored), or to `$BENCH_RESULTS_DIR` when
that is set (read on every call, so tests can point it at a temporary directory).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.metadata
import json
import logging
import math
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loadtest.stats import percentile as percentile  # one implementation for both tools

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
"""The repository root."""
MODEL_DIR = ROOT / "models" / "whisper-base"
"""The bundled model (`make model` builds it)."""
SAMPLES = ROOT / "samples"
"""The committed speech samples."""
RESULTS_DIR: Path = Path(os.environ.get("BENCH_RESULTS_DIR") or ROOT / "bench" / "results")
"""Where results (and the generated audio cache) go; created on demand."""


def results_dir() -> Path:
    """`$BENCH_RESULTS_DIR` if set now, else `RESULTS_DIR`; created on demand."""
    override = os.environ.get("BENCH_RESULTS_DIR")
    path = Path(override) if override else RESULTS_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def audio_dir() -> Path:
    """The generated-audio cache (an allowed file root of the worker, see `worker_env`)."""
    path = results_dir() / "audio"
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- results -----------------------------------------------------------------------------------


@dataclass
class BenchResult:
    """One benchmark's outcome: a table to print, notes (targets met or not), raw data."""

    name: str
    """File stem: results go to `RESULTS_DIR/f"{name}.json"` (and `.png`)."""
    title: str
    columns: list[str]
    rows: list[list[Any]]
    notes: list[str] = field(default_factory=list)
    """e.g. "target ours ≥ 0.95× bare: MET (0.97×)"."""
    data: dict[str, Any] = field(default_factory=dict)
    """Raw numbers for the JSON."""
    plot: Callable[[Path], None] | None = None
    """Draws a PNG to the given path (matplotlib, imported lazily)."""


def format_cell(value: Any) -> str:
    """A table cell: floats with a sensible number of digits, None as a dash."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        magnitude = abs(value)
        if magnitude >= 1000:
            return f"{value:.0f}"
        if magnitude >= 100:
            return f"{value:.1f}"
        if magnitude >= 1:
            return f"{value:.2f}"
        if magnitude == 0:
            return "0"
        return f"{value:.3g}"
    return str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def format_table(result: BenchResult) -> str:
    """The table as text: title, header, rule, rows (numbers right-aligned), notes."""
    cells = [[format_cell(v) for v in row] for row in result.rows]
    ncols = max([len(result.columns), *(len(row) for row in cells)])
    header = [*result.columns, *[""] * (ncols - len(result.columns))]
    widths = [len(h) for h in header]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    numeric = [
        all(_is_number(row[i]) or row[i] is None for row in result.rows if i < len(row))
        and any(i < len(row) and _is_number(row[i]) for row in result.rows)
        for i in range(ncols)
    ]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(widths[i]) if numeric[i] else v.ljust(widths[i]) for i, v in enumerate(values)
        ]
        return "  ".join(parts).rstrip()

    out = [result.title, "=" * len(result.title), line(header)]
    out.append("  ".join("-" * w for w in widths))
    out.extend(line([*row, *[""] * (ncols - len(row))]) for row in cells)
    if result.notes:
        out.append("")
        out.extend(f"  * {note}" for note in result.notes)
    return "\n".join(out)


def print_table(result: BenchResult) -> None:
    """Print the result's table and notes to stdout."""
    print(format_table(result), flush=True)


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


def _version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def _cpu_model() -> str | None:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return None


def _git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607 - git from PATH, read-only
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def machine_info() -> dict[str, Any]:
    """What the numbers depend on: CPUs, load, Python and the inference libraries."""
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": affinity,
        "cpu_model": _cpu_model(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "versions": {
            name: _version(name)
            for name in ("ctranslate2", "faster-whisper", "fastapi", "uvicorn", "httpx", "av")
        },
        "git_commit": _git_commit(),
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def save(result: BenchResult) -> Path:
    """Write `<name>.json` (and `<name>.png` when the result can plot) to the results directory.

    Returns:
        The JSON file's path. Without matplotlib the plot is skipped with a note.
    """
    directory = results_dir()
    notes = list(result.notes)
    if result.plot is not None:
        png = directory / f"{result.name}.png"
        png.unlink(missing_ok=True)  # never leave an earlier run's plot beside this run's JSON
        try:
            import matplotlib

            matplotlib.use("Agg")
        except ImportError:
            notes.append("plot skipped: matplotlib is not installed (pip install matplotlib)")
            logger.warning("matplotlib is not installed: no plot for %s", result.name)
        else:
            try:
                result.plot(png)
            except Exception:
                logger.exception("plotting %s failed", result.name)
                notes.append("plot failed; see the log")
    payload = {
        "name": result.name,
        "title": result.title,
        "columns": result.columns,
        "rows": result.rows,
        "notes": notes,
        "data": result.data,
        "machine": machine_info(),
    }
    path = directory / f"{result.name}.json"
    path.write_text(json.dumps(_json_safe(payload), indent=2, default=str) + "\n")
    return path


# --- statistics and accuracy -------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    """The median; ValueError when `values` is empty."""
    if not values:
        raise ValueError("median of no values")
    return float(statistics.median(values))


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate after lower-casing and removing punctuation and extra spaces."""
    import jiwer

    jw: Any = jiwer  # jiwer's transforms are not fully annotated
    transform = jw.Compose(
        [
            jw.ToLowerCase(),
            jw.RemovePunctuation(),
            jw.RemoveMultipleSpaces(),
            jw.Strip(),
            jw.ReduceToListOfListOfWords(),
        ]
    )
    ref_words = " ".join(reference.lower().split())
    if not any(ch.isalnum() for ch in ref_words):
        return 0.0 if not any(ch.isalnum() for ch in hypothesis) else 1.0
    if not any(ch.isalnum() for ch in hypothesis):
        return 1.0
    return float(
        jw.wer(reference, hypothesis, reference_transform=transform, hypothesis_transform=transform)
    )


# --- processes -----------------------------------------------------------------------------------


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a live process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM in /proc/{pid}/status")


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def worker_env(**extra: str) -> dict[str, str]:
    """The environment for a worker process: this one's, the bundled model, and the generated
    audio and the samples as allowed file roots; `extra` last."""
    return {
        **os.environ,
        "STT_MODEL": str(MODEL_DIR),
        "STT_ALLOWED_FILE_ROOTS": f"{audio_dir()},{SAMPLES}",
        **extra,
    }


@dataclass
class ServerProcess:
    """A server started in a subprocess, with its output in a log file."""

    name: str
    process: subprocess.Popen[bytes]
    log_path: Path
    started_at: float
    """`time.perf_counter()` just before the process was started."""

    def log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            raise RuntimeError(
                f"{self.name} exited with code {self.process.returncode}:\n{self.log_tail()}"
            )

    def wait_http(self, url: str, timeout: float = 120.0) -> float:
        """Wait until `GET url` answers 200; returns seconds since the process started."""
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_alive()
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url, timeout=2.0).status_code == 200:
                    return time.perf_counter() - self.started_at
            time.sleep(0.02)
        raise RuntimeError(f"{self.name} did not answer {url} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                logger.warning("%s did not stop; killing it", self.name)
                self.process.kill()
                self.process.wait(timeout=5)


@contextlib.contextmanager
def server_process(name: str, args: Sequence[str], env: dict[str, str]) -> Iterator[ServerProcess]:
    """Start `python <args>` in the repository root; stop it (SIGTERM, then SIGKILL) on exit."""
    logs = results_dir() / "logs"
    logs.mkdir(exist_ok=True)
    log_path = logs / f"{name}.log"
    with log_path.open("wb") as log:
        started = time.perf_counter()
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, *args], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    server = ServerProcess(name, process, log_path, started)
    try:
        yield server
    finally:
        server.stop()


def uvicorn_args(app: str, port: int, *, factory: bool = True) -> list[str]:
    """`-m uvicorn` arguments for one worker on loopback, quiet, without access logs."""
    args = ["-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port)]
    if factory:
        args.append("--factory")
    return [*args, "--workers", "1", "--log-level", "warning", "--no-access-log"]


# --- speech audio --------------------------------------------------------------------------------

CORPUS_VERSION = 1
"""Bump when the corpus or the synthesis changes: the audio cache is keyed by it."""

CORPUS: tuple[str, ...] = (
    "Hello, thank you for calling customer support.",
    "My name is Sarah, how can I help you today?",
    "I would like to check the status of my order.",
    "It was shipped last Monday, but it has not arrived yet.",
    "Could you please tell me the order number?",
    "Let me look that up for you, it will only take a moment.",
    "I can see that the parcel left our warehouse on Tuesday morning.",
    "The courier says it is out for delivery this afternoon.",
    "I was charged twice for the same purchase.",
    "I am sorry about that, let me check your billing history.",
    "You should see the refund on your card within a few days.",
    "I would like to cancel my subscription.",
    "May I ask why you would like to cancel?",
    "The service has been very slow for the past few weeks.",
    "We can offer you a discount on the next three months.",
    "That sounds fair, I will keep the plan for now.",
    "My password does not work anymore.",
    "I have sent a reset link to the email address on your account.",
    "Please check your spam folder if you cannot find it.",
    "The new phone I bought has a cracked screen.",
    "Do you still have the original box and the receipt?",
    "You can return it to any of our stores for a replacement.",
    "I would rather have my money back than a new one.",
    "In that case I will start the return and send you a label.",
    "Is there anything else I can help you with today?",
    "No, that was everything, thank you very much.",
    "Thank you for your patience while I transfer your call.",
    "Your call is important to us, please stay on the line.",
    "I have been waiting on hold for a very long time.",
    "I apologise for the wait, we are very busy this morning.",
    "The delivery address on my account is wrong.",
    "Could you spell the name of the street for me?",
    "I have updated the address, future orders will go there.",
    "The washing machine stopped working after a week.",
    "A technician can visit you on Thursday between noon and four.",
    "Will the repair be covered by the warranty?",
    "Yes, the warranty covers parts and labour for two years.",
    "I would like to speak to a manager, please.",
    "I understand your frustration and I will escalate this complaint.",
    "Someone from our complaints team will call you back tomorrow.",
    "Can I change the size of the jacket I ordered?",
    "The medium is out of stock, but the large is available.",
    "Please keep the tags on the item until you are sure it fits.",
    "The internet connection drops every evening around eight.",
    "Have you tried restarting the router and waiting a minute?",
    "I restarted it twice and the problem is still there.",
    "I will run a line test from our side now.",
    "The test shows a fault in the cable outside your house.",
    "An engineer will fix the line before the end of the week.",
    "Why is my bill higher than usual this month?",
    "You made several international calls that are not in your plan.",
    "I did not know those calls would cost extra.",
    "I can add an international package to your plan from today.",
    "Do you offer a student discount on the annual membership?",
    "You will need to upload a valid student card to qualify.",
    "The coupon code from your newsletter does not work at checkout.",
    "That code expired yesterday, but I will apply the discount manually.",
    "I never received the confirmation email for my booking.",
    "Your booking is confirmed, and I will send the email again now.",
    "Can I pay the remaining balance in monthly instalments?",
    "We can split the payment into six equal parts without interest.",
    "Please hold while I verify your identity.",
    "Could you confirm your date of birth and your postcode?",
    "Thank you, your identity has been verified.",
    "The app crashes every time I open my account page.",
    "Please update the app to the latest version from the store.",
    "Our opening hours are from nine in the morning until six in the evening.",
    "I will write a note on your account so the next agent knows the history.",
    "Have a lovely day, and thank you for calling.",
)
"""Call-centre sentences (no digits, hyphens or abbreviations, so WER stays meaningful)."""

_SPEEDS = (145, 165)
"""espeak-ng words per minute (`-s`)."""
_PITCHES = (40, 60)
"""espeak-ng pitch (`-p`, 0..99)."""
_PAUSE_RANGE = (0.3, 0.8)
"""Seconds of silence between sentences."""


def ensure_speech_tools() -> None:
    """Make sure `espeak-ng` and `sox` are installed: apt-get them as root, else exit."""
    missing = [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]
    if not missing:
        return
    if os.geteuid() != 0:
        raise SystemExit(
            f"the benchmarks need {' and '.join(missing)} to make speech audio; install them "
            "with: sudo apt-get install -y espeak-ng sox"
        )
    logger.warning("installing espeak-ng and sox with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "espeak-ng", "sox"],
    ):
        done = subprocess.run(command, env=env, check=False)  # noqa: S603
        if done.returncode != 0:
            raise SystemExit(f"`{' '.join(command)}` failed (exit {done.returncode})")
    still = [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]
    if still:
        raise SystemExit(f"{' and '.join(still)} still missing after apt-get install")


@dataclass(frozen=True)
class _Utterance:
    index: int
    speed: int
    pitch: int
    pause: float

    @property
    def text(self) -> str:
        return CORPUS[self.index]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise SystemExit(f"{name} is not installed: sudo apt-get install -y espeak-ng sox")
    return path


def _sentence_wav(utterance: _Utterance, sample_rate: int) -> Path:
    """One sentence synthesised by espeak-ng and resampled by sox (cached)."""
    directory = audio_dir() / f"sentences_v{CORPUS_VERSION}"
    directory.mkdir(exist_ok=True)
    path = (
        directory / f"{utterance.index:03d}_s{utterance.speed}_p{utterance.pitch}_{sample_rate}.wav"
    )
    if path.is_file():
        return path
    with tempfile.TemporaryDirectory(dir=directory) as tmp:
        raw = Path(tmp) / "raw.wav"
        out = Path(tmp) / "out.wav"
        subprocess.run(  # noqa: S603
            [
                _tool("espeak-ng"),
                "-v",
                "en-us",
                "-s",
                str(utterance.speed),
                "-p",
                str(utterance.pitch),
                "-w",
                str(raw),
                utterance.text,
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(  # noqa: S603
            [_tool("sox"), str(raw), "-r", str(sample_rate), "-c", "1", "-b", "16", str(out)],
            check=True,
            capture_output=True,
        )
        os.replace(out, path)
    return path


def _wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def _plan(seconds: float, seed: int, sample_rate: int) -> list[tuple[_Utterance, Path]]:
    """Sentences (synthesised) adding up to about `seconds` with their pauses."""
    rng = random.Random(seed)  # noqa: S311 - reproducible audio, not security
    order: list[int] = []
    plan: list[tuple[_Utterance, Path]] = []
    total = 0.0
    with ThreadPoolExecutor(max_workers=max(os.cpu_count() or 1, 1)) as pool:
        while True:
            # Synthesise a batch at a time (in parallel), then take what fits.
            batch: list[_Utterance] = []
            for _ in range(8):
                if not order:
                    order = list(range(len(CORPUS)))
                    rng.shuffle(order)
                batch.append(
                    _Utterance(
                        order.pop(),
                        rng.choice(_SPEEDS),
                        rng.choice(_PITCHES),
                        round(rng.uniform(*_PAUSE_RANGE), 2),
                    )
                )
            paths = list(pool.map(lambda u: _sentence_wav(u, sample_rate), batch))
            for utterance, path in zip(batch, paths, strict=True):
                length = _wav_seconds(path)
                pause = utterance.pause if plan else 0.0
                # Stop when the next sentence would overshoot more than stopping undershoots.
                if plan and abs(total + pause + length - seconds) >= abs(total - seconds):
                    return plan
                plan.append((utterance, path))
                total += pause + length


def speech_audio(seconds: float, path: Path, *, seed: int = 0, sample_rate: int = 16000) -> str:
    """English speech of about `seconds` (within half a sentence, a few seconds) as a mono
    16-bit WAV at `path`.

    Sentences are drawn with `seed` from `CORPUS` (every sentence once before any repeats),
    each spoken by espeak-ng at one of a few speeds and pitches, with 0.3–0.8 s of silence
    between them. Files are cached by (seconds, seed, sample rate) under `RESULTS_DIR/audio`.

    Returns:
        The script: the exact words spoken, for WER.
    """
    if seconds <= 0:
        raise ValueError("seconds must be positive")
    cache = audio_dir() / f"speech_{seconds:g}s_seed{seed}_{sample_rate}hz_v{CORPUS_VERSION}.wav"
    script_path = cache.with_suffix(".txt")
    if not (cache.is_file() and script_path.is_file()):
        ensure_speech_tools()
        started = time.perf_counter()
        plan = _plan(seconds, seed, sample_rate)
        tmp = cache.with_suffix(".tmp")
        with wave.open(str(tmp), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(sample_rate)
            for i, (utterance, sentence) in enumerate(plan):
                if i:
                    out.writeframes(b"\0\0" * int(utterance.pause * sample_rate))
                with wave.open(str(sentence), "rb") as src:
                    out.writeframes(src.readframes(src.getnframes()))
        script_path.write_text(" ".join(u.text for u, _ in plan) + "\n", encoding="utf-8")
        os.replace(tmp, cache)
        logger.info(
            "made %.1f s of speech (%d sentences) in %.1f s: %s",
            _wav_seconds(cache),
            len(plan),
            time.perf_counter() - started,
            cache.name,
        )
    path = Path(path)
    if path.resolve() != cache.resolve():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cache, path)
    return script_path.read_text(encoding="utf-8").strip()


def wav_seconds(path: Path) -> float:
    """The length of a WAV file in seconds."""
    return _wav_seconds(path)
