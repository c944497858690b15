"""The job pipeline: fetch → decode → transcribe → render, inside a per-job temporary directory."""

from __future__ import annotations

import dataclasses
import logging
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from faster_whisper.vad import get_vad_model

from shared.errors import ErrorCode, ServiceError
from shared.jobs import (
    JobInput,
    OutputFormat,
    ProcessingSteps,
    Segment,
    StageErrors,
    Task,
    Timings,
    TranscriptionResult,
    WarmupResult,
    WarmupTimings,
)
from stt_worker import audio, formats
from stt_worker.config import WorkerSettings
from stt_worker.engine import SAMPLE_RATE, Engine, Transcript, WhisperEngine
from stt_worker.sources import SourceFetcher
from stt_worker.stages.runner import StageRunner, StagesOutput

logger = logging.getLogger(__name__)

_WARMUP_JOB = JobInput(warmup=True, vad_filter=False, beam_size=1, temperature=0.0)


@dataclass(frozen=True)
class PipelineOutput:
    result: TranscriptionResult
    legacy: dict[str, Any] | None = None
    """runpod-workers/worker-faster_whisper output keys, for inputs in that worker's form."""


class Pipeline:
    """Runs jobs against one engine, loaded once and reused for every job.

    Args:
        settings: The worker settings.
        engine: An engine to use instead of loading `settings.model` (tests of non-STT logic).
    """

    def __init__(self, settings: WorkerSettings, engine: Engine | None = None):
        self.settings = settings
        self._engine = engine
        self._engine_lock = threading.Lock()
        self._fetcher = SourceFetcher(settings)
        self._stages = StageRunner(settings.stages)

    @property
    def engine(self) -> Engine:
        """The engine, loaded on first use (the worker loads it at cold start)."""
        if self._engine is None:
            with self._engine_lock:
                if self._engine is None:
                    self._engine = WhisperEngine(self.settings)
        return self._engine

    def close(self) -> None:
        self._fetcher.close()
        self._stages.close()

    def run(self, job: JobInput) -> PipelineOutput:
        """Transcribe one job.

        Raises:
            ServiceError: for every expected failure, with its code.
        """
        engine = self.engine  # loaded at cold start; a first use here is not download time
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(
            prefix="stt-job-", dir=self.settings.temp_dir, ignore_cleanup_errors=True
        ) as workdir:
            path = self._fetcher.fetch(job, Path(workdir))
            fetched = time.perf_counter()
            declared = audio.probe(path, self.settings.max_duration)
            transcript, decode_s, transcribe_s = self._recognise(
                engine, path, declared, job, job.task
            )
            translation = None
            if job.legacy is not None and job.legacy.translate and job.task is Task.TRANSCRIBE:
                translation, more_decode, more_transcribe = self._recognise(
                    engine, path, declared, job, Task.TRANSLATE
                )
                decode_s, transcribe_s = decode_s + more_decode, transcribe_s + more_transcribe
        staged = self._stages.run(job, transcript.text, transcript.segments, transcript.language)
        transcript = dataclasses.replace(transcript, text=staged.text, segments=staged.segments)
        if translation is not None and job.stages.privacy_removal:
            translation = self._mask_translation(job, translation)
        timings = Timings(
            download=round(fetched - started, 3),
            decode=round(decode_s, 3),
            transcribe=round(transcribe_s, 3),
            **staged.timings,
            total=round(time.perf_counter() - started, 3),
        )
        result = self._result(engine, job, transcript, timings, staged)
        legacy = _legacy_output(job, engine, transcript, translation) if job.legacy else None
        return PipelineOutput(result=result, legacy=legacy)

    def warmup(self) -> WarmupResult:
        """Load the model if needed and run one second of audio through it."""
        started = time.perf_counter()
        was_loaded = self._engine is not None
        try:
            engine = self.engine
            loaded = time.perf_counter()
            noise = np.random.default_rng(0).normal(0, 0.01, SAMPLE_RATE).astype(np.float32)
            engine.transcribe(noise, _WARMUP_JOB, Task.TRANSCRIBE)
            get_vad_model()  # Silero VAD loads on first use otherwise (~55 ms)
            self._stages.prepare()
        except Exception as exc:
            logger.exception("warm-up failed")
            raise ServiceError(ErrorCode.WARMUP_FAILED, "The worker could not warm up.") from exc
        done = time.perf_counter()
        return WarmupResult(
            model=engine.model_name,
            device=engine.device,
            compute_type=engine.compute_type,
            model_was_loaded=was_loaded,
            timings=WarmupTimings(
                model_load=round(loaded - started, 3),
                inference=round(done - loaded, 3),
                total=round(done - started, 3),
            ),
        )

    def _mask_translation(self, job: JobInput, translation: Transcript) -> Transcript | None:
        """The legacy second (translated) transcript gets the same masking; none if it fails."""
        privacy_only = job.stages.model_copy(update={"classification": False, "ai_agent": False})
        masked = self._stages.run(
            job.model_copy(update={"stages": privacy_only}),
            translation.text,
            translation.segments,
            translation.language,
        )
        if masked.privacy is None:
            return None
        return dataclasses.replace(translation, text=masked.text, segments=masked.segments)

    def _recognise(
        self, engine: Engine, path: Path, declared: float | None, job: JobInput, task: Task
    ) -> tuple[Transcript, float, float]:
        """Decode and transcribe `path`: at once when short, window by window when long.

        Returns:
            The transcript, the seconds spent decoding and the seconds spent transcribing.
        """
        settings = self.settings
        if declared is not None and declared <= settings.window_duration + audio.WINDOW_SEARCH:
            started = time.perf_counter()
            samples = audio.decode(path, settings.max_duration)
            decoded = time.perf_counter()
            batched = samples.size / SAMPLE_RATE >= settings.batched_min_duration
            transcript = self._transcribe(engine, samples, job, task, batched)
            return transcript, decoded - started, time.perf_counter() - decoded
        # Long, or of unknown length: never hold the whole file decoded.
        decode_s = transcribe_s = 0.0
        parts: list[tuple[float, Transcript]] = []
        windows = audio.stream_windows(path, settings.max_duration, settings.window_duration)
        while True:
            started = time.perf_counter()
            window = next(windows, None)
            decoded = time.perf_counter()
            decode_s += decoded - started
            if window is None:
                break
            batched = window.samples.size / SAMPLE_RATE >= settings.batched_min_duration
            part = self._transcribe(engine, window.samples, job, task, batched)
            transcribe_s += time.perf_counter() - decoded
            if job.language is None and part.segments:  # detect on speech, then hold to it
                job = job.model_copy(update={"language": part.language})
            parts.append((window.offset, part))
            del window
        return _join(parts), decode_s, transcribe_s

    @staticmethod
    def _transcribe(
        engine: Engine, samples: np.ndarray, job: JobInput, task: Task, batched: bool
    ) -> Transcript:
        try:
            return engine.transcribe(samples, job, task, batched=batched)
        except ServiceError:
            raise
        except Exception as exc:
            logger.exception("transcription failed")
            raise ServiceError(ErrorCode.STT_FAILURE, "The speech recogniser failed.") from exc

    @staticmethod
    def _result(
        engine: Engine,
        job: JobInput,
        transcript: Transcript,
        timings: Timings,
        staged: StagesOutput,
    ) -> TranscriptionResult:
        with_segments = job.wants(OutputFormat.SEGMENTS) or job.wants(OutputFormat.WORDS)
        return TranscriptionResult(
            text=transcript.text,
            language=transcript.language,
            language_probability=round(transcript.language_probability, 4),
            duration=round(transcript.duration, 3),
            task=job.task,
            segments=transcript.segments if with_segments else None,
            srt=formats.to_srt(transcript.segments) if job.wants(OutputFormat.SRT) else None,
            vtt=formats.to_vtt(transcript.segments) if job.wants(OutputFormat.VTT) else None,
            privacy_removal=staged.privacy,
            classification=staged.classification,
            ai_agent=staged.agent,
            stage_errors=StageErrors(**staged.errors) if staged.errors else None,
            processing_steps=ProcessingSteps(
                stt=True,
                privacy_removal=staged.privacy is not None,
                classification=staged.classification is not None,
                ai_agent=staged.agent is not None,
            ),
            timings=timings,
            model=engine.model_name,
            device=engine.device,
            compute_type=engine.compute_type,
            batched=transcript.batched,
        )


def _shift(segment: Segment, index: int, offset: float) -> Segment:
    words = None
    if segment.words is not None:
        words = [
            w.model_copy(
                update={"start": round(w.start + offset, 3), "end": round(w.end + offset, 3)}
            )
            for w in segment.words
        ]
    return segment.model_copy(
        update={
            "id": index,
            "start": round(segment.start + offset, 3),
            "end": round(segment.end + offset, 3),
            "words": words,
        }
    )


def _join(parts: list[tuple[float, Transcript]]) -> Transcript:
    """One transcript from consecutive windows, with global timestamps."""
    if not parts:
        raise ServiceError(ErrorCode.UNSUPPORTED_FORMAT, "The audio stream holds no samples.")
    placed = [(offset, segment) for offset, part in parts for segment in part.segments]
    # The language of the first window with speech: a silent opening says nothing about it.
    first = next((part for _, part in parts if part.segments), parts[0][1])
    last_offset, last = parts[-1]
    return Transcript(
        text=" ".join(part.text for _, part in parts if part.text),
        segments=[_shift(segment, i, offset) for i, (offset, segment) in enumerate(placed)],
        language=first.language,
        language_probability=first.language_probability,
        duration=last_offset + last.duration,
        batched=any(part.batched for _, part in parts),
    )


def _legacy_output(
    job: JobInput, engine: Engine, transcript: Transcript, translation: Transcript | None
) -> dict[str, Any]:
    """The keys runpod-workers/worker-faster_whisper returns, so its clients keep working."""
    assert job.legacy is not None
    output: dict[str, Any] = {
        "segments": [s.model_dump(exclude={"words"}) for s in transcript.segments],
        "detected_language": transcript.language,
        "transcription": formats.render(job.legacy.transcription, transcript.segments),
        "translation": formats.render(job.legacy.translation, translation.segments)
        if translation is not None
        else None,
        "device": engine.device,
        "model": engine.model_name,
    }
    if job.word_timestamps:
        output["word_timestamps"] = [
            {"word": w.word, "start": w.start, "end": w.end}
            for s in transcript.segments
            for w in s.words or []
        ]
    return output
