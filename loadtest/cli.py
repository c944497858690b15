"""`stt-loadtest`: the command line. A YAML file (`--config`) gives the settings, flags override
them (`--set key=value` reaches any key), and the run prints a summary table to stdout.

Exit codes: 0 the run completed (some requests may have failed), 1 every measured request
failed (or none was sent), 2 bad configuration or a refused target, 130 interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from loadtest._version import __version__
from loadtest.config import (
    ConfigError,
    FileAudio,
    FolderAudio,
    LoadTestConfig,
    SyntheticAudio,
    UrlAudio,
    read_yaml,
    set_dotted,
    validate_config,
)
from loadtest.report import default_results_path, write_histogram, write_results
from loadtest.runner import LoadTest, RunResult
from loadtest.stats import format_summary
from loadtest.targets import CONNECTION_ERROR, TIMEOUT

logger = logging.getLogger("loadtest")

EXIT_OK = 0
EXIT_ALL_FAILED = 1
EXIT_CONFIG = 2
EXIT_INTERRUPTED = 130

_AUDIO_MODELS: dict[str, type[Any]] = {
    "synthetic": SyntheticAudio,
    "folder": FolderAudio,
    "file": FileAudio,
    "url": UrlAudio,
}
_TARGET_SHARED_KEYS = ("url", "api_key", "api_key_env")
_API_AUDIO_KEYS = ("upload_dir", "server_dir")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `stt-loadtest`."""
    parser = argparse.ArgumentParser(
        prog="stt-loadtest",
        description=(
            "Load-test the transcription API (POST /api/v1/transcriptions) or an "
            "OpenAI-compatible /v1/audio/transcriptions endpoint. Settings come from a YAML "
            "file (see loadtest.example.yaml); flags override them."
        ),
        epilog=(
            "Exit codes: 0 completed (even with failed requests), 1 every measured request "
            "failed, 2 bad configuration or refused target, 130 interrupted."
        ),
    )
    parser.add_argument("-c", "--config", type=Path, help="YAML configuration file")
    target = parser.add_argument_group("target")
    target.add_argument("--target", choices=("api", "openai"), help="kind of server (target.kind)")
    target.add_argument("--url", help="base URL of the server (target.url)")
    target.add_argument("--api-key", help="Bearer key (target.api_key); prefer target.api_key_env")
    target.add_argument(
        "--language", help="language code (api: target.body.language; openai: target.language)"
    )
    target.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a target that is not a loopback address (default: refused)",
    )
    load = parser.add_argument_group("load")
    load.add_argument("-n", "--requests", type=int, help="measured requests")
    load.add_argument("-w", "--warmup", type=int, help="warm-up requests, sent first, not counted")
    load.add_argument("-C", "--concurrency", type=int, help="requests in flight at once")
    load.add_argument("--delay", type=float, help="seconds between one worker's request starts")
    load.add_argument("--duration", type=float, help="seconds after which no request is sent")
    load.add_argument("--timeout", type=float, help="seconds one request may take")
    audio = parser.add_argument_group("audio")
    source = audio.add_mutually_exclusive_group()
    source.add_argument("--file", help="one file (api: the filePath sent; openai: uploaded)")
    source.add_argument("--folder", help="a local folder of audio files")
    source.add_argument("--synthetic", action="store_true", help="fresh random audio per request")
    source.add_argument("--audio-url", help="api only: an audioUrl the server fetches")
    audio.add_argument("--upload-dir", help="synthetic + api: where files are written")
    audio.add_argument("--server-dir", help="api: how the server names the upload dir / folder")
    audio.add_argument("--audio-duration", type=float, help="synthetic: seconds per request")
    audio.add_argument("--seed", type=int, help="synthetic / random folder order: random seed")
    output = parser.add_argument_group("output")
    output.add_argument("-o", "--output", type=Path, help="JSON results file")
    output.add_argument("--histogram", type=Path, help="latency histogram PNG (needs matplotlib)")
    output.add_argument("--no-progress", action="store_true", help="no progress bar")
    output.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set any key, dotted, value in YAML (--set target.body.privacyRemoval=true)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _switch_source(data: dict[str, Any], source: str) -> dict[str, Any]:
    """Make `data["audio"]` a `source` section, keeping the keys that kind also has."""
    old = data.get("audio")
    old = old if isinstance(old, dict) else {}
    fields = _AUDIO_MODELS[source].model_fields
    kept = {k: v for k, v in old.items() if k in fields and k != "source"}
    if old.get("source") != source:
        kept.pop("path", None)
    audio = {"source": source, **kept}
    data["audio"] = audio
    return audio


def _apply_flags(data: dict[str, Any], args: argparse.Namespace) -> None:
    target = data.get("target")
    target = target if isinstance(target, dict) else {}
    if args.target is not None and target.get("kind", "api") != args.target:
        target = {k: v for k, v in target.items() if k in _TARGET_SHARED_KEYS}
        audio = data.get("audio")
        if args.target == "openai" and isinstance(audio, dict):
            # The openai target uploads the bytes: no directory the server reads.
            data["audio"] = {k: v for k, v in audio.items() if k not in _API_AUDIO_KEYS}
    if args.target is not None:
        target["kind"] = args.target
    if args.url is not None:
        target["url"] = args.url
    if args.api_key is not None:
        target["api_key"] = args.api_key
        target.pop("api_key_env", None)
    if args.language is not None:
        if target.get("kind", "api") == "openai":
            target["language"] = args.language
        else:
            body = target.get("body")
            target["body"] = {**(body if isinstance(body, dict) else {}), "language": args.language}
    if target or "target" in data:
        data["target"] = target

    for key in ("requests", "warmup", "concurrency", "delay", "duration", "timeout"):
        value = getattr(args, key)
        if value is not None:
            data[key] = value
    if args.output is not None:
        data["output"] = str(args.output)
    if args.histogram is not None:
        data["histogram"] = str(args.histogram)

    if args.file is not None:
        _switch_source(data, "file")["path"] = args.file
    elif args.folder is not None:
        _switch_source(data, "folder")["path"] = args.folder
    elif args.synthetic:
        _switch_source(data, "synthetic")
    elif args.audio_url is not None:
        _switch_source(data, "url")["url"] = args.audio_url
    audio_flags = {
        "upload_dir": args.upload_dir,
        "server_dir": args.server_dir,
        "duration": args.audio_duration,
        "seed": args.seed,
    }
    for key, value in audio_flags.items():
        if value is not None:
            audio = data.setdefault("audio", {})
            if not isinstance(audio, dict):
                raise ConfigError("audio must be a mapping")
            audio[key] = value

    for assignment in args.set:
        key, sep, raw = assignment.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--set {assignment!r}: expected KEY=VALUE")
        try:
            value = yaml.safe_load(raw) if raw else ""
        except yaml.YAMLError as exc:
            raise ConfigError(f"--set {assignment!r}: the value is not valid YAML") from exc
        set_dotted(data, key.strip(), value)


def config_from_args(args: argparse.Namespace) -> LoadTestConfig:
    """The configuration: the YAML file (if any), then the flags, then `--set`, validated.

    Raises:
        ConfigError: the file or a flag is invalid.
    """
    data = read_yaml(args.config) if args.config is not None else {}
    from_file = copy.deepcopy(data)
    _apply_flags(data, args)
    if args.config is None:
        origin = "the flags"
    else:
        origin = str(args.config) + (" and the flags" if data != from_file else "")
    return validate_config(data, origin)


def _setup_logging(verbosity: int) -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("stt-loadtest: %(levelname)s: %(message)s"))
    logger.addHandler(handler)
    levels = (logging.WARNING, logging.INFO, logging.DEBUG)
    logger.setLevel(levels[min(verbosity, len(levels) - 1)])
    return handler


def _check_writable(path: Path, what: str) -> None:
    try:
        path.absolute().parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot write the {what} {path}: {exc}") from exc
    if path.is_dir():
        raise ConfigError(f"the {what} {path} is a directory")


def _finish(result: RunResult, results_path: Path, histogram: Path | None) -> None:
    summary = result.summary
    title = f"stt-loadtest: {result.config.target.kind} {result.endpoint}"
    print(format_summary(summary, title), flush=True)
    write_results(result, results_path)
    print(f"results: {results_path}", flush=True)
    if histogram is not None:
        latencies = [r.latency for r in result.records if r.phase == "measured" and r.ok]
        if write_histogram([x for x in latencies if x is not None], histogram):
            print(f"histogram: {histogram}", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run `stt-loadtest` with `argv` (default: the process's arguments).

    Returns:
        The exit code: 0 completed, 1 every measured request failed, 2 bad configuration or
        refused target, 130 interrupted.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = _setup_logging(args.verbose)
    try:
        return _main(args)
    finally:
        logger.removeHandler(handler)


def _main(args: argparse.Namespace) -> int:
    try:
        config = config_from_args(args)
        results_path = config.output or default_results_path()
        _check_writable(results_path, "results file")
        if config.histogram is not None:
            _check_writable(config.histogram, "histogram")
        test = LoadTest(
            config,
            progress=not args.no_progress and sys.stderr.isatty(),
            allow_remote=args.allow_remote,
        )
    except ConfigError as exc:
        logger.error("%s", exc)
        return EXIT_CONFIG
    try:
        result = asyncio.run(test.run())
    except ConfigError as exc:
        logger.error("%s", exc)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        logger.error("interrupted: the results so far follow")
        _finish(test.result(), results_path, None)
        return EXIT_INTERRUPTED
    _finish(result, results_path, config.histogram)
    summary = result.summary
    if summary.requests == 0:
        logger.error("no measured request was sent (the duration limit came first)")
        return EXIT_ALL_FAILED
    if result.all_failed:
        codes = ", ".join(f"{code} ×{n}" for code, n in summary.failures.items())
        hint = ""
        if set(summary.failures) <= {CONNECTION_ERROR, TIMEOUT}:
            hint = f": is the server at {result.config.target.url} running?"
        logger.error("every measured request failed (%s)%s", codes, hint)
        return EXIT_ALL_FAILED
    return EXIT_OK
