"""Engine helpers, and the pipeline's handling of an engine that breaks."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from shared.errors import ErrorCode
from shared.jobs import JobInput, Task
from stt_worker.config import WorkerSettings
from stt_worker.engine import Transcript, decode_options, resolve_device
from stt_worker.handler import handle
from stt_worker.pipeline import Pipeline
from tests.conftest import AudioFiles


def test_auto_device_is_cpu_int8_without_a_gpu() -> None:
    assert resolve_device("auto", "auto") == ("cpu", "int8")
    assert resolve_device("cuda", "auto") == ("cuda", "float16")
    assert resolve_device("cpu", "int8_float32") == ("cpu", "int8_float32")


def test_decode_options_map_onto_faster_whisper() -> None:
    job = JobInput(
        file_path="a.wav",
        language="en",
        beam_size=3,
        temperature=0.0,
        hotwords="RunPod",
        initial_prompt="고객센터",
        vad_parameters={"min_silence_duration_ms": 300},
    )
    options = decode_options(job, Task.TRANSLATE)
    assert options["task"] == "translate"
    assert options["language"] == "en"
    assert options["beam_size"] == 3
    assert options["temperature"] == 0.0
    assert options["hotwords"] == "RunPod"
    assert options["initial_prompt"] == "고객센터"
    assert options["vad_parameters"]["min_silence_duration_ms"] == 300
    assert decode_options(JobInput(file_path="a.wav"), Task.TRANSCRIBE)["temperature"] == (
        0.0,
        0.2,
        0.4,
        0.6,
        0.8,
        1.0,
    )


class FakeBrokenEngine:
    """A fake engine that fails the way a GPU can (out of memory): there is no real way to
    make the real model fail on demand."""

    model_name = "fake"
    device = "cpu"
    compute_type = "int8"

    def transcribe(
        self, audio: np.ndarray, job: JobInput, task: Task, *, batched: bool = False
    ) -> Transcript:
        raise RuntimeError("CUDA failed with error out of memory")


def test_engine_failure_is_stt_failure_and_leaves_no_files(
    worker_settings: WorkerSettings, audio_files: AudioFiles, job_tmp: Path
) -> None:
    pipeline = Pipeline(worker_settings, engine=FakeBrokenEngine())
    try:
        output = handle({"id": "j", "input": {"file_path": str(audio_files["en.wav"])}}, pipeline)
        warm = handle({"id": "w", "input": {"warmup": True}}, pipeline)
    finally:
        pipeline.close()
    body = json.loads(output["error"])
    assert body["code"] == ErrorCode.STT_FAILURE.value
    assert "out of memory" not in body["message"]
    assert json.loads(warm["error"])["code"] == ErrorCode.WARMUP_FAILED.value
    assert list(job_tmp.iterdir()) == []


def test_unexpected_errors_are_internal_errors(worker_settings: WorkerSettings) -> None:
    class FakeExplodingPipeline(Pipeline):
        """A fake pipeline whose run raises something no code path expects."""

        def run(self, job: JobInput) -> object:  # type: ignore[override]
            raise KeyError("boom")

    pipeline = FakeExplodingPipeline(worker_settings, engine=FakeBrokenEngine())
    try:
        output = handle({"id": "j", "input": {"file_path": "a.wav"}}, pipeline)
    finally:
        pipeline.close()
    assert json.loads(output["error"]) == {
        "code": "INTERNAL_ERROR",
        "message": "The worker hit an internal error.",
    }


@pytest.mark.parametrize("bad_input", [None, "a string", ["a", "list"]])
def test_non_object_input(worker_settings: WorkerSettings, bad_input: object) -> None:
    pipeline = Pipeline(worker_settings, engine=FakeBrokenEngine())
    try:
        output = handle({"id": "j", "input": bad_input}, pipeline)
    finally:
        pipeline.close()
    assert json.loads(output["error"])["code"] == "INVALID_REQUEST"
