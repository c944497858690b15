"""The load test itself: `concurrency` workers share the requests, warm-up first, over one
httpx client, until every request is sent or the duration limit is reached.

Each worker sends one request at a time, so at most `concurrency` are in flight; `delay` spaces
the starts of one worker's requests. Audio is prepared before a request's clock starts, so the
latency is the server's answer time as a client sees it (connection included).
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import httpx
from tqdm import tqdm

from loadtest._version import __version__
from loadtest.audio import AudioItem, AudioSource, make_source
from loadtest.config import LoadTestConfig, check_target_allowed
from loadtest.stats import Summary, summarize
from loadtest.targets import (
    AUDIO_ERROR,
    CONNECTION_ERROR,
    INVALID_RESPONSE,
    TIMEOUT,
    Outcome,
    Target,
    make_target,
)

logger = logging.getLogger(__name__)

Phase = Literal["warmup", "measured"]


@dataclass(frozen=True)
class RequestRecord:
    """One request of the run."""

    index: int
    """Order of issue, from 0; warm-up requests come first."""
    phase: Phase
    audio: str
    """The audio's name (a file name, or the URL's last part)."""
    start: float
    """Seconds from the start of the run to the request's start."""
    latency: float | None
    """Seconds until the answer (or the failure); None when the audio could not be prepared."""
    ok: bool
    status: int | None
    """HTTP status; None when no answer came."""
    code: str | None
    """Failure code: the envelope's `error.code`, `HTTP_<status>`, `TIMEOUT`,
    `CONNECTION_ERROR`, `INVALID_RESPONSE` or `AUDIO_ERROR`; None on success."""
    message: str | None = None
    job_id: str | None = None
    audio_seconds: float | None = None


@dataclass(frozen=True)
class RunResult:
    """Everything a run produced: the configuration, each request, and the summary."""

    config: LoadTestConfig
    endpoint: str
    started_at: datetime
    finished_at: datetime
    records: list[RequestRecord]
    summary: Summary

    @property
    def all_failed(self) -> bool:
        """No measured request succeeded (none was sent, or every one failed)."""
        return self.summary.ok == 0

    def to_dict(self) -> dict[str, Any]:
        """The results file's content: tool, target, times, configuration (API key masked),
        summary and per-request records."""
        return {
            "tool": "stt-loadtest",
            "version": __version__,
            "target": {"kind": self.config.target.kind, "endpoint": self.endpoint},
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat(),
            "config": self.config.redacted(),
            "summary": self.summary.to_dict(),
            "records": [asdict(record) for record in self.records],
        }


class LoadTest:
    """One run of `config`. `run()` once; `result()` also gives a partial result after an
    interruption.

    Args:
        config: What to run.
        progress: Show a tqdm progress bar on stderr.
        allow_remote: Permit a target that is not a loopback address.
    """

    def __init__(
        self,
        config: LoadTestConfig,
        *,
        progress: bool = False,
        allow_remote: bool = False,
    ):
        check_target_allowed(config, allow_remote=allow_remote)
        self.config = config
        self.records: list[RequestRecord] = []
        self._progress = progress
        self._failed = 0
        self._target: Target = make_target(config.target)
        self._started_at = datetime.now(UTC)
        self._t0 = time.perf_counter()
        self._deadline: float | None = None
        self._stopped_by = "count"
        self._bar: Any = None

    def _now(self) -> float:
        return time.perf_counter() - self._t0

    async def run(self) -> RunResult:
        """Send the warm-up requests, then the measured ones, and summarise.

        Raises:
            ConfigError: the audio source cannot be set up (unwritable `upload_dir`, ...).
        """
        config = self.config
        source = make_source(config)
        logger.info(
            "%d warm-up + %d requests to %s, concurrency %d",
            config.warmup,
            config.requests,
            self._target.endpoint,
            config.concurrency,
        )
        limits = httpx.Limits(
            max_connections=config.concurrency, max_keepalive_connections=config.concurrency
        )
        self._bar = tqdm(
            total=config.warmup + config.requests,
            desc="stt-loadtest",
            unit="req",
            file=sys.stderr,
            disable=not self._progress,
            dynamic_ncols=True,
        )
        try:
            # No proxies from the environment, no redirects: requests go where the config says.
            async with httpx.AsyncClient(
                timeout=httpx.Timeout(config.timeout),
                limits=limits,
                trust_env=False,
                follow_redirects=False,
            ) as client:
                self._started_at = datetime.now(UTC)
                self._t0 = time.perf_counter()
                if config.duration is not None:
                    self._deadline = config.duration
                try:
                    await self._phase(client, source, "warmup", 0, config.warmup)
                    await self._phase(client, source, "measured", config.warmup, config.requests)
                except asyncio.CancelledError:
                    self._stopped_by = "interrupted"
                    raise
        finally:
            self._bar.close()
            source.close()  # synchronous: it must run even while the task is being cancelled
        return self.result()

    def result(self) -> RunResult:
        """The result of what has run so far."""
        records = sorted(self.records, key=lambda r: r.index)
        return RunResult(
            config=self.config,
            endpoint=self._target.endpoint,
            started_at=self._started_at,
            finished_at=datetime.now(UTC),
            records=records,
            summary=summarize(
                records,
                planned=self.config.requests,
                elapsed=self._now(),
                stopped_by=self._stopped_by,
            ),
        )

    def _out_of_time(self) -> bool:
        if self._deadline is not None and self._now() >= self._deadline:
            self._stopped_by = "duration"
            return True
        return False

    async def _phase(
        self,
        client: httpx.AsyncClient,
        source: AudioSource,
        phase: Phase,
        first: int,
        count: int,
    ) -> None:
        if count == 0:
            return
        next_index = first
        end = first + count

        async def worker() -> None:
            nonlocal next_index
            next_start = 0.0
            while next_index < end and not self._out_of_time():
                index = next_index
                next_index += 1
                item = await self._prepare(source, phase, index)
                if item is None:
                    continue
                # Wait for this worker's next start (`delay` after its previous one).
                while (wait := next_start - self._now()) > 0 and not self._out_of_time():
                    if self._deadline is not None:
                        wait = min(wait, self._deadline - self._now())
                    await asyncio.sleep(max(wait, 0.0))
                if self._out_of_time():
                    await source.release(item)
                    return
                next_start = self._now() + self.config.delay
                await self._send(client, source, phase, index, item)

        await asyncio.gather(*(worker() for _ in range(min(self.config.concurrency, count))))

    async def _prepare(self, source: AudioSource, phase: Phase, index: int) -> AudioItem | None:
        """Request `index`'s audio, made or read before its clock starts (None: recorded as
        AUDIO_ERROR)."""
        try:
            return await source.item(index)
        except OSError as exc:
            logger.warning("request %d: cannot prepare its audio: %s", index, exc)
            self._record(
                RequestRecord(
                    index=index,
                    phase=phase,
                    audio="",
                    start=self._now(),
                    latency=None,
                    ok=False,
                    status=None,
                    code=AUDIO_ERROR,
                    message=str(exc),
                )
            )
            return None

    async def _send(
        self,
        client: httpx.AsyncClient,
        source: AudioSource,
        phase: Phase,
        index: int,
        item: AudioItem,
    ) -> None:
        start = self._now()
        try:
            async with asyncio.timeout(self.config.timeout):
                outcome = await self._target.send(client, item)
        except (TimeoutError, httpx.TimeoutException):
            outcome = Outcome(
                ok=False, code=TIMEOUT, message=f"no answer within {self.config.timeout:g} s"
            )
        except httpx.TransportError as exc:
            outcome = Outcome(
                ok=False, code=CONNECTION_ERROR, message=f"{type(exc).__name__}: {exc}"
            )
        except httpx.HTTPError as exc:
            outcome = Outcome(
                ok=False, code=INVALID_RESPONSE, message=f"{type(exc).__name__}: {exc}"
            )
        latency = self._now() - start
        if outcome.status is not None:
            # The server answered: it is done with the file (sync mode). Otherwise the file
            # stays until the end of the run, in case the server still reads it.
            await source.release(item)
        if not outcome.ok:
            logger.debug(
                "request %d (%s) failed: %s %s", index, phase, outcome.code, outcome.message
            )
        self._record(
            RequestRecord(
                index=index,
                phase=phase,
                audio=item.name,
                start=start,
                latency=latency,
                ok=outcome.ok,
                status=outcome.status,
                code=outcome.code,
                message=outcome.message,
                job_id=outcome.job_id,
                audio_seconds=outcome.audio_seconds,
            )
        )

    def _record(self, record: RequestRecord) -> None:
        self.records.append(record)
        self._failed += not record.ok
        self._bar.set_postfix(
            ok=len(self.records) - self._failed, failed=self._failed, refresh=False
        )
        self._bar.update(1)


async def run_load_test(
    config: LoadTestConfig,
    *,
    progress: bool = False,
    allow_remote: bool = False,
) -> RunResult:
    """Run one load test (see `LoadTest`) and return its result.

    Raises:
        ConfigError: the target is remote without `allow_remote`, or the audio source cannot
            be set up.
    """
    test = LoadTest(config, progress=progress, allow_remote=allow_remote)
    return await test.run()


def run_load_test_sync(
    config: LoadTestConfig, *, progress: bool = False, allow_remote: bool = False
) -> RunResult:
    """`run_load_test` in a new event loop, for callers without one."""
    return asyncio.run(run_load_test(config, progress=progress, allow_remote=allow_remote))
