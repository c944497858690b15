"""Subtitle renderings of a transcript."""

from __future__ import annotations

from collections.abc import Sequence

from faster_whisper.utils import format_timestamp

from shared.jobs import Segment


def _cue_text(segment: Segment) -> str:
    # "-->" inside a cue would end it early in both formats.
    return segment.text.strip().replace("-->", "->")


def to_srt(segments: Sequence[Segment]) -> str:
    """SubRip: numbered cues, `HH:MM:SS,mmm` times, a blank line after each cue."""
    cues = [
        f"{number}\n"
        f"{format_timestamp(s.start, always_include_hours=True, decimal_marker=',')} --> "
        f"{format_timestamp(s.end, always_include_hours=True, decimal_marker=',')}\n"
        f"{_cue_text(s)}\n"
        for number, s in enumerate(segments, start=1)
    ]
    return "\n".join(cues)


def to_vtt(segments: Sequence[Segment]) -> str:
    """WebVTT: the `WEBVTT` header, then cues with `HH:MM:SS.mmm` times."""
    cues = [
        f"{format_timestamp(s.start, always_include_hours=True)} --> "
        f"{format_timestamp(s.end, always_include_hours=True)}\n"
        f"{_cue_text(s)}\n"
        for s in segments
    ]
    return "\n".join(["WEBVTT\n", *cues])


def render(style: str, segments: Sequence[Segment]) -> str:
    """The renderings runpod-workers/worker-faster_whisper names `transcription` styles."""
    if style == "srt":
        return to_srt(segments)
    if style == "vtt":
        return to_vtt(segments)
    separator = "\n" if style == "formatted_text" else " "
    return separator.join(s.text.strip() for s in segments)
