"""The benchmarks' shared helpers: statistics, WER, the result table and JSON, speech audio."""

from __future__ import annotations

import json
import math
import os
import shutil
import sys
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from bench import common
from bench.common import BenchResult, median, percentile, print_table, save, speech_audio, wer


@pytest.fixture
def results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point BENCH_RESULTS_DIR at a temporary directory."""
    directory = tmp_path / "results"
    monkeypatch.setenv("BENCH_RESULTS_DIR", str(directory))
    return directory


# --- statistics --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [[5.0], [3.0, 1.0], [1.0, 2.0, 3.0, 4.0], [0.5, 9.0, 2.0, 2.0, 7.5, 1.0, 3.3]],
)
@pytest.mark.parametrize("q", [0, 1, 25, 50, 90, 95, 99, 100])
def test_percentile_interpolates_linearly_like_numpy(values: list[float], q: float) -> None:
    assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)))


def test_percentile_known_values() -> None:
    values = list(range(1, 101))  # 1..100
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 99) == pytest.approx(99.01)
    assert percentile([10.0, 20.0], 25) == pytest.approx(12.5)
    assert percentile([4.0, 1.0, 3.0], 0) == 1.0
    assert percentile([4.0, 1.0, 3.0], 100) == 4.0


@pytest.mark.parametrize("q", [-1, 100.5])
def test_percentile_refuses_q_out_of_range(q: float) -> None:
    with pytest.raises(ValueError, match="q must be"):
        percentile([1.0, 2.0], q)


def test_percentile_and_median_refuse_no_values() -> None:
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)
    with pytest.raises(ValueError, match="no values"):
        median([])


def test_median() -> None:
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert median([7]) == 7.0


# --- WER -----------------------------------------------------------------------------------------


def test_wer_ignores_case_punctuation_and_spaces() -> None:
    assert wer("Hello, thank you for calling.", "  hello thank   you FOR calling ") == 0.0


def test_wer_counts_word_errors() -> None:
    assert wer("please check my order", "please check the order") == pytest.approx(0.25)
    assert wer("please check my order", "please check my order now") == pytest.approx(0.25)
    assert wer("please check my order", "please order") == pytest.approx(0.5)


def test_wer_of_empty_texts() -> None:
    assert wer("", "") == 0.0
    assert wer("...", "") == 0.0
    assert wer("hello there", "") == 1.0
    assert wer("", "hello") == 1.0


# --- the table -----------------------------------------------------------------------------------


def _result(**overrides: object) -> BenchResult:
    fields: dict[str, object] = {
        "name": "sample_bench",
        "title": "A sample benchmark",
        "columns": ["run", "seconds", "ratio"],
        "rows": [
            ["bare", 12.3456, 1.0],
            ["ours", 0.012345, None],
            ["long name here", 1234.5, 0.97],
        ],
        "notes": ["target: ours ≥ 0.95× bare: MET (0.97×)"],
    }
    fields.update(overrides)
    return BenchResult(**fields)  # type: ignore[arg-type]


def test_print_table_shape(capsys: pytest.CaptureFixture[str]) -> None:
    print_table(_result())
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "A sample benchmark"
    assert lines[1] == "=" * len(lines[0])
    assert lines[2].split() == ["run", "seconds", "ratio"]
    assert set(lines[3].replace(" ", "")) == {"-"}
    body = lines[4:7]
    assert [line.split()[0] for line in body] == ["bare", "ours", "long"]
    assert "12.35" in body[0] and "0.0123" in body[1] and "1234" in body[2]  # sensible digits
    assert "—" in body[1]  # None
    # numbers are right-aligned: the columns end at the same place
    cells = ["12.35", "0.0123", "1234"]
    seconds_end = [line.find(cell) + len(cell) for line, cell in zip(body, cells, strict=True)]
    assert len(set(seconds_end)) == 1
    assert lines[7] == ""
    assert lines[8] == "  * target: ours ≥ 0.95× bare: MET (0.97×)"
    assert len(lines) == 9


def test_format_cell() -> None:
    assert common.format_cell(None) == "—"
    assert common.format_cell(True) == "yes"
    assert common.format_cell(3) == "3"
    assert common.format_cell(0.0) == "0"
    assert common.format_cell(0.00012345) == "0.000123"
    assert common.format_cell(1.23456) == "1.23"
    assert common.format_cell(123.456) == "123.5"
    assert common.format_cell(12345.6) == "12346"
    assert common.format_cell("97 %") == "97 %"


# --- saving --------------------------------------------------------------------------------------


def test_save_writes_valid_json_into_the_results_dir(results: Path) -> None:
    result = _result(data={"runs": [1.5, 2.5], "bad": math.nan, "path": Path("/x")})
    path = save(result)
    assert path == results / "sample_bench.json"
    payload = json.loads(path.read_text())
    assert payload["title"] == "A sample benchmark"
    assert payload["columns"] == ["run", "seconds", "ratio"]
    assert payload["rows"][1] == ["ours", 0.012345, None]
    assert payload["notes"] == ["target: ours ≥ 0.95× bare: MET (0.97×)"]
    assert payload["data"] == {"runs": [1.5, 2.5], "bad": None, "path": "/x"}
    machine = payload["machine"]
    assert machine["cpu_count"] == os.cpu_count()
    assert machine["python"] == sys.version.split()[0]
    assert set(machine["versions"]) >= {"ctranslate2", "faster-whisper"}
    assert machine["versions"]["faster-whisper"]
    assert machine["timestamp"]
    assert not (results / "sample_bench.png").exists()  # no plot asked for


def test_save_without_matplotlib_skips_the_plot_with_a_note(
    results: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    drawn: list[Path] = []
    path = save(_result(plot=drawn.append))
    assert drawn == []
    notes = json.loads(path.read_text())["notes"]
    assert any("matplotlib is not installed" in note for note in notes)


def test_save_draws_the_plot_when_matplotlib_is_there(results: Path) -> None:
    pytest.importorskip("matplotlib")

    def plot(png: Path) -> None:
        import matplotlib.pyplot as plt

        fig, axis = plt.subplots()
        axis.plot([1, 2], [3, 4])
        fig.savefig(png)
        plt.close(fig)

    save(_result(plot=plot))
    assert (results / "sample_bench.png").read_bytes().startswith(b"\x89PNG")


def test_worker_env_points_at_the_model_and_the_audio(results: Path) -> None:
    env = common.worker_env(STT_CPU_THREADS="2")
    assert env["STT_MODEL"] == str(common.ROOT / "models" / "whisper-base")
    assert env["STT_ALLOWED_FILE_ROOTS"].split(",") == [
        str(results / "audio"),
        str(common.ROOT / "samples"),
    ]
    assert env["STT_CPU_THREADS"] == "2"
    assert env["PATH"] == os.environ["PATH"]


def test_peak_rss_of_this_process() -> None:
    assert 1 < common.peak_rss_mb(os.getpid()) < 100_000


# --- speech audio --------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("espeak-ng") is None or shutil.which("sox") is None,
    reason="needs espeak-ng and sox (apt-get install espeak-ng sox)",
)
def test_speech_audio_makes_a_wav_of_about_the_length_asked(results: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "speech.wav"
    script = speech_audio(12, target, seed=7)
    with wave.open(str(target), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 16000)
        seconds = wav.getnframes() / wav.getframerate()
    assert 9 <= seconds <= 15
    assert len(script.split()) >= 20
    sentences = [s for s in common.CORPUS if s in script]
    assert len(sentences) >= 2  # whole corpus sentences, spoken as written

    # cached: the same (seconds, seed) comes back at once, with the same script and audio
    started = time.perf_counter()
    again = tmp_path / "again.wav"
    assert speech_audio(12, again, seed=7) == script
    assert time.perf_counter() - started < 1.0
    assert again.read_bytes() == target.read_bytes()
    assert list((results / "audio").glob("speech_12s_seed7_*.wav"))

    assert speech_audio(12, tmp_path / "other.wav", seed=8) != script
