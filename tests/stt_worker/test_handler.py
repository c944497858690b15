"""The handler end to end: real audio, the real model, real S3 and HTTP servers."""

from __future__ import annotations

import base64
import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jiwer
import pytest

from shared.envelope import ErrorBody
from shared.errors import ErrorCode
from stt_worker.handler import handle
from stt_worker.pipeline import Pipeline
from tests.conftest import EN_SCRIPT, AudioFiles, HttpServer, S3Server

_NORMALISE = jiwer.Compose(
    [
        jiwer.ToLowerCase(),
        jiwer.RemovePunctuation(),
        jiwer.RemoveMultipleSpaces(),
        jiwer.Strip(),
        jiwer.ReduceToListOfListOfWords(),
    ]
)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def wer(reference: str, hypothesis: str) -> float:
    return float(
        jiwer.wer(
            reference,
            hypothesis,
            reference_transform=_NORMALISE,
            hypothesis_transform=_NORMALISE,
        )
    )


def run(pipeline: Pipeline, **job_input: Any) -> dict[str, Any]:
    return handle({"id": "test-job", "input": job_input}, pipeline)


def ok(output: dict[str, Any]) -> dict[str, Any]:
    assert "error" not in output or output["error"] is None, output.get("error")
    assert output["success"] is True
    data: dict[str, Any] = output["data"]
    return data


def failed(output: dict[str, Any]) -> ErrorBody:
    """The worker failed the job the way RunPod expects: a JSON string under `error`."""
    assert set(output) == {"error"}, output
    assert isinstance(output["error"], str)
    body = ErrorBody.model_validate(json.loads(output["error"]))
    assert "Traceback" not in body.message
    return body


# --- transcripts -----------------------------------------------------------------------------


def test_english_transcript_is_within_wer_010_of_the_script(
    pipeline: Pipeline, audio_files: AudioFiles
) -> None:
    data = ok(run(pipeline, file_path=str(audio_files["en.wav"]), language="en"))
    measured = wer(EN_SCRIPT, data["text"])
    print(f"\nWER on en_support_call.wav (whisper-base int8): {measured:.3f}")
    assert measured <= 0.10
    assert data["language"] == "en"
    assert data["duration"] == pytest.approx(10.28, abs=0.05)
    assert data["processing_steps"] == {
        "stt": True,
        "privacy_removal": False,
        "classification": False,
        "ai_agent": False,
    }
    assert data["model"] == "whisper-base"
    assert data["device"] == "cpu"
    assert data["compute_type"] == "int8"
    assert data["batched"] is False
    timings = data["timings"]
    assert set(timings) == {"download", "decode", "transcribe", "total"}
    assert timings["total"] >= timings["transcribe"] > 0
    segments = data["segments"]
    assert segments
    assert all(s["start"] < s["end"] for s in segments)
    assert "words" not in segments[0]


def test_korean_with_language_ko_returns_hangul(
    pipeline: Pipeline, audio_files: AudioFiles
) -> None:
    data = ok(run(pipeline, file_path=str(audio_files["ko.wav"]), language="ko"))
    assert data["language"] == "ko"
    assert len(_HANGUL.findall(data["text"])) >= 10, data["text"]


def test_korean_is_the_default_language(pipeline: Pipeline, audio_files: AudioFiles) -> None:
    data = ok(run(pipeline, file_path=str(audio_files["ko.wav"])))
    assert data["language"] == "ko"
    assert _HANGUL.search(data["text"])


def test_auto_reports_the_detected_language(pipeline: Pipeline, audio_files: AudioFiles) -> None:
    data = ok(run(pipeline, file_path=str(audio_files["en.wav"]), language="auto"))
    assert data["language"] == "en"
    assert 0.5 < data["language_probability"] <= 1.0


def test_translate_task_gives_english(pipeline: Pipeline, audio_files: AudioFiles) -> None:
    data = ok(run(pipeline, file_path=str(audio_files["en.wav"]), language="en", task="translate"))
    assert data["task"] == "translate"
    assert wer(EN_SCRIPT, data["text"]) <= 0.2


def test_long_audio_goes_through_the_batched_pipeline(
    make_pipeline: Callable[..., Pipeline], audio_files: AudioFiles
) -> None:
    pipeline = make_pipeline(batched_min_duration=5.0)
    data = ok(run(pipeline, file_path=str(audio_files["en.wav"]), language="en"))
    assert data["batched"] is True
    assert wer(EN_SCRIPT, data["text"]) <= 0.15
    assert all(s["start"] < s["end"] <= data["duration"] + 0.5 for s in data["segments"])


# --- output formats --------------------------------------------------------------------------

_SRT_TIME = r"\d{2}:\d{2}:\d{2},\d{3}"
_VTT_TIME = r"\d{2}:\d{2}:\d{2}\.\d{3}"


def test_words_srt_and_vtt_are_well_formed(pipeline: Pipeline, audio_files: AudioFiles) -> None:
    data = ok(
        run(
            pipeline,
            file_path=str(audio_files["en.wav"]),
            language="en",
            output_formats=["text", "words", "srt", "vtt"],
        )
    )
    segments = data["segments"]
    words = [w for s in segments for w in s["words"]]
    assert len(words) >= 20
    assert all(0 <= w["start"] <= w["end"] <= data["duration"] + 0.5 for w in words)
    assert all(a["start"] <= b["start"] for a, b in itertools.pairwise(words))
    assert {"customer", "support", "order"} <= {w["word"].strip(" .,").lower() for w in words}

    srt_cues = data["srt"].strip().split("\n\n")
    assert len(srt_cues) == len(segments)
    for number, cue in enumerate(srt_cues, start=1):
        index, times, text = cue.split("\n")
        assert index == str(number)
        assert re.fullmatch(f"{_SRT_TIME} --> {_SRT_TIME}", times)
        assert text == segments[number - 1]["text"]

    vtt = data["vtt"]
    assert vtt.startswith("WEBVTT\n\n")
    vtt_cues = vtt.removeprefix("WEBVTT\n\n").strip().split("\n\n")
    assert len(vtt_cues) == len(segments)
    for cue in vtt_cues:
        times, _text = cue.split("\n")
        assert re.fullmatch(f"{_VTT_TIME} --> {_VTT_TIME}", times)


def test_text_only_output_omits_segments(pipeline: Pipeline, audio_files: AudioFiles) -> None:
    data = ok(
        run(pipeline, file_path=str(audio_files["en.wav"]), language="en", output_formats=["text"])
    )
    assert "segments" not in data
    assert "srt" not in data
    assert "vtt" not in data
    assert data["text"]


# --- sources ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["en.wav", "en.mp3", "en.flac", "en.ogg", "en.m4a"])
def test_formats_decode(pipeline: Pipeline, audio_files: AudioFiles, name: str) -> None:
    data = ok(
        run(pipeline, file_path=str(audio_files[name]), language="en", output_formats=["text"])
    )
    assert wer(EN_SCRIPT, data["text"]) <= 0.15, (name, data["text"])


def _check_english(output: dict[str, Any]) -> dict[str, Any]:
    data = ok(output)
    assert wer(EN_SCRIPT, data["text"]) <= 0.10
    return data


def test_s3_uri(pipeline: Pipeline, audio_files: AudioFiles, s3_server: S3Server) -> None:
    uri = s3_server.put("calls/en.wav", audio_files["en.wav"].read_bytes())
    data = _check_english(run(pipeline, s3_uri=uri, language="en", output_formats=["text"]))
    assert data["timings"]["download"] >= 0


def test_s3_presigned_https_style_url(
    pipeline: Pipeline, audio_files: AudioFiles, s3_server: S3Server
) -> None:
    s3_server.put("calls/presigned.mp3", audio_files["en.mp3"].read_bytes())
    url = s3_server.presign("calls/presigned.mp3")
    assert "Signature=" in url or "X-Amz-Signature=" in url
    _check_english(run(pipeline, audio_url=url, language="en", output_formats=["text"]))


def test_plain_http_url(pipeline: Pipeline, http_server: HttpServer) -> None:
    _check_english(run(pipeline, audio_url=http_server.url("/files/en.flac"), language="en"))


def test_http_redirect_is_followed(pipeline: Pipeline, http_server: HttpServer) -> None:
    _check_english(run(pipeline, audio_url=http_server.url("/redirect/en.wav"), language="en"))


def test_http_5xx_is_retried(pipeline: Pipeline, http_server: HttpServer) -> None:
    _check_english(run(pipeline, audio_url=http_server.url("/flaky/en.ogg"), language="en"))
    assert http_server.hits["/flaky/en.ogg"] == 2


def test_base64(pipeline: Pipeline, audio_files: AudioFiles) -> None:
    encoded = base64.b64encode(audio_files["en.mp3"].read_bytes()).decode()
    _check_english(run(pipeline, audio_base64=encoded, language="en"))


def test_base64_data_uri(pipeline: Pipeline, audio_files: AudioFiles) -> None:
    encoded = base64.b64encode(audio_files["en.wav"].read_bytes()).decode()
    _check_english(run(pipeline, audioBase64=f"data:audio/wav;base64,{encoded}", language="en"))


def test_relative_file_path_is_taken_from_the_first_root(pipeline: Pipeline) -> None:
    _check_english(run(pipeline, file_path="en.wav", language="en"))


# --- bad input -------------------------------------------------------------------------------


def _symlink_out(audio_files: AudioFiles, tmp_path: Path) -> str:
    outside = tmp_path / "outside.wav"
    outside.write_bytes(audio_files["en.wav"].read_bytes())
    link = audio_files.root / f"escape-{tmp_path.name}.wav"
    link.symlink_to(outside)
    return str(link)


BAD_INPUTS: list[tuple[str, Callable[..., dict[str, Any]], ErrorCode]] = [
    ("no source", lambda **_: {}, ErrorCode.INVALID_REQUEST),
    (
        "two sources",
        lambda files, **_: {"file_path": str(files["en.wav"]), "audio_url": "https://x.test/a.wav"},
        ErrorCode.INVALID_REQUEST,
    ),
    ("malformed URL", lambda **_: {"audio_url": "htp//broken"}, ErrorCode.INVALID_URL),
    ("ftp URL", lambda **_: {"audio_url": "ftp://example.com/a.wav"}, ErrorCode.INVALID_URL),
    ("bad s3 URI", lambda **_: {"s3_uri": "s3://"}, ErrorCode.INVALID_URL),
    (
        "404 URL",
        lambda http, **_: {"audio_url": http.url("/status/404")},
        ErrorCode.DOWNLOAD_FAILURE,
    ),
    (
        "403 URL",
        lambda http, **_: {"audio_url": http.url("/status/403")},
        ErrorCode.DOWNLOAD_FAILURE,
    ),
    (
        "500 URL after retries",
        lambda http, **_: {"audio_url": http.url("/status/500")},
        ErrorCode.DOWNLOAD_FAILURE,
    ),
    (
        "missing S3 key",
        lambda **_: {"s3_uri": "s3://call-recordings/nope/missing.wav"},
        ErrorCode.DOWNLOAD_FAILURE,
    ),
    (
        "missing S3 bucket",
        lambda **_: {"s3_uri": "s3://no-such-bucket/a.wav"},
        ErrorCode.DOWNLOAD_FAILURE,
    ),
    (
        "declared oversize download",
        lambda http, **_: {"audio_url": http.url("/huge")},
        ErrorCode.PAYLOAD_TOO_LARGE,
    ),
    ("zero-byte file", lambda files, **_: {"file_path": str(files["empty.wav"])}, None),
    ("text renamed .wav", lambda files, **_: {"file_path": str(files["notes.wav"])}, None),
    ("truncated WAV", lambda files, **_: {"file_path": str(files["truncated.wav"])}, None),
    ("header-only WAV", lambda files, **_: {"file_path": str(files["header_only.wav"])}, None),
    ("video without audio", lambda files, **_: {"file_path": str(files["video_only.mp4"])}, None),
    (
        "path traversal",
        lambda files, **_: {"file_path": str(files.root / ".." / ".." / "etc" / "passwd")},
        ErrorCode.FORBIDDEN_PATH,
    ),
    ("absolute path outside", lambda **_: {"file_path": "/etc/passwd"}, ErrorCode.FORBIDDEN_PATH),
    (
        "symlink escape",
        lambda files, tmp, **_: {"file_path": _symlink_out(files, tmp)},
        ErrorCode.FORBIDDEN_PATH,
    ),
    (
        "missing file",
        lambda files, **_: {"file_path": str(files.root / "missing.wav")},
        ErrorCode.FILE_NOT_FOUND,
    ),
    (
        "invalid base64",
        lambda **_: {"audio_base64": "not base64 at all!"},
        ErrorCode.INVALID_REQUEST,
    ),
    (
        "beam size out of range",
        lambda files, **_: {"file_path": str(files["en.wav"]), "beam_size": 50},
        ErrorCode.INVALID_REQUEST,
    ),
    (
        "unknown field",
        lambda files, **_: {"file_path": str(files["en.wav"]), "langauge": "en"},
        ErrorCode.INVALID_REQUEST,
    ),
    (
        "unknown language code",
        lambda files, **_: {"file_path": str(files["en.wav"]), "language": "klingon!"},
        ErrorCode.INVALID_REQUEST,
    ),
    (
        "unknown mask style",
        lambda files, **_: {"file_path": str(files["en.wav"]), "stages": {"mask_style": "x"}},
        ErrorCode.INVALID_REQUEST,
    ),
]


@pytest.mark.parametrize(("name", "make_input", "code"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_gets_its_error_code(
    pipeline: Pipeline,
    audio_files: AudioFiles,
    http_server: HttpServer,
    tmp_path: Path,
    name: str,
    make_input: Callable[..., dict[str, Any]],
    code: ErrorCode | None,
) -> None:
    job_input = make_input(files=audio_files, http=http_server, tmp=tmp_path)
    body = failed(run(pipeline, **job_input))
    assert body.code is (code or ErrorCode.UNSUPPORTED_FORMAT), (name, body)
    assert body.message


def test_oversize_limits_use_the_setting(
    make_pipeline: Callable[..., Pipeline], audio_files: AudioFiles
) -> None:
    pipeline = make_pipeline(max_file_bytes=1000)
    body = failed(run(pipeline, file_path=str(audio_files["en.wav"])))
    assert body.code is ErrorCode.PAYLOAD_TOO_LARGE
    encoded = base64.b64encode(audio_files["en.wav"].read_bytes()).decode()
    assert failed(run(pipeline, audio_base64=encoded)).code is ErrorCode.PAYLOAD_TOO_LARGE


def test_streamed_download_stops_at_the_size_limit(
    make_pipeline: Callable[..., Pipeline], http_server: HttpServer
) -> None:
    """The server sends no Content-Length; the worker must stop reading past the cap."""
    pipeline = make_pipeline(max_file_bytes=1024 * 1024)
    body = failed(run(pipeline, audio_url=http_server.url("/endless")))
    assert body.code is ErrorCode.PAYLOAD_TOO_LARGE
    assert body.details == {"max_bytes": 1024 * 1024}


def test_audio_over_the_duration_limit(
    make_pipeline: Callable[..., Pipeline], audio_files: AudioFiles
) -> None:
    pipeline = make_pipeline(max_duration=5.0)
    body = failed(run(pipeline, file_path=str(audio_files["en.mp3"])))
    assert body.code is ErrorCode.AUDIO_TOO_LONG
    assert body.details == {"duration": pytest.approx(10.3, abs=0.2), "max_duration": 5.0}


@pytest.mark.parametrize(
    "url",
    [
        "{base}/files/guard-probe.wav",
        "http://localhost:{port}/files/guard-probe.wav",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/call.wav",
        "http://[::1]:{port}/files/guard-probe.wav",
    ],
)
def test_private_address_is_refused_with_the_guard_on(
    make_pipeline: Callable[..., Pipeline],
    worker_settings: Any,
    http_server: HttpServer,
    url: str,
) -> None:
    """The SSRF guard refuses before connecting: nothing reaches the addresses."""
    guarded = make_pipeline(
        http=worker_settings.http.model_copy(update={"allow_private_addresses": False})
    )
    port = http_server.base_url.rsplit(":", 1)[1]
    body = failed(run(guarded, audio_url=url.format(base=http_server.base_url, port=port)))
    assert body.code is ErrorCode.INVALID_URL
    assert body.details == {"reason": "private_address"}
    assert "/files/guard-probe.wav" not in http_server.hits


def test_missing_input_object() -> None:
    body = failed(handle({"id": "x"}, Pipeline.__new__(Pipeline)))
    assert body.code is ErrorCode.INVALID_REQUEST


# --- warm-up and compatibility ---------------------------------------------------------------


def test_warmup_job(pipeline: Pipeline) -> None:
    data = ok(run(pipeline, warmup=True))
    assert data["status"] == "WARM"
    assert data["model_was_loaded"] is True  # the session engine is already loaded
    assert data["timings"]["inference"] > 0
    assert data["timings"]["total"] < 10


def test_warmup_loads_the_model_when_cold(worker_settings: Any) -> None:
    cold = Pipeline(worker_settings)
    try:
        data = ok(handle({"id": "w", "input": {"warmup": True}}, cold))
    finally:
        cold.close()
    assert data["model_was_loaded"] is False
    assert data["timings"]["model_load"] > 0


def test_warmup_takes_no_source(pipeline: Pipeline, audio_files: AudioFiles) -> None:
    body = failed(run(pipeline, warmup=True, file_path=str(audio_files["en.wav"])))
    assert body.code is ErrorCode.INVALID_REQUEST


def test_community_worker_input_and_output(pipeline: Pipeline, http_server: HttpServer) -> None:
    """A runpod-workers/worker-faster_whisper request works unchanged, and gets its keys back."""
    output = run(
        pipeline,
        audio=http_server.url("/files/en.wav"),
        model="base",
        transcription="srt",
        translate=False,
        temperature=0,
        temperature_increment_on_fallback=0.2,
        best_of=5,
        beam_size=5,
        suppress_tokens="-1",
        logprob_threshold=-1.0,
        enable_vad=False,
        word_timestamps=True,
    )
    data = ok(output)
    assert data["language"] == "en"  # detected: that worker's default is auto-detection
    assert output["detected_language"] == "en"
    assert output["transcription"].startswith("1\n00:00:00,000 --> ")
    assert output["translation"] is None
    assert output["model"] == "whisper-base"
    assert output["word_timestamps"]
    assert {"word", "start", "end"} == set(output["word_timestamps"][0])
    assert wer(EN_SCRIPT, data["text"]) <= 0.10
