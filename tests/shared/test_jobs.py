"""The job contract: sources, aliases, bounds, defaults and the community worker's input."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from shared.jobs import DEFAULT_TEMPERATURES, JobInput, OutputFormat, Task, parse_s3_uri


def test_defaults_are_korean_transcription_with_text_and_segments() -> None:
    job = JobInput(audio_url="https://bucket.s3.amazonaws.com/a.wav")
    assert job.language == "ko"
    assert job.task is Task.TRANSCRIBE
    assert job.output_formats == [OutputFormat.TEXT, OutputFormat.SEGMENTS]
    assert job.stages.requested() == []
    assert job.vad_filter is True
    assert job.temperature == list(DEFAULT_TEMPERATURES)
    assert job.source_kind == "audio_url"
    assert job.legacy is None


def test_camel_case_aliases_are_accepted() -> None:
    job = JobInput.model_validate(
        {
            "filePath": "/runpod-volume/a.wav",
            "beamSize": 2,
            "wordTimestamps": True,
            "outputFormats": ["srt"],
            "stages": {"privacyRemoval": True},
            "vadParameters": {"minSilenceDurationMs": 500},
        }
    )
    assert job.file_path == "/runpod-volume/a.wav"
    assert job.beam_size == 2
    assert job.word_timestamps is True
    assert job.stages.requested() == ["privacy_removal"]
    assert job.vad_parameters is not None
    assert job.vad_parameters.min_silence_duration_ms == 500
    # The wire is snake_case.
    assert "file_path" in job.model_dump()


@pytest.mark.parametrize("language", ["auto", "AUTO", "", None])
def test_auto_language_means_detection(language: str | None) -> None:
    assert JobInput(file_path="a.wav", language=language).language is None


@pytest.mark.parametrize(
    "sources",
    [
        {},
        {"file_path": "a.wav", "audio_url": "https://x.test/a.wav"},
        {"s3_uri": "s3://bucket/a.wav", "audio_base64": "AAAA"},
    ],
)
def test_exactly_one_source(sources: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match="exactly one audio source"):
        JobInput.model_validate(sources)


def test_warmup_needs_no_source_and_takes_none() -> None:
    assert JobInput(warmup=True).warmup
    with pytest.raises(ValidationError, match="warm-up job takes no audio source"):
        JobInput(warmup=True, file_path="a.wav")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("audio_url", "ftp://host/a.wav"),
        ("audio_url", "not a url"),
        ("audio_url", "https://"),
        ("s3_uri", "s3://b/"),
        ("s3_uri", "https://bucket/key"),
    ],
)
def test_malformed_urls_are_rejected(field: str, value: str) -> None:
    with pytest.raises(ValidationError) as info:
        JobInput.model_validate({field: value})
    assert info.value.errors()[0]["loc"] == (field,)


@pytest.mark.parametrize(
    "bad",
    [
        {"beam_size": 0},
        {"beam_size": 11},
        {"temperature": 1.5},
        {"temperature": []},
        {"no_speech_threshold": 2},
        {"output_formats": []},
        {"output_formats": ["docx"]},
        {"task": "summarise"},
        {"language": "english please"},
        {"vad_parameters": {"threshold": 3}},
        {"unknown_option": True},
    ],
)
def test_bounds(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        JobInput.model_validate({"file_path": "a.wav", **bad})


def test_words_format_turns_on_word_timestamps_and_formats_dedupe() -> None:
    job = JobInput(file_path="a.wav", output_formats=["words", "text", "words"])
    assert job.word_timestamps is True
    assert job.output_formats == [OutputFormat.WORDS, OutputFormat.TEXT]


def test_s3_uri_parts() -> None:
    assert parse_s3_uri("s3://call-recordings/2026/11/a b.wav") == (
        "call-recordings",
        "2026/11/a b.wav",
    )
    with pytest.raises(ValueError, match="not an s3"):
        parse_s3_uri("s3:/x")


def test_community_worker_input_is_translated() -> None:
    job = JobInput.model_validate(
        {
            "audio": "https://example.com/call.mp3",
            "model": "large-v3",
            "transcription": "vtt",
            "translate": True,
            "temperature": 0.2,
            "temperature_increment_on_fallback": 0.4,
            "logprob_threshold": -0.5,
            "suppress_tokens": "-1,50",
            "enable_vad": False,
        }
    )
    assert job.audio_url == "https://example.com/call.mp3"
    assert job.language is None  # that worker detects unless told
    assert job.vad_filter is False
    assert job.log_prob_threshold == -0.5
    assert job.temperature == [0.2, 0.6, 1.0]
    assert job.suppress_tokens == [-1, 50]
    assert OutputFormat.VTT in job.output_formats
    assert job.legacy is not None
    assert job.legacy.model_dump() == {
        "transcription": "vtt",
        "translate": True,
        "translation": "plain_text",
        "model": "large-v3",
    }


def test_community_worker_s3_audio_and_explicit_language() -> None:
    job = JobInput.model_validate({"audio": "s3://bucket/a.wav", "language": "ko"})
    assert job.s3_uri == "s3://bucket/a.wav"
    assert job.language == "ko"
    assert job.legacy is not None
