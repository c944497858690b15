"""Masking PII everywhere a transcript shows it: the text, each segment, each word.

Entities are found once on the whole transcript (a phone number may straddle two segments), then
each segment and word that overlaps one is rewritten. Subtitles are rendered afterwards from the
masked segments, so they carry no PII either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shared.jobs import PrivacyEntity, PrivacyResult, Segment, Word
from stt_worker.stages.privacy import Entity, MaskStyle, find_entities, mask_text, replacement

_TYPE_NAMES = {
    "PHONE": ("전화번호", "phone number"),
    "RRN": ("주민등록번호", "resident registration number"),
    "CARD": ("카드번호", "card number"),
    "ACCOUNT": ("계좌번호", "bank account"),
    "PASSPORT": ("여권번호", "passport number"),
    "DRIVER_LICENSE": ("운전면허번호", "driver's licence number"),
    "EMAIL": ("이메일", "e-mail address"),
    "ADDRESS": ("주소", "address"),
    "PERSON": ("이름", "person name"),
}


@dataclass(frozen=True)
class Redacted:
    text: str
    segments: list[Segment]
    privacy: PrivacyResult


def _reason(types: Sequence[str], language: str) -> str:
    if not types:
        return ""
    korean = language == "ko"
    names = [_TYPE_NAMES.get(t, (t, t))[0 if korean else 1] for t in types]
    return f"{', '.join(names)} 포함" if korean else f"Contains {', '.join(names)}."


def _mask_span(
    text: str, offset: int, entities: Sequence[Entity], style: MaskStyle, salt: str
) -> str:
    """Mask the part of `text` (which starts at `offset` in the full transcript) that overlaps
    any entity; an entity cut by the boundary is masked on both sides."""
    end = offset + len(text)
    pieces: list[str] = []
    cursor = offset
    for entity in entities:
        if entity.end <= offset or entity.start >= end:
            continue
        start, stop = max(entity.start, offset), min(entity.end, end)
        pieces.append(text[cursor - offset : start - offset])
        pieces.append(replacement(entity, style, salt))
        cursor = stop
    pieces.append(text[cursor - offset :])
    return "".join(pieces)


def _mask_words(
    words: list[Word],
    text: str,
    offset: int,
    entities: Sequence[Entity],
    style: MaskStyle,
    salt: str,
) -> list[Word]:
    masked: list[Word] = []
    cursor = 0
    for word in words:
        token = word.word.strip()
        found = text.find(token, cursor) if token else -1
        if found < 0:
            # Not locatable (Whisper's word split differs): mask it on its own.
            own = find_entities(word.word)
            masked.append(word.model_copy(update={"word": mask_text(word.word, own, style, salt)}))
            continue
        cursor = found + len(token)
        start, stop = offset + found, offset + cursor
        hits = [e for e in entities if e.start < stop and e.end > start]
        if hits:
            lead = word.word[: len(word.word) - len(word.word.lstrip())]
            word = word.model_copy(update={"word": lead + replacement(hits[0], style, salt)})
        masked.append(word)
    return masked


def redact(
    text: str,
    segments: Sequence[Segment],
    language: str,
    style: MaskStyle,
    salt: str,
    return_entity_text: bool,
) -> Redacted:
    """Find PII in `text` and mask it in the text, the segments and their words."""
    entities = find_entities(text, language)
    masked_segments: list[Segment] = []
    cursor = 0
    for segment in segments:
        found = text.find(segment.text, cursor) if segment.text else -1
        if found < 0:
            own = find_entities(segment.text, language)
            new_text, offset, local = mask_text(segment.text, own, style, salt), 0, own
        else:
            cursor = found + len(segment.text)
            offset, local = found, entities
            new_text = _mask_span(segment.text, offset, local, style, salt)
        update: dict[str, object] = {"text": new_text}
        if segment.words is not None:
            update["words"] = _mask_words(segment.words, segment.text, offset, local, style, salt)
        masked_segments.append(segment.model_copy(update=update))
    types = list(dict.fromkeys(e.type for e in entities))
    masked_text = mask_text(text, entities, style, salt)
    privacy = PrivacyResult(
        privacy_exist="Y" if entities else "N",
        exist_reason=_reason(types, language),
        text=masked_text,
        privacy_types=types,
        entities=[
            PrivacyEntity(
                type=e.type,
                start=e.start,
                end=e.end,
                replacement=replacement(e, style, salt),
                text=e.text if return_entity_text else None,
            )
            for e in entities
        ],
    )
    return Redacted(text=masked_text, segments=masked_segments, privacy=privacy)
