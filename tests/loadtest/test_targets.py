"""The OpenAI-compatible target against a (fake) server over real HTTP, and how answers of
both kinds of target are judged."""

from __future__ import annotations

import hashlib
import io
import wave
from pathlib import Path

from loadtest.config import LoadTestConfig, validate_config
from loadtest.runner import run_load_test_sync
from loadtest.targets import judge_api_answer, judge_openai_answer
from tests.conftest import EN_SAMPLE
from tests.loadtest.conftest import FakeOpenAI


def openai_config(fake: FakeOpenAI, tmp_path: Path, **overrides: object) -> LoadTestConfig:
    data: dict[str, object] = {
        "target": {
            "kind": "openai",
            "url": fake.base_url,
            "api_key": "sk-test",
            "model": "whisper-large-v3",
            "language": "en",
            "fields": {"temperature": 0},
        },
        "audio": {"source": "synthetic", "kind": "syllables", "duration": 0.5},
        "requests": 6,
        "warmup": 1,
        "concurrency": 3,
        "timeout": 10,
        "output": str(tmp_path / "results.json"),
    }
    data.update(overrides)
    return validate_config(data)


def test_failures_are_counted_by_status_and_warmup_is_left_out(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    # Arrival 1 is the warm-up (it completes before the measured requests start).
    fake_openai.script = {1: 500, 3: 500, 4: 429, 6: 429}
    result = run_load_test_sync(openai_config(fake_openai, tmp_path))

    summary = result.summary
    assert (summary.requests, summary.ok, summary.failed) == (6, 3, 3)
    assert summary.failures == {"HTTP_429": 2, "HTTP_500": 1}
    assert (summary.warmup, summary.warmup_failed) == (1, 1)
    warmup = [r for r in result.records if r.phase == "warmup"]
    assert [(r.index, r.code) for r in warmup] == [(0, "HTTP_500")]
    failed = [r for r in result.records if not r.ok and r.phase == "measured"]
    assert {r.message for r in failed} == {"scripted 500", "scripted 429"}
    assert summary.latency is not None and summary.latency.count == 3
    assert summary.latency_all is not None and summary.latency_all.count == 6


def test_uploads_carry_the_form_the_key_and_fresh_audio(
    fake_openai: FakeOpenAI, tmp_path: Path
) -> None:
    result = run_load_test_sync(openai_config(fake_openai, tmp_path))
    assert result.summary.ok == 6

    uploads = fake_openai.uploads
    assert len(uploads) == 7
    for upload in uploads:
        assert upload.headers["authorization"] == "Bearer sk-test"
        assert upload.fields == {
            "model": "whisper-large-v3",
            "response_format": "json",
            "language": "en",
            "temperature": "0",
        }
        assert upload.file_name is not None and upload.file_name.endswith(".wav")
        assert upload.file_type == "audio/wav"
        with wave.open(io.BytesIO(upload.file_bytes)) as wav:
            assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 16000)
            assert wav.getnframes() == 8000
    digests = {hashlib.sha256(u.file_bytes).hexdigest() for u in uploads}
    assert len(digests) == len(uploads), "synthetic audio must differ in every request"


def test_a_local_file_is_uploaded_as_is(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    config = openai_config(
        fake_openai,
        tmp_path,
        audio={"source": "file", "path": str(EN_SAMPLE)},
        requests=2,
        warmup=0,
    )
    result = run_load_test_sync(config)
    assert result.summary.ok == 2
    assert [u.file_bytes for u in fake_openai.uploads] == [EN_SAMPLE.read_bytes()] * 2
    assert {u.file_name for u in fake_openai.uploads} == {"en_support_call.wav"}
    assert {r.audio for r in result.records} == {"en_support_call.wav"}


def test_a_folder_is_sent_in_turn(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    folder = tmp_path / "calls"
    folder.mkdir()
    for name in ("b.wav", "a.flac", "c.mp3"):
        (folder / name).write_bytes(name.encode())
    (folder / "notes.txt").write_text("not audio")
    config = openai_config(
        fake_openai,
        tmp_path,
        audio={"source": "folder", "path": str(folder)},
        requests=4,
        warmup=0,
        concurrency=1,
    )
    result = run_load_test_sync(config)
    assert [r.audio for r in result.records] == ["a.flac", "b.wav", "c.mp3", "a.flac"]
    assert [u.file_bytes for u in fake_openai.uploads] == [b"a.flac", b"b.wav", b"c.mp3", b"a.flac"]
    assert fake_openai.uploads[0].file_type == "audio/flac"


def test_slow_answers_time_out(fake_openai: FakeOpenAI, tmp_path: Path) -> None:
    fake_openai.delay = 1.0
    result = run_load_test_sync(
        openai_config(fake_openai, tmp_path, requests=2, warmup=0, concurrency=2, timeout=0.2)
    )
    assert result.summary.failures == {"TIMEOUT": 2}
    assert all(r.status is None and r.latency is not None for r in result.records)
    assert all(0.2 <= r.latency < 0.9 for r in result.records if r.latency is not None)


# --- judging answers -------------------------------------------------------------------------


def test_api_answers_are_judged_by_the_envelope() -> None:
    ok = judge_api_answer(
        200, b'{"success":true,"data":{"text":"hi","jobId":"local-1","duration":10.2},"error":null}'
    )
    assert (ok.ok, ok.code, ok.job_id, ok.audio_seconds) == (True, None, "local-1", 10.2)

    error = (
        b'{"success":false,"data":null,"error":{"code":"UNSUPPORTED_FORMAT",'
        b'"message":"not audio","details":{"jobId":"local-2","status":"FAILED"}}}'
    )
    failed = judge_api_answer(400, error)
    assert (failed.ok, failed.code, failed.message, failed.job_id) == (
        False,
        "UNSUPPORTED_FORMAT",
        "not audio",
        "local-2",
    )
    assert judge_api_answer(502, b"<html>bad gateway</html>").code == "HTTP_502"
    assert judge_api_answer(200, b"plain text").code == "INVALID_RESPONSE"
    assert judge_api_answer(200, b'{"success":false,"data":null,"error":null}').code == (
        "INVALID_RESPONSE"
    )


def test_openai_answers_need_a_text() -> None:
    assert judge_openai_answer(200, b'{"text":"hello","duration":3.5}').audio_seconds == 3.5
    assert judge_openai_answer(200, b'{"transcript":"hello"}').code == "INVALID_RESPONSE"
    limited = judge_openai_answer(429, b'{"error":{"message":"slow down"}}')
    assert (limited.code, limited.message) == ("HTTP_429", "slow down")
