"""The configuration: YAML, validation messages, flags over the file, and the loopback guard."""

from __future__ import annotations

from pathlib import Path

import pytest

from loadtest.cli import build_parser, config_from_args, main
from loadtest.config import (
    ApiTarget,
    ConfigError,
    FileAudio,
    LoadTestConfig,
    OpenAITarget,
    SyntheticAudio,
    check_target_allowed,
    is_loopback_url,
    load_config,
    validate_config,
)
from loadtest.runner import LoadTest
from tests.conftest import ROOT
from tests.loadtest.conftest import write_yaml

BASE = {
    "target": {"url": "http://127.0.0.1:8000", "body": {"language": "en"}},
    "audio": {"source": "file", "path": "en_support_call.wav"},
}


def errors_of(data: dict[str, object]) -> str:
    with pytest.raises(ConfigError) as caught:
        validate_config(data, "test.yaml")
    return str(caught.value)


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_example_file_is_valid_and_targets_make_run() -> None:
    config = load_config(ROOT / "loadtest.example.yaml")
    assert isinstance(config.target, ApiTarget)
    assert config.target.endpoint == "http://127.0.0.1:8000/api/v1/transcriptions"
    assert config.target.body == {"language": "en", "mode": "sync"}
    assert config.audio == FileAudio(source="file", path="en_support_call.wav")
    assert (config.requests, config.warmup, config.concurrency) == (20, 2, 2)
    assert (ROOT / "samples" / config.audio.path).is_file()


def test_defaults() -> None:
    config = validate_config({"audio": {"source": "file", "path": "a.wav"}})
    assert config.target.kind == "api"
    assert config.target.endpoint == "http://127.0.0.1:8000/api/v1/transcriptions"
    assert (config.requests, config.warmup, config.concurrency) == (20, 0, 1)
    assert (config.delay, config.duration, config.timeout) == (0.0, None, 300.0)
    openai = validate_config(
        {"target": {"kind": "openai", "url": "http://localhost:9000/"}, **{"audio": BASE["audio"]}}
        | {"audio": {"source": "synthetic"}}
    )
    assert isinstance(openai.target, OpenAITarget)
    assert openai.target.endpoint == "http://localhost:9000/v1/audio/transcriptions"
    assert (openai.target.model, openai.target.response_format) == ("whisper-1", "json")


def test_messages_name_the_key() -> None:
    message = errors_of({**BASE, "concurency": 2, "requests": 0})
    assert message.splitlines()[0] == "invalid configuration in test.yaml:"
    assert "  concurency: unknown key" in message
    assert "  requests: Input should be greater than or equal to 1 (got 0)" in message

    message = errors_of({**BASE, "target": {"url": "ftp://x", "bdy": {}}})
    assert "  target.url: must be an http(s) URL with a host" in message
    assert "  target.bdy: unknown key" in message

    assert "  audio: required, missing" in errors_of({"target": BASE["target"]})
    assert "audio: Unable to extract tag using discriminator 'source'" in errors_of(
        {"audio": {"path": "a.wav"}}
    )
    assert "target: Input tag 'whisper' found using 'kind' does not match" in errors_of(
        {**BASE, "target": {"kind": "whisper"}}
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"target": {"body": {"filePath": "x.wav"}}}, "filePath comes from the audio section"),
        ({"target": {"body": {"mode": "async"}}}, "mode must be 'sync'"),
        ({"target": {"path": "v1"}}, "target.path: must start with '/'"),
        ({"target": {"api_key_env": "LOADTEST_UNSET_VARIABLE"}}, "$LOADTEST_UNSET_VARIABLE"),
        ({"audio": {"source": "synthetic"}}, "synthetic audio for the api target needs"),
        ({"audio": {"source": "folder", "path": "/nonexistent"}}, "is not a directory"),
        ({"delay": -1}, "delay: Input should be greater than or equal to 0"),
        ({"duration": 0}, "duration: Input should be greater than 0"),
        ({"concurrency": 1000}, "concurrency: Input should be less than or equal to 256"),
    ],
)
def test_bad_combinations(change: dict[str, object], expected: str) -> None:
    assert expected in errors_of({**BASE, **change})


def test_openai_combinations() -> None:
    openai = {"kind": "openai", "url": "http://127.0.0.1:9000"}
    assert "'url' works with the api target only" in errors_of(
        {"target": openai, "audio": {"source": "url", "url": "s3://b/k.wav"}}
    )
    assert "upload_dir is used by the api target only" in errors_of(
        {"target": openai, "audio": {"source": "synthetic", "upload_dir": "/tmp"}}
    )
    assert "audio.path '/nonexistent.wav' is not a file" in errors_of(
        {"target": openai, "audio": {"source": "file", "path": "/nonexistent.wav"}}
    )
    assert "target.fields: model has a key of its own" in errors_of(
        {"target": {**openai, "fields": {"model": "x"}}, "audio": {"source": "synthetic"}}
    )


def test_the_key_can_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOADTEST_KEY", "from-env")
    config = validate_config({**BASE, "target": {"api_key_env": "LOADTEST_KEY"}})
    assert config.target.bearer() == "from-env"
    inline = validate_config({**BASE, "target": {"api_key": "inline"}})
    assert inline.target.bearer() == "inline"
    assert inline.redacted()["target"]["api_key"] == "**********"


# --- exit code 2 -----------------------------------------------------------------------------


def test_bad_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("target: {url: http://127.0.0.1:8000\nrequests: [1, 2\n")
    code, out, err = run_main(["-c", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(f"stt-loadtest: ERROR: {path} is not valid YAML: ")

    path.write_text("- a list\n- not a mapping\n")
    assert run_main(["-c", str(path)], capsys)[2] == (
        f"stt-loadtest: ERROR: {path} must hold a mapping of settings, not list\n"
    )
    code, _, err = run_main(["-c", str(tmp_path / "missing.yaml")], capsys)
    assert code == 2
    assert "cannot read" in err and "No such file or directory" in err


def test_unknown_key_and_negative_concurrency(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_yaml(tmp_path / "lt.yaml", {**BASE, "concurrency": -2, "warm_up": 3})
    code, out, err = run_main(["-c", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert err == (
        f"stt-loadtest: ERROR: invalid configuration in {path}:\n"
        "  concurrency: Input should be greater than or equal to 1 (got -2)\n"
        "  warm_up: unknown key\n"
    )
    # `--set` comes last, so it wins over the YAML and over `-C`.
    code, _, err = run_main(["-c", str(path), "-C", "-1", "--set", "concurrency=2"], capsys)
    assert code == 2
    assert f"invalid configuration in {path} and the flags:" in err
    assert "concurrency" not in err
    assert "warm_up: unknown key" in err
    # The same checks hold for a flag.
    code, _, err = run_main(["--file", "a.wav", "-C", "0"], capsys)
    assert (code, err.splitlines()[1]) == (
        2,
        "  concurrency: Input should be greater than or equal to 1 (got 0)",
    )


def test_a_remote_target_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 203.0.113.0/24 is TEST-NET-3: nothing is sent there, the tool refuses before any request.
    path = write_yaml(tmp_path / "lt.yaml", {**BASE, "target": {"url": "http://203.0.113.5:8000"}})
    code, out, err = run_main(["-c", str(path), "-o", str(tmp_path / "r.json")], capsys)
    assert code == 2
    assert out == ""
    assert "refusing to load-test http://203.0.113.5:8000: '203.0.113.5' is not a loopback" in err
    assert "pass --allow-remote" in err
    assert not (tmp_path / "r.json").exists()

    config = load_config(path)
    with pytest.raises(ConfigError, match="not a loopback address"):
        LoadTest(config)
    check_target_allowed(config, allow_remote=True)  # the flag lifts the guard


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://127.8.9.10", True),
        ("http://localhost:8000/prefix", True),
        ("http://[::1]:8000", True),
        ("http://0.0.0.0:8000", False),
        ("http://10.0.0.5:8000", False),
        ("http://192.168.1.10", False),
        ("https://api.openai.com", False),
        ("http://localhost.example.com", False),
        ("http://[::ffff:10.0.0.1]", False),
    ],
)
def test_what_counts_as_loopback(url: str, loopback: bool) -> None:
    assert is_loopback_url(url) is loopback


# --- flags over the file ---------------------------------------------------------------------


def parse(args: list[str]) -> LoadTestConfig:
    return config_from_args(build_parser().parse_args(args))


def test_flags_override_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOADTEST_KEY", "k")
    path = write_yaml(
        tmp_path / "lt.yaml",
        {
            "target": {"url": "http://127.0.0.1:8000", "api_key_env": "LOADTEST_KEY",
                       "body": {"language": "ko", "privacyRemoval": True}},
            "audio": {"source": "synthetic", "duration": 9, "upload_dir": str(tmp_path)},
            "requests": 50, "warmup": 5, "concurrency": 8, "delay": 1, "timeout": 30,
        },
    )  # fmt: skip
    config = parse(
        ["-c", str(path), "-n", "3", "-w", "0", "-C", "2", "--delay", "0", "--duration", "9.5",
         "--timeout", "5", "--language", "en", "--url", "http://localhost:9999",
         "--api-key", "flag-key", "--audio-duration", "0.5", "--seed", "7",
         "--set", "target.body.classification=true", "--set", "output=out.json"]
    )  # fmt: skip
    assert (config.requests, config.warmup, config.concurrency) == (3, 0, 2)
    assert (config.delay, config.duration, config.timeout) == (0.0, 9.5, 5.0)
    assert isinstance(config.target, ApiTarget)
    assert config.target.url == "http://localhost:9999"
    assert config.target.bearer() == "flag-key"
    assert config.target.api_key_env is None
    assert config.target.body == {"language": "en", "privacyRemoval": True, "classification": True}
    assert config.audio == SyntheticAudio(
        source="synthetic", duration=0.5, seed=7, upload_dir=tmp_path
    )
    assert config.output == Path("out.json")

    # Switching the audio source keeps what the new source shares with the old one.
    as_file = parse(["-c", str(path), "--file", "x.wav"])
    assert as_file.audio == FileAudio(source="file", path="x.wav")
    # Switching the target keeps the URL and the key, and drops the other kind's keys.
    as_openai = parse(["-c", str(path), "--target", "openai", "--language", "de"])
    assert isinstance(as_openai.target, OpenAITarget)
    assert as_openai.target.url == "http://127.0.0.1:8000"
    assert (as_openai.target.language, as_openai.target.bearer()) == ("de", "k")
    assert as_openai.audio == SyntheticAudio(source="synthetic", duration=9)  # no upload_dir


def test_flags_alone_are_enough() -> None:
    config = parse(["--file", "en_support_call.wav", "-n", "1"])
    assert config.target.endpoint == "http://127.0.0.1:8000/api/v1/transcriptions"
    assert config.audio == FileAudio(source="file", path="en_support_call.wav")
    with pytest.raises(ConfigError, match="expected KEY=VALUE"):
        parse(["--file", "a.wav", "--set", "requests"])
    with pytest.raises(ConfigError, match=r"cannot set 'target\.url': 'target' is not a mapping"):
        parse(["--file", "a.wav", "--set", "target=1", "--set", "target.url=x"])
