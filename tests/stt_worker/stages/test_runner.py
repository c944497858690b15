"""The stages through the real handler on real speech: PII gone from every output, the
classification and the agent answering, and failures kept to their stage."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from stt_worker.config import LlmSettings, StageSettings
from stt_worker.pipeline import Pipeline
from stt_worker.stages import runner
from tests.conftest import SAMPLES, AudioFiles
from tests.stt_worker.test_handler import ok, run

PII_CALL = SAMPLES / "en_pii_call.flac"
ALL_STAGES = {"privacy_removal": True, "classification": True, "ai_agent": True}
EVERY_FORMAT = ["text", "segments", "words", "srt", "vtt"]
# What whisper-base hears in en_pii_call.flac: "... call me back at 0101234-5678 or send an
# email to John.Smith at www.emple.com ..."
PII_FRAGMENTS = ("1234", "5678", "010", "John", "Smith", "emple")


def test_pii_is_masked_in_text_segments_words_and_subtitles(
    make_pipeline: Callable[..., Pipeline],
) -> None:
    pipeline = make_pipeline(allowed_file_roots=[SAMPLES])
    data = ok(
        run(
            pipeline,
            file_path=str(PII_CALL),
            language="en",
            stages=ALL_STAGES,
            output_formats=EVERY_FORMAT,
        )
    )
    privacy = data["privacy_removal"]
    assert privacy["privacy_exist"] == "Y"
    assert {"PHONE", "EMAIL", "PERSON"} <= set(privacy["privacy_types"])
    assert privacy["exist_reason"].startswith("Contains ")
    assert all("text" not in entity for entity in privacy["entities"])  # originals stay inside
    words = [w["word"] for s in data["segments"] for w in s["words"]]
    outputs = {
        "text": data["text"],
        "privacy text": privacy["text"],
        "segments": " ".join(s["text"] for s in data["segments"]),
        "words": "".join(words),
        "srt": data["srt"],
        "vtt": data["vtt"],
        "agent": json.dumps(data["ai_agent"]),
        "classification": json.dumps(data["classification"]),
    }
    for name, output in outputs.items():
        for fragment in PII_FRAGMENTS:
            assert fragment not in output, (name, fragment, output)
    assert "[PHONE]" in data["text"]
    assert "[EMAIL]" in data["srt"]
    assert "refund" in data["text"]  # the rest of the transcript is intact
    assert data["processing_steps"] == {
        "stt": True,
        "privacy_removal": True,
        "classification": True,
        "ai_agent": True,
    }
    assert data["classification"]["method"] == "rules"
    assert data["classification"]["code"] in ("CLASS_CANCEL_REFUND", "CLASS_AFTER_SALES")
    assert data["ai_agent"]["method"] == "extractive"
    assert data["ai_agent"]["summary"]
    assert {"privacy_removal", "classification", "ai_agent"} <= set(data["timings"])
    assert "stage_errors" not in data


def test_hash_mask_style_per_request(make_pipeline: Callable[..., Pipeline]) -> None:
    pipeline = make_pipeline(allowed_file_roots=[SAMPLES])
    job = {
        "file_path": str(PII_CALL),
        "language": "en",
        "stages": {"privacy_removal": True, "mask_style": "hash"},
    }
    first, second = ok(run(pipeline, **job)), ok(run(pipeline, **job))
    replacements = [e["replacement"] for e in first["privacy_removal"]["entities"]]
    assert any(r.startswith("[PHONE:") for r in replacements)
    assert first["text"] == second["text"]  # the same value hashes the same


def test_korean_call_with_every_stage(pipeline: Pipeline, audio_files: AudioFiles) -> None:
    data = ok(run(pipeline, file_path=str(audio_files["ko.wav"]), stages=ALL_STAGES))
    assert data["language"] == "ko"
    assert data["processing_steps"]["classification"] is True
    assert data["classification"]["code"].startswith("CLASS_")
    assert data["privacy_removal"]["privacy_exist"] in ("Y", "N")
    assert data["ai_agent"]["method"] == "extractive"


def test_llm_down_keeps_the_transcript(
    make_pipeline: Callable[..., Pipeline], audio_files: AudioFiles
) -> None:
    stages = StageSettings(llm=LlmSettings(base_url="http://127.0.0.1:9/v1", timeout=1.0))
    pipeline = make_pipeline(stages=stages)
    output = run(pipeline, file_path=str(audio_files["en.wav"]), language="en", stages=ALL_STAGES)
    data = ok(output)
    assert "customer support" in data["text"]
    assert data["processing_steps"] == {
        "stt": True,
        "privacy_removal": True,
        "classification": False,
        "ai_agent": False,
    }
    errors: dict[str, Any] = data["stage_errors"]
    assert set(errors) == {"classification", "ai_agent"}
    assert all(e["code"] == "STAGE_FAILURE" for e in errors.values())
    assert "classification" not in data
    assert "ai_agent" not in data


def test_no_stages_no_stage_output(pipeline: Pipeline, audio_files: AudioFiles) -> None:
    data = ok(run(pipeline, file_path=str(audio_files["en.wav"]), language="en"))
    for key in ("privacy_removal", "classification", "ai_agent", "stage_errors"):
        assert key not in data
    assert set(data["timings"]) == {"download", "decode", "transcribe", "total"}


def test_legacy_translation_is_masked_too(make_pipeline: Callable[..., Pipeline]) -> None:
    """runpod-workers/worker-faster_whisper's `translate` makes a second transcript: it must not
    carry the PII the first one had masked."""
    pipeline = make_pipeline(allowed_file_roots=[SAMPLES])
    output = run(
        pipeline,
        file_path=str(PII_CALL),
        language="en",
        translate=True,
        stages={"privacy_removal": True},
    )
    ok(output)
    for key in ("transcription", "translation"):
        assert output[key]
        for fragment in PII_FRAGMENTS:
            assert fragment not in output[key], (key, fragment, output[key])


def test_a_failed_redaction_withholds_the_transcript(
    make_pipeline: Callable[..., Pipeline],
    audio_files: AudioFiles,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A fake broken redactor (the real one cannot be made to fail): nothing unmasked leaves."""

    def fake_broken_redact(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("redactor bug")

    monkeypatch.setattr(runner, "redact", fake_broken_redact)
    pipeline = make_pipeline()
    data = ok(
        run(
            pipeline,
            file_path=str(audio_files["en.wav"]),
            language="en",
            stages=ALL_STAGES,
            output_formats=["text", "segments", "srt"],
        )
    )
    assert data["text"] == ""
    assert data["segments"] == []
    assert data["srt"] == ""
    assert set(data["stage_errors"]) == {"privacy_removal", "classification", "ai_agent"}
    assert "withheld" in data["stage_errors"]["privacy_removal"]["message"]
    assert data["processing_steps"]["privacy_removal"] is False
