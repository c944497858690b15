"""SRT and WebVTT renderings."""

from __future__ import annotations

from shared.jobs import Segment
from stt_worker.formats import render, to_srt, to_vtt


def seg(i: int, start: float, end: float, text: str) -> Segment:
    return Segment(
        id=i,
        start=start,
        end=end,
        text=text,
        avg_logprob=-0.1,
        no_speech_prob=0.0,
        compression_ratio=1.0,
    )


SEGMENTS = [seg(0, 0.0, 2.5, "안녕하세요."), seg(1, 3661.2, 3663.04, "a --> b")]


def test_srt() -> None:
    assert to_srt(SEGMENTS) == (
        "1\n00:00:00,000 --> 00:00:02,500\n안녕하세요.\n\n"
        "2\n01:01:01,200 --> 01:01:03,040\na -> b\n"
    )


def test_vtt() -> None:
    assert to_vtt(SEGMENTS) == (
        "WEBVTT\n\n"
        "00:00:00.000 --> 00:00:02.500\n안녕하세요.\n\n"
        "01:01:01.200 --> 01:01:03.040\na -> b\n"
    )


def test_empty_transcript() -> None:
    assert to_srt([]) == ""
    assert to_vtt([]) == "WEBVTT\n"


def test_community_worker_styles() -> None:
    assert render("plain_text", SEGMENTS) == "안녕하세요. a --> b"
    assert render("formatted_text", SEGMENTS) == "안녕하세요.\na --> b"
    assert render("srt", SEGMENTS) == to_srt(SEGMENTS)
