"""Privacy removal: find personal data in an STT transcript and mask it.

Korean first, English too, and mixed text. What makes this stage better than a redactor that only
knows ASCII digits is the normalisation pass (:mod:`._hangul_numbers`): numbers that Whisper
writes the way they were said (``공일공 일이삼사 오육칠팔``, ``010에 1234 5678``, ``five five five,
oh one nine nine``) become digit strings first, and then the same validators decide for written
and spoken numbers alike: phone number plans, the resident registration number's date and gender
digit, Luhn for cards, bank account layouts, driving-licence region codes.

Context words (``주민번호``, ``계좌``, ``card number``, ...) choose between types that share a shape
and let looser shapes through; words such as ``주문번호`` or ``tracking number`` mark a number as
not personal. Amounts, dates, times, counts and versions are recognised by their units,
separators and place-value numerals (``3만 9천원``, ``39,900원``, ``2024년``, ``삼 개월``) and left
alone.

The stage is pure Python, deterministic and offline; a typical sentence takes well under a
millisecond.

Example::

    >>> text = "네 제 번호는 공일공 일이삼사 오육칠팔이에요"
    >>> [(e.type, e.text) for e in find_entities(text)]
    [('PHONE', '공일공 일이삼사 오육칠팔')]
    >>> mask_text(text, find_entities(text))
    '네 제 번호는 [PHONE]이에요'
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from stt_worker.stages._hangul_numbers import HANGUL_DIGITS, Run, find_runs, to_digits

EntityType = Literal[
    "PHONE",
    "RRN",
    "CARD",
    "ACCOUNT",
    "PASSPORT",
    "DRIVER_LICENSE",
    "EMAIL",
    "ADDRESS",
    "PERSON",
]
"""What kind of personal data a span holds. ``RRN`` covers resident registration numbers and
foreigner registration numbers (주민등록번호/외국인등록번호)."""

MaskStyle = Literal["tag", "stars", "hash"]

ENTITY_TYPES: tuple[EntityType, ...] = get_args(EntityType)
NUMERIC_TYPES: frozenset[EntityType] = frozenset(
    {"PHONE", "RRN", "CARD", "ACCOUNT", "PASSPORT", "DRIVER_LICENSE"}
)
# When two candidates cover the same characters, the longer one wins; at equal length, the
# earlier type in this order (the more specific validator).
_SPECIFICITY: dict[str, int] = {
    "EMAIL": 0,
    "RRN": 1,
    "CARD": 2,
    "PHONE": 3,
    "DRIVER_LICENSE": 4,
    "PASSPORT": 5,
    "ACCOUNT": 6,
    "ADDRESS": 7,
    "PERSON": 8,
}


@dataclass(frozen=True)
class Entity:
    """A span of personal data.

    Attributes:
        type: What kind of data it is.
        start: Offset of its first character in the text given to :func:`find_entities`.
        end: Offset after its last character.
        text: ``text[start:end]``.
    """

    type: EntityType
    start: int
    end: int
    text: str


# --- context words --------------------------------------------------------------------------------

_KO_BANKS = (
    r"(?:KB\s?)?국민\s?은행|신한\s?은행|우리\s?은행|하나\s?은행|농협(?:\s?은행)?|기업\s?은행|IBK"
    r"|카카오\s?뱅크|토스\s?뱅크|케이\s?뱅크|(?:SC\s?)?제일\s?은행|씨티\s?은행|우체국|새마을\s?금고"
    r"|신협|수협(?:\s?은행)?|산업\s?은행|(?:부산|대구|경남|광주|전북|제주)\s?은행|신한"
)
_CUE_PATTERNS: list[tuple[str, str]] = [
    (
        "NEG",
        r"주문\s?번호|주문|송장\s?번호|운송장(?:\s?번호)?|송장|접수\s?번호|접수|예약\s?번호|모델\s?명?"
        r"|상품\s?(?:코드|번호)|제품\s?번호|일련\s?번호|시리얼(?:\s?번호)?|쿠폰(?:\s?번호)?|포인트"
        r"|마일리지|끝\s?자리|끝\s?번호|우편\s?번호|내선|사업자\s?(?:등록\s?)?번호|관리\s?번호"
        r"|인증\s?번호|비밀\s?번호|고객\s?번호|회원\s?번호|청구서\s?번호|영수증\s?번호"
        r"|\b(?:order|tracking|confirmation|reference|ref|case|ticket|invoice|receipt|model|serial"
        r"|flight|coupon|promo|voucher|claim|booking|reservation|transaction|item|product|part"
        r"|sku|zip|postal|member(?:ship)?|customer|reward|loyalty)\b(?:\s+(?:number|no\.?|code|id)"
        r"\b|\s*#)?|\bending\s+(?:in|with)\b|\blast\s+(?:four|4)\b|\bextension\b|\bext\.",
    ),
    (
        "RRN",
        r"주민\s?등록\s?번호|주민\s?번호|주민\s?등록증?|외국인\s?등록\s?(?:증\s?)?(?:번호)?"
        r"|외국인\s?번호|\bresident\s+registration(?:\s+number)?\b"
        r"|\b(?:alien\s+)?registration\s+(?:number|no\b\.?)|\bkorean\s+id(?:\s+number)?\b|\bRRN\b",
    ),
    ("RRN_PART", r"앞\s?자리|뒷\s?자리|뒤\s?자리|뒷\s?번호"),
    (
        "DRIVER_LICENSE",
        r"운전\s?면허\s?(?:증\s?)?(?:번호)?|면허\s?(?:증\s?)?(?:번호)?"
        r"|\bdriver'?s?\s+licen[cs]e(?:\s+number)?\b|\blicen[cs]e(?:\s+number)?\b"
        r"|\bDL(?:\s+number)?\b",
    ),
    ("PASSPORT", r"여권\s?번호|여권|\bpassport(?:\s+number)?\b"),
    (
        "ACCOUNT",
        rf"계좌\s?번호|계좌|통장|입금|이체|{_KO_BANKS}"
        r"|\b(?:bank\s+)?account(?:\s+number)?\b|\bchecking\b|\bsavings\b|\biban\b",
    ),
    (
        "CARD",
        r"카드\s?번호|신용\s?카드|체크\s?카드|카드|\bcard(?:\s+number)?\b|\bvisa\b|\bmaster\s?card\b"
        r"|\bamex\b|\bamerican\s+express\b|\bdiscover\b",
    ),
    (
        "PHONE",
        r"전화\s?번호|휴대\s?폰(?:\s?번호)?|핸드\s?폰(?:\s?번호)?|휴대\s?전화(?:\s?번호)?|연락처"
        r"|폰\s?번호|집\s?전화|회사\s?번호|사무실\s?번호|대표\s?번호|고객\s?센터|팩스|문자"
        r"|\bphone(?:\s+number)?\b|\bcell(?:\s+(?:phone|number))?\b|\bmobile(?:\s+number)?\b"
        r"|\bcall(?:\s+me)?(?:\s+back)?\b|\bcallback(?:\s+number)?\b|\breach\s+me\b"
        r"|\btext(?:\s+me)?\b|\blandline\b|\bfax\b",
    ),
    ("ANY", r"번호|\bnumber\b|\bno\."),
]
_CUE = re.compile(
    "|".join(f"(?P<{label}>{pattern})" for label, pattern in _CUE_PATTERNS), re.IGNORECASE
)
_RRN_CONTEXT = re.compile(r"주민|외국인|등록\s?번호", re.IGNORECASE)
_CUE_WINDOW = 40
_RIGHT_CUE_WINDOW = 14
_INHERIT_GAP = 14  # "license um number": a generic cue right after a typed one inherits its type


@dataclass(frozen=True)
class _Cue:
    label: str
    start: int
    end: int


def _cues(text: str, lo: int, hi: int) -> list[_Cue]:
    cues: list[_Cue] = []
    for m in _CUE.finditer(text, lo, hi):
        label = m.lastgroup or "ANY"
        if label == "RRN_PART":
            context = text[max(0, m.start() - _CUE_WINDOW) : m.start()]
            if _RRN_CONTEXT.search(context):
                label = "RRN_FRONT" if m.group().startswith("앞") else "RRN_BACK"
            else:
                label = "NEG"  # 카드 뒷자리: the last digits of something, not an identifier
        if label == "ANY" and cues and m.start() - cues[-1].end <= _INHERIT_GAP:
            label = cues[-1].label
        cues.append(_Cue(label, m.start(), m.end()))
    return cues


def _cues_for(text: str, start: int, end: int, left_limit: int, right_limit: int) -> list[str]:
    """The context words around the number at [start, end), the most telling first: those
    before it from the nearest back, then (when none before names a type) the first after it."""
    lo = max(left_limit, start - _CUE_WINDOW)
    stop = text.rfind(". ", lo, start)  # context words stay within the sentence
    if stop >= 0 and text[stop - 1 : stop] != ".":
        lo = stop + 1
    left = [c.label for c in reversed(_cues(text, lo, start))]
    if any(label != "ANY" for label in left):
        return left
    right = _cues(text, end, min(right_limit, end + _RIGHT_CUE_WINDOW))
    if right and right[0].label not in ("RRN_FRONT", "RRN_BACK"):
        return [*left, right[0].label]
    return left


# --- number validators --------------------------------------------------------------------------

_KR_PHONE = re.compile(
    r"010[0-9]{8}|01[16789][0-9]{7,8}|02[0-9]{7,8}|0(?:3[1-3]|4[1-4]|5[1-5]|6[1-4])[0-9]{7,8}"
    r"|070[0-9]{8}|050[0-9]{8,9}|080[0-9]{7}"
)
_KR_REP_PHONE = re.compile(r"1(?:5[0-9]{2}|6[0-9]{2}|8[0-9]{2})[0-9]{4}")
_US_PHONE = re.compile(r"1?[2-9][0-9]{9}")
_LOCAL_PHONE = re.compile(r"[2-9][0-9]{6,7}")  # without the area code, after a phone cue
_CARD_LAYOUTS = {(4, 4, 4, 4), (4, 6, 5), (4, 6, 4), (4, 4, 4, 4, 3), (4, 4, 4, 1), (4, 4, 4, 2)}
_CARD_LAYOUTS |= {(4, 4, 4, 3), (4, 4, 5)}
_ACCOUNT_LAYOUTS = {
    (3, 3, 6),  # Shinhan, K bank
    (3, 2, 6),  # Shinhan (old), SC First
    (6, 2, 6),  # Kookmin, NongHyup, Post office
    (4, 3, 6),  # Woori
    (3, 6, 5),  # Hana
    (3, 4, 4, 2),  # NongHyup
    (3, 6, 2, 3),  # IBK
    (4, 2, 7),  # Kakao Bank
    (4, 4, 4, 1),  # Saemaeul
    (3, 2, 4, 3),  # Kookmin (old)
    (3, 6, 3),  # Citi
    (3, 2, 5),
    (6, 2, 5),
}
_DL_REGIONS = {f"{n}" for n in range(11, 29)} - {"27"}
_KO_REGION_NAMES = (
    "서울|부산|경기|강원|충북|충남|전북|전남|경북|경남|제주|대구|인천|광주|대전|울산|세종"
)
_REGION_BEFORE = re.compile(rf"(?:{_KO_REGION_NAMES})\s?$")
_LETTER_BEFORE = re.compile(
    r"(?:(?<![A-Za-z])[A-Z]|엠|에스|알|디|지|에이|비|씨|케이|제이|티|피|엔|에이치)\s?$"
)


def luhn_valid(digits: str) -> bool:
    """Whether `digits` pass the Luhn check (card numbers)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return len(digits) > 1 and total % 10 == 0


def _valid_birth_date(front: str, gender: str) -> bool:
    century = {"1": 1900, "2": 1900, "5": 1900, "6": 1900, "3": 2000, "4": 2000, "7": 2000}
    century |= {"8": 2000, "9": 1800, "0": 1800}
    try:
        datetime.date(century[gender] + int(front[:2]), int(front[2:4]), int(front[4:6]))
    except ValueError:
        return False
    return True


def rrn_shape(digits: str) -> bool:
    """A resident or foreigner registration number: YYMMDD, gender digit 1-8, valid date."""
    return (
        len(digits) == 13 and digits[6] in "12345678" and _valid_birth_date(digits[:6], digits[6])
    )


def rrn_checksum_ok(digits: str) -> bool:
    """The check digit of numbers issued before October 2020 (later ones are random)."""
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    total = sum(int(d) * w for d, w in zip(digits[:12], weights, strict=True))
    return (11 - total % 11) % 10 == int(digits[12])


def _loose(groups: tuple[int, ...]) -> bool:
    """Groups that say nothing about the layout: one block, or digits said one by one."""
    return len(groups) == 1 or max(groups) <= 2


def _shape_types(d: str, groups: tuple[int, ...], english: bool, spoken: bool) -> list[EntityType]:
    """Types this digit string can be without any context word, the most distinctive first.

    Groups of a `spoken` number (Hangul or English words) count for less: pauses fall anywhere.
    """
    types: list[EntityType] = []
    n = len(d)
    loose = spoken or _loose(groups)
    if _KR_PHONE.fullmatch(d):
        types.append("PHONE")
    if rrn_shape(d) and (groups == (6, 7) or loose):
        types.append("RRN")
    if n == 12 and groups == (2, 2, 6, 2) and d[:2] in _DL_REGIONS:
        types.append("DRIVER_LICENSE")
    if 13 <= n <= 19 and d[0] in "234569" and luhn_valid(d) and (groups in _CARD_LAYOUTS or loose):
        types.append("CARD")
    if 10 <= n <= 14 and groups in _ACCOUNT_LAYOUTS:
        types.append("ACCOUNT")
    if _US_PHONE.fullmatch(d) and (groups in ((3, 3, 4), (1, 3, 3, 4)) or (english and loose)):
        types.append("PHONE")
    if _KR_REP_PHONE.fullmatch(d) and (groups == (4, 4) or loose):
        types.append("PHONE")
    if n == 7 and english and d[0] in "23456789" and groups == (3, 4):
        types.append("PHONE")  # a US local number: 555-1234, five five five, one two three four
    return types


def _distinctive(kind: EntityType, d: str, groups: tuple[int, ...]) -> bool:
    """Shapes that beat a context word for another type (the phone on the account is ...)."""
    if kind == "PHONE":
        return bool(re.fullmatch(r"01[016789][0-9]{7,8}", d)) or groups in ((3, 3, 4), (1, 3, 3, 4))
    if kind == "RRN":
        return groups == (6, 7)
    return kind == "DRIVER_LICENSE" or (kind == "CARD" and groups in _CARD_LAYOUTS)


def _cue_accepts(cue: EntityType, d: str, groups: tuple[int, ...]) -> bool:
    """Whether a number of this shape may be what the context word says, loosely."""
    n = len(d)
    if cue == "PHONE":
        return bool(
            _KR_PHONE.fullmatch(d)
            or _US_PHONE.fullmatch(d)
            or _KR_REP_PHONE.fullmatch(d)
            or _LOCAL_PHONE.fullmatch(d)
        )
    if cue == "RRN":
        return rrn_shape(d)
    if cue == "CARD":
        four_groups = len(groups) >= 3 and set(groups[:-1]) == {4}
        return 13 <= n <= 19 and (luhn_valid(d) or four_groups)
    if cue == "ACCOUNT":
        return 8 <= n <= 16
    if cue == "PASSPORT":
        return n in (8, 9)
    if cue == "DRIVER_LICENSE":
        return 7 <= n <= 13
    return False


_CUE_TYPES: dict[str, EntityType] = {t: t for t in NUMERIC_TYPES}


def _classify(
    d: str, groups: tuple[int, ...], cues: list[str], english: bool, spoken: bool = False
) -> EntityType | None:
    """The type of a digit string said in `groups`, given the context words `cues`."""
    first = next((c for c in cues if c != "ANY"), None)
    if first == "NEG":
        return None
    if first in ("RRN_FRONT", "RRN_BACK"):
        if rrn_shape(d):
            return "RRN"  # 뒷자리까지 다요? 900101-1234567
        if first == "RRN_FRONT":
            return "RRN" if len(d) == 6 and _valid_birth_date(d, "1") else None
        return "RRN" if len(d) == 7 and d[0] in "12345678" else None
    if len(d) < 7:
        return None
    shapes = _shape_types(d, groups, english, spoken)
    # The nearest context word whose type the shape fits (the phone on the account is ...).
    for cue in cues:
        if cue == "NEG":
            break
        typed = _CUE_TYPES.get(cue)
        if typed and typed in shapes:
            return typed
    if shapes and _distinctive(shapes[0], d, groups):
        return shapes[0]
    typed = _CUE_TYPES.get(first or "")
    if typed and _cue_accepts(typed, d, groups):
        return typed
    return shapes[0] if shapes else None


def _strip_country_code(d: str) -> str:
    """+82 10 ... -> 010 ..., +1 555 ... -> 555 ..."""
    if d.startswith("82") and len(d) >= 10:
        return d[2:] if d[2] == "0" else "0" + d[2:]
    if d.startswith("1") and len(d) == 11:
        return d[1:]
    return d


def _candidates(run: Run) -> list[tuple[int, int]]:
    """Digit index ranges of a run to try, in order: the whole run, then without a trailing
    syllable that may be the copula (``오육칠팔이에요``), then without one or two short atoms at
    either end (``오육칠팔에 일이 있어서``)."""
    n = len(run.digits)
    out: list[tuple[int, int]] = [(0, n - 1 - trim) for trim in run.trims]
    bounds = run.atom_bounds
    for total in range(1, 5):
        for left in range(3):
            right = total - left
            if not 0 <= right <= 2 or left + right >= len(bounds):
                continue
            dropped = bounds[:left] + bounds[len(bounds) - right :]
            if any(count > 2 for _, count in dropped):
                continue
            last_first, last_count = bounds[len(bounds) - 1 - right]
            out.append((bounds[left][0], last_first + last_count - 1))
    return list(dict.fromkeys(item for item in out if item[0] <= item[1]))


def _sub_groups(run: Run, first: int, last: int) -> tuple[int, ...]:
    groups: list[int] = []
    pos = 0
    for size in run.groups:
        lo, hi = max(pos, first), min(pos + size - 1, last)
        if lo <= hi:
            groups.append(hi - lo + 1)
        pos += size
    return tuple(groups)


_PLUS_BEFORE = re.compile(r"\+\s?$")


_CANONICAL_GROUPS: dict[EntityType, set[tuple[int, ...]]] = {
    "PHONE": {(3, 4, 4), (3, 3, 4), (2, 3, 4), (2, 4, 4), (4, 4), (4, 3, 4), (4, 4, 4)}
    | {(1, 3, 3, 4), (2, 2, 4, 4), (2, 2, 3, 4)},
    "RRN": {(6, 7)},
    "CARD": _CARD_LAYOUTS,
    "ACCOUNT": _ACCOUNT_LAYOUTS,
    "DRIVER_LICENSE": {(2, 2, 6, 2), (2, 6, 2)},
    "PASSPORT": set(),
}


def _english_near(text: str, run: Run) -> bool:
    """Whether a number is said in English or amid English words (in a mixed transcript)."""
    return "english" in run.kinds or _is_english(text[max(0, run.start - 40) : run.end + 20], None)


def _number_entities(text: str, english: bool) -> list[tuple[EntityType, int, int]]:
    runs = find_runs(text)
    found: list[tuple[EntityType, int, int]] = []
    for i, run in enumerate(runs):
        if run.quantity:
            continue
        # Context words are looked for up to the neighbouring numbers (short ones, often part of
        # a word such as 회사 or 카카오, do not count).
        left_limit = max((r.end for r in runs[:i] if len(r.digits) >= 6), default=0)
        right_limit = min((r.start for r in runs[i + 1 :] if len(r.digits) >= 6), default=len(text))
        # The first reading that validates wins, unless a later one also has the type's usual
        # grouping (010 1234 5678 rather than 010 1234 5678 + a stray 일이 after it).
        best: tuple[EntityType, int, int] | None = None
        for first, last in _candidates(run):
            reading = _read_number(
                text, run, first, last, english or _english_near(text, run), left_limit, right_limit
            )
            if reading is None:
                continue
            kind, start, end, canonical = reading
            if canonical:
                best = (kind, start, end)
                break
            best = best or (kind, start, end)
        if best:
            found.append(best)
    return found


def _read_number(
    text: str, run: Run, first: int, last: int, english: bool, left_limit: int, right_limit: int
) -> tuple[EntityType, int, int, bool] | None:
    """What digits `first`..`last` of `run` are, where, and whether they have the usual layout."""
    d = run.digits[first : last + 1]
    groups = _sub_groups(run, first, last)
    start, end = run.sub(first, last)
    plus = _PLUS_BEFORE.search(text, max(0, start - 2), start) if first == 0 else None
    if plus:
        d = _strip_country_code(d)
    cues = _cues_for(text, start, end, left_limit, right_limit)
    kind = _classify(d, groups, cues, english, spoken=run.kinds != {"ascii"})
    region = _REGION_BEFORE.search(text, max(0, start - 4), start)
    licence_cue = next((c for c in cues if c != "ANY"), None) == "DRIVER_LICENSE"
    if region and len(d) == 10 and (groups == (2, 6, 2) or licence_cue):
        kind, start = "DRIVER_LICENSE", region.start()
    if kind is None:
        return None
    canonical = groups in _CANONICAL_GROUPS[kind]
    if plus:
        start = plus.start()
    elif kind == "PHONE" and text[start - 1 : start] == "(":
        start -= 1
    if kind == "PASSPORT":
        letter = _LETTER_BEFORE.search(text, max(0, start - 5), start)
        start = letter.start() if letter else start
    return kind, start, end, canonical


# --- alphanumeric identifiers -----------------------------------------------------------------

_PASSPORT = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]\s?(?:[0-9]{8}|[0-9]{3}\s?[A-Z]\s?[0-9]{4}|[0-9]{7}[A-Z])(?![A-Za-z0-9])"
)
_ALNUM_LICENCE = re.compile(r"(?<![A-Za-z0-9])[A-Z][0-9]{3,}(?:-[0-9]+){0,5}(?![A-Za-z0-9])")


def _alnum_entities(text: str) -> list[tuple[EntityType, int, int]]:
    found: list[tuple[EntityType, int, int]] = []
    for m in _PASSPORT.finditer(text):
        cue = next(iter(_cues_for(text, m.start(), m.end(), 0, len(text))), None)
        if cue == "NEG":
            continue
        found.append(("DRIVER_LICENSE" if cue == "DRIVER_LICENSE" else "PASSPORT", *m.span()))
    for m in _ALNUM_LICENCE.finditer(text):
        digits = sum(ch.isdigit() for ch in m.group())
        cue = next(iter(_cues_for(text, m.start(), m.end(), 0, len(text))), None)
        if cue == "DRIVER_LICENSE" and 7 <= digits <= 14:
            found.append(("DRIVER_LICENSE", *m.span()))
        elif cue == "PASSPORT" and 7 <= digits <= 9:
            found.append(("PASSPORT", *m.span()))
    return found


# --- e-mail -----------------------------------------------------------------------------------

_EMAIL_DOMAINS_KO = {
    "네이버": "naver",
    "지메일": "gmail",
    "다음": "daum",
    "한메일": "hanmail",
    "네이트": "nate",
    "카카오": "kakao",
    "핫메일": "hotmail",
    "야후": "yahoo",
    "아웃룩": "outlook",
    "구글": "google",
    "애플": "apple",
    "아이클라우드": "icloud",
}
_TLD_KO = {"컴": "com", "넷": "net", "오알지": "org", "케이알": "kr", "코": "co"}
_AT = r"(?:\s*@\s*|\s+at\s+|\s*(?:골뱅이|앳)\s*)"
_DOT = r"(?:\s*\.\s*|\s+dot\s+|\s*(?:닷|점)\s*)"
_LOCAL_WORD = r"[A-Za-z0-9][A-Za-z0-9._%+\-]*"
_LOCAL_JOIN = r"(?:\s*(?:\.|닷|점)\s*|\s+dot\s+|\s*(?:_|언더바|언더스코어)\s*|\s+underscore\s+)"
_TLD = r"(?:com|net|org|edu|gov|co|kr|io|me|us|uk|biz|info|jp|ca|de|컴|넷|오알지|케이알|코)"
_DOMAIN_WORD = rf"(?:[A-Za-z0-9][A-Za-z0-9\-]*|{'|'.join(_EMAIL_DOMAINS_KO)})"
_EMAIL = re.compile(
    rf"(?:(?<![A-Za-z0-9._%+\-]){_LOCAL_WORD}(?:{_LOCAL_JOIN}[A-Za-z0-9]+)*"
    rf"|(?<![가-힣])[가-힣]{{2,4}}(?=\s*(?:골뱅이|앳)))"
    rf"{_AT}{_DOMAIN_WORD}(?:{_DOT}(?:(?!{_TLD}(?![A-Za-z]))[A-Za-z0-9\-]+))*"
    rf"{_DOT}{_TLD}(?:{_DOT}{_TLD})?(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_EN_STOP_LOCAL = {"me", "you", "us", "them", "him", "her", "it", "i'm", "is", "was", "look", "are"}


def _email_entities(text: str) -> list[tuple[EntityType, int, int]]:
    found: list[tuple[EntityType, int, int]] = []
    for m in _EMAIL.finditer(text):
        local = re.split(r"\s", m.group(), maxsplit=1)[0].lower()
        if local in _EN_STOP_LOCAL and "@" not in m.group():
            continue
        found.append(("EMAIL", *m.span()))
    return found


def normalise_email(value: str) -> str:
    """A spoken or written e-mail address as ``local@domain.tld``, lower case."""
    out = value.strip()
    out = re.sub(r"\s*(?:@|골뱅이|앳)\s*|\s+at\s+", "@", out, flags=re.IGNORECASE)
    out = re.sub(r"\s*(?:닷|점)\s*|\s+dot\s+", ".", out, flags=re.IGNORECASE)
    out = re.sub(r"\s*(?:언더바|언더스코어)\s*|\s+underscore\s+", "_", out, flags=re.IGNORECASE)
    for ko, en in {**_EMAIL_DOMAINS_KO, **_TLD_KO}.items():
        out = out.replace(ko, en)
    return re.sub(r"\s+", "", out).lower()


# --- addresses ----------------------------------------------------------------------------------

_SIDO = (
    r"서울특별시|서울시|서울|부산광역시|부산시|부산|대구광역시|대구시|대구|인천광역시|인천시|인천"
    r"|광주광역시|광주시|광주|대전광역시|대전시|대전|울산광역시|울산시|울산|세종특별자치시|세종시"
    r"|세종|경기도|경기|강원특별자치도|강원도|강원|충청북도|충북|충청남도|충남|전북특별자치도"
    r"|전라북도|전북|전라남도|전남|경상북도|경북|경상남도|경남|제주특별자치도|제주도|제주"
)
_SGG = r"[가-힣]{1,5}(?:시|군|구)"
_ROAD = r"[가-힣A-Za-z0-9]{1,10}?(?:대로|로|길)(?:\s?[0-9]{1,3}(?:번길|가길|길))?"
# 동 (역삼동, 상도1동) or 가 (종로1가) stand alone; 읍/면 (and 리) only after a city or county.
_DONG = r"[가-힣]{1,5}[0-9]?동|[가-힣]{1,4}[0-9]가"
_EUP = r"[가-힣]{1,4}(?:읍|면)(?:\s*[가-힣]{1,4}리)?"
_LOT = r"(?:산\s?)?[0-9]{1,5}(?:-[0-9]{1,4})?(?:\s?번지)?"
_BUILDING = r"(?:지하\s?)?[0-9]{1,5}(?:-[0-9]{1,4})?(?:\s?번지)?"
# What follows a building number and still belongs to the address: a building name (one or two
# words: 동탄역 롯데캐슬), 동, 호, 층.
_DETAIL = (
    r"(?:,?\s*(?:[A-Za-z가-힣][A-Za-z0-9가-힣]{0,14}\s*){0,2}"
    r"(?:(?:[0-9]{1,4}|[A-Za-z가-힣])동\s*[0-9]{1,5}호|[0-9]{1,5}호|(?:지하\s?)?[0-9]{1,3}층))"
)
_NUM_END = r"(?![0-9\-]|개|원|명|분|시|초|년|월|일|살|세|대|배|점|회|차|번(?!지)|kg|%)"
# A city or district may follow other letters (주소는서울시...); a bare road name may not.
_KO_PLACE_PREFIX = (
    rf"(?:(?:{_SIDO})\s*(?:{_SGG}\s*){{0,3}}|(?<![가-힣])(?:{_SGG}\s*){{1,3}}|(?<![가-힣]))"
)
_KO_ROAD_ADDRESS = re.compile(rf"{_KO_PLACE_PREFIX}{_ROAD}\s*{_BUILDING}{_NUM_END}(?:{_DETAIL})?")
_KO_LOT_ADDRESS = re.compile(
    rf"(?:{_KO_PLACE_PREFIX}(?:{_DONG})|(?:(?:{_SIDO})\s*)?(?:{_SGG}\s*){{1,3}}(?:{_EUP}))"
    rf"\s*{_LOT}{_NUM_END}(?:{_DETAIL})?"
)
_KO_UNIT_ADDRESS = re.compile(
    r"(?<![가-힣A-Za-z0-9])[A-Za-z가-힣][A-Za-z0-9가-힣]{0,14}"
    r"(?:아파트|빌라|오피스텔|맨션|하이츠|빌리지|타운|캐슬|자이|푸르지오|힐스테이트|래미안|더샵)"
    r"\s*[0-9]{1,4}동\s*[0-9]{1,5}호"
    r"|(?<![0-9])[0-9]{2,4}동\s*[0-9]{2,5}호"
)
_ADDRESS_CUE = re.compile(r"주소|배송지|사는\s?(?:곳|데)|거주지|설치\s?(?:장소|주소)|집이|address")
_NON_PLACE_DONG = {"자동", "이동", "활동", "행동", "운동", "변동", "작동", "가동", "수동", "연동"}
_NON_PLACE_DONG |= {"출동", "공동", "감동", "충동", "진동", "소동", "난동", "노동", "파동"}
_NON_ROAD = {"으로", "로", "대로", "그대로", "제대로", "마음대로", "멋대로", "이대로", "저대로"}

_EN_STREET_SUFFIX = (
    r"Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Dr\.?|Court|Ct\.?"
    r"|Terrace|Place|Pl\.?|Way|Parkway|Pkwy\.?|Circle|Cir\.?|Highway|Hwy\.?|Loop|Square|Sq\.?"
    r"|Trail|Alley|Plaza|Row"
)
_EN_ADDRESS = re.compile(
    r"(?<![A-Za-z0-9$.,])[0-9]{1,6}[A-Z]?\s+"
    r"(?:(?:[NSEW]\.?|North|South|East|West|[A-Z][a-z]+|[0-9]{1,3}(?:st|nd|rd|th))\s+){1,3}"
    rf"(?:{_EN_STREET_SUFFIX})(?![A-Za-z])"
    r"(?:,?\s+(?i:apt\.?|apartment|suite|ste\.?|unit|#|floor|fl\.?)\s*#?[A-Za-z0-9\-]{1,6}"
    r"(?![A-Za-z0-9]))?"
    r"(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,?\s+[A-Z]{2}(?:\s+[0-9]{5}(?:-[0-9]{4})?)?"
    r"(?![A-Za-z0-9]))?",
)


def _road_ok(match: re.Match[str], text: str) -> bool:
    """A road-name address needs a region before the road, or an address word nearby."""
    value = match.group()
    road = re.search(_ROAD, value)
    if road is None:
        return False
    prefix = value[: road.start()].strip()
    road_name = re.sub(r"\s?[0-9]{1,3}(?:번길|가길|길)$", "", road.group())
    if road_name in _NON_ROAD or len(road_name) < 2:
        return False
    if prefix:
        return True
    context = text[max(0, match.start() - 20) : match.start()]
    return bool(_ADDRESS_CUE.search(context)) or bool(re.search(_DETAIL + "$", value))


def _lot_ok(match: re.Match[str], text: str) -> bool:
    value = match.group()
    dong = re.search(_DONG, value) or re.search(_EUP, value)
    if dong is None:
        return False
    prefix = value[: dong.start()].strip()
    if dong.group() in _NON_PLACE_DONG or len(dong.group()) < 2:
        return False
    if prefix:
        return True
    context = text[max(0, match.start() - 20) : match.start()]
    distinctive = "-" in value or "번지" in value or bool(re.search(_DETAIL + "$", value))
    return distinctive or bool(_ADDRESS_CUE.search(context))


def _address_entities(text: str) -> list[tuple[EntityType, int, int]]:
    found: list[tuple[EntityType, int, int]] = []
    for regex, check in ((_KO_ROAD_ADDRESS, _road_ok), (_KO_LOT_ADDRESS, _lot_ok)):
        pos = 0
        while True:
            m = regex.search(text, pos)
            if m is None:
                break
            if check(m, text):
                found.append(("ADDRESS", *_strip_span(text, *m.span())))
                pos = m.end()
            else:
                pos = m.start() + 1
    for m in _KO_UNIT_ADDRESS.finditer(text):
        found.append(("ADDRESS", *m.span()))
    for m in _EN_ADDRESS.finditer(text):
        found.append(("ADDRESS", *_strip_span(text, *m.span())))
    return found


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,":
        start += 1
    while end > start and text[end - 1] in " ,":
        end -= 1
    return start, end


# --- person names -------------------------------------------------------------------------------


def _words(*lines: str) -> frozenset[str]:
    return frozenset(word for line in lines for word in line.split())


_SURNAMES_2 = ("남궁", "제갈", "선우", "황보", "독고", "사공", "서문", "동방", "어금", "망절")
_SURNAMES_1 = set(
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천"
    "방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어경은편용예봉사부"
)
# Words that follow a cue or precede a title but are not names.
_NOT_NAMES = _words(
    "어떻게 어디 어디서 어디로 어디에 정확히 정말 정도 제가 저기",
    "전화 전화번호 이거 이게 이건 이번 이제 이미 이름 이메일",
    "이용 오늘 오전 오후 안녕 한번 한국 조금 잠시 잠깐 고객",
    "고객님 문의 문제 신청 신규 주문 주소 배송 변경 현재 방금",
    "원래 우리 남편 나중 하나 도저히 마지막 소비자 연락 연결",
    "여기 공유 기존 기사 구매 성함 사실 지금 전에 전부 본인",
    "해당 모든 개인 법인 일반 장기 우량 우대 휴면 다른 어떤",
    "소중한 우수 우수한 감사 감사한 존경하는 사랑하는 신청자",
    "명의자 구매자 가입자 사용자 이용자 대리인 보호자 관리자",
    "담당자 책임자 계약자 수령인 회사원 직장인 대학생 학생 주부",
    "외국인 한국인 상담원 상담사 고객센터 카드 계좌 통장 번호",
    "명의 성명 이름은 성함은 모르 모르겠 아직 혹시 제일 계속",
    "그냥 진짜 완전 정상 확인 경우 부분 주민 주민번호 신분증",
    "여권 면허 가족 부모 부모님 아들 딸 손님 회원 회원님 선생",
    "선생님 사장 사장님 기사님 팀장 팀장님 과장 과장님 대리",
    "대리님 매니저 이사 이사님 원장 원장님 반갑 반갑습니다",
    "감사합니다 수고 수고하세요 다음 다음에 이상 이하 최근 최대",
    "최소 최저 최고 모두 전체 나머지 방문 방법 명세서 명세",
    "고지서 신청서 계약서 안내 안내문 배송지",
)
_HANGUL_WORD = re.compile(r"[가-힣]+")
# Endings and particles that may follow a name directly.
_NAME_ENDINGS = (
    "입니다",
    "이에요",
    "예요",
    "이고요",
    "고요",
    "이구요",
    "구요",
    "이고",
    "고",
    "이요",
    "요",
    "인데요",
    "인데",
    "이라고",
    "라고",
    "이라는",
    "라는",
    "씨",
    "님",
    "고객님",
    "회원님",
    "으로",
    "로",
    "이랑",
    "랑",
    "하고",
    "이가",
    "가",
    "은",
    "는",
    "이는",
    "을",
    "를",
    "이를",
    "의",
    "이죠",
    "죠",
    "이세요",
    "세요",
    "이십니다",
    "이신가요",
    "이십니까",
    "앞으로",
    "이었",
    "였",
    "에",
    "도",
    "이도",
)
_KO_FILLERS = {"어", "음", "그", "아", "저기", "네", "예", "뭐"}
_GLUED_FILLERS = set("네예아어음")
_PARTICLES = _words(
    "이 가 은 는 을 를 에 도 의 와 과 만 요 로 으로 에는",
    "에서 에서는 으로는 로는 까지 부터 에게 한테 이랑 랑 하고",
    "처럼 만큼 보다 이나 나 라도 이라도 밖에 이요 이에요 예요",
    "이고 고 이죠 죠 에요 이라서 라서 인데 인데요 이면 면",
)
# Last letters of verb forms and particles; Korean given names (almost) never end in them.
_NOT_NAME_FINALS = set("해했됐할는을를면게까듯께이가요죠다니데고네로")
_VERB_STARTS = set("하해했되돼된할려시셨겠었았습니")
# Cues that may be glued to what precedes them (제이름은김민수입니다) ...
_NAME_CUE_KO = re.compile(
    r"이름은|이름이|이름|성함은|성함이|성함|성명은|성명이|성명|예금주는|예금주가|예금주|명의자는|명의자가"
    r"|명의자|가입자는|가입자|수령인은|수령인이|수령인|받는\s?(?:사람|분)은?|보내는\s?(?:사람|분)은?"
    r"|상담원은?|상담사는?|담당자는?|보호자는?|대표자는?"
    # ... and short ones that must stand alone: 저는 김민수인데요, 전 김민수예요.
    r"|(?<![가-힣])(?:저는|전|제가|본인은)(?=\s)"
)
_NAME_STRONG_CUE = re.compile(r"이름|성함|성명|예금주|명의자|가입자|수령인|받는|보내는")
_NAME_ANSWER_ENDINGS = (
    "이요",
    "요",
    "입니다",
    "이에요",
    "예요",
    "이고요",
    "인데요",
    "이라고",
    "라고",
)
_TITLES = (
    "고객님",
    "회원님",
    "팀장님",
    "과장님",
    "대리님",
    "매니저님",
    "주임님",
    "차장님",
    "부장님",
    "실장님",
    "선생님",
    "사장님",
    "원장님",
    "교수님",
    "대표님",
    "씨",
    "님",
)
_SPACED_TITLE = re.compile(
    r"\s+(?:(?:어|음|아|그|저기)\s+)?(?:고객님|회원님|님|씨|팀장|과장|대리|매니저|주임|차장|부장|실장|선생님|사장님|원장님"
    r"|교수님|대표님|상담원|상담사)"
)
_SAID_NAME = re.compile(
    r"(?<![가-힣])(?P<name>[가-힣]{2,4}?)(?:이라고|라고)\s*(?:(?:어|음|그|아|저기|뭐)\s+)?"
    r"(?:합니다|해요|하고요|하는데요|하는|불러)"
)
_GREETING_NAME = re.compile(
    r"(?:감사합니다|안녕하세요|반갑습니다|여보세요)[,.]?\s+(?:[가-힣A-Za-z]+\s+){0,2}"
    r"(?P<name>[가-힣]{2,4}?)(?:입니다|이에요|예요)"
)
_LATIN_NAME_KO = re.compile(
    r"영문\s?(?:이름|성함|성명)[은이]?\s*(?P<name>[A-Z]{2,}(?:\s[A-Z]{2,}){1,2})"
)


def _common_word(word: str) -> bool:
    """Whether a Hangul word is a listed common word, maybe with a particle (이번에, 이름이)."""
    for k in range(2, len(word) + 1):
        if word[:k] in _NOT_NAMES:
            rest = word[k:]
            if not rest or rest in _PARTICLES or rest in _NAME_ENDINGS:
                return True
    return False


def _split_name(word: str, strong: bool) -> int:
    """How many letters at the start of a Hangul word (name + ending) are a name; 0 if none.

    A name is a surname and a one- or two-letter given name; without a strong cue only
    three-letter (or compound-surname) names count, since two-letter words are mostly not names.
    """
    if len(word) < 2 or _common_word(word):
        return 0
    surname = 2 if word[:2] in _SURNAMES_2 and len(word) >= 3 else 1
    if surname == 1 and word[0] not in _SURNAMES_1:
        return 0
    for given in (2, 1) if strong or surname == 2 else (2,):
        size = surname + given
        rest = word[size:]
        if size > len(word) or word[size - 1] in _NOT_NAME_FINALS:
            continue  # 남궁민이요 is 남궁민 + 이요; 연결해, 주세요 are verbs
        if not rest or rest.startswith(_NAME_ENDINGS):
            return size
    if strong and len(word) > surname + 2:
        # A name glued to the next word (노주원주소는): take surname and two letters, unless the
        # word starts with a common word or continues like a verb (변경하려고요).
        rest = word[surname + 2 :]
        common = any(word[:k] in _NOT_NAMES for k in range(2, len(word)))
        if not common and rest[0] not in _VERB_STARTS and word[surname + 1] not in _NOT_NAME_FINALS:
            return surname + 2
    return 0


def _skip_fillers(text: str, pos: int) -> int:
    while True:
        while pos < len(text) and text[pos] == " ":
            pos += 1
        word = _HANGUL_WORD.match(text, pos)
        if word and word.group() in _KO_FILLERS and text[word.end() : word.end() + 1] == " ":
            pos = word.end()
            continue
        return pos


def _korean_person_entities(text: str) -> list[tuple[EntityType, int, int]]:
    found: list[tuple[EntityType, int, int]] = []
    # A cue before the name: 제 이름은 김민수입니다, 예금주 홍길동, 상담원 이영희입니다.
    for cue in _NAME_CUE_KO.finditer(text):
        strong = bool(_NAME_STRONG_CUE.search(cue.group()))
        word = _HANGUL_WORD.match(text, _skip_fillers(text, cue.end()))
        if not word:
            continue
        size = _split_name(word.group(), strong)
        if size and (strong or word.group()[size:].startswith(_NAME_ENDINGS)):
            found.append(("PERSON", word.start(), word.start() + size))
        if strong:
            # 성함이 어떻게 되세요? 네 소도윤이요: the answer comes a few words later.
            pos = word.end()
            for _ in range(4):
                nxt = _HANGUL_WORD.search(text, pos, min(len(text), pos + 12))
                if not nxt:
                    break
                size = _split_name(nxt.group(), strong=False)
                if size >= 3 and nxt.group()[size:].startswith(_NAME_ANSWER_ENDINGS):
                    found.append(("PERSON", nxt.start(), nxt.start() + size))
                    break
                pos = nxt.end()
    # A title after the name: 김민수 고객님, 홍길동 님, 임하준씨, 이철수 팀장님.
    for word in _HANGUL_WORD.finditer(text):
        value = word.group()
        if 3 <= len(value) <= 4 and _SPACED_TITLE.match(text, word.end()):
            if _split_name(value, strong=False) == len(value):
                found.append(("PERSON", *word.span()))
            elif value[0] in _GLUED_FILLERS and _split_name(value[1:], strong=False) == 3:
                found.append(("PERSON", word.start() + 1, word.end()))  # 네김민수 고객님
            continue
        title = next((t for t in _TITLES if value.endswith(t)), "")
        base = value[: len(value) - len(title)]
        if title and 3 <= len(base) <= 4 and _split_name(base, strong=False) == len(base):
            found.append(("PERSON", word.start(), word.start() + len(base)))
    # 박지성이라고 합니다; 감사합니다 한빛카드 김민수입니다.
    for regex in (_SAID_NAME, _GREETING_NAME):
        for m in regex.finditer(text):
            name = m.group("name")
            if len(name) >= 3 and _split_name(name, strong=False) == len(name):
                found.append(("PERSON", *m.span("name")))
    for m in _LATIN_NAME_KO.finditer(text):
        found.append(("PERSON", *m.span("name")))
    return found


_EN_NAME_WORD = r"(?:[A-Z][a-z]*'[A-Z][a-z]+|Mc[A-Z][a-z]+|[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
_EN_FILL = r"(?:\s+(?:uh|um|er|like|you\s+know),?)*"


def _en(*words: str) -> str:
    """Cue words, case-insensitive, with fillers allowed between them."""
    return "(?i:" + (_EN_FILL + r"\s+").join(words) + ")"


# (cue, the fewest name words it needs)
_EN_NAME_CUES = [
    (_en(r"\bmy", "name", "is") + "|" + _en(r"\bmy", "name's") + "|" + _en(r"\bname", "is"), 1),
    (_en(r"\bthis", "is") + "|" + _en(r"\bit's") + "|" + _en(r"\bit", "is"), 2),
    (r"\bI'm|\bI\s+am", 2),
    (
        "|".join(
            [
                _en(r"\b(?:speak|talk)", "(?:to|with)"),
                _en(r"\bunder"),
                _en(r"\bname", "on", "the", "(?:card|account)", "is"),
                _en(r"\baccount", "holder", "is"),
                _en(r"\bask", "for"),
            ]
        ),
        2,
    ),
    (r"\b(?:Mr|Mrs|Ms|Miss|Dr|Mister)\.?", 1),
]
_EN_NAME_CUE = [
    (
        re.compile(
            rf"(?:{cue}){_EN_FILL},?\s+(?P<name>{_EN_NAME_WORD}(?:\s+{_EN_NAME_WORD}){{0,2}})"
        ),
        fewest,
    )
    for cue, fewest in _EN_NAME_CUES
]
_EN_NAME_HERE = re.compile(
    rf"(?:^|(?i:\b(?:hi|hello|hey|yes|yeah)\b),?){_EN_FILL}\s*"
    rf"(?P<name>{_EN_NAME_WORD}\s+{_EN_NAME_WORD}),?\s+(?i:here|speaking)\b"
)
_EN_NOT_NAMES = _words(
    "I I'm The A An This That It Its Yes No Yeah Okay Ok Sure Hi Hello Hey Thanks",
    "Thank Please Sorry Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    "January February March April May June July August September October November",
    "December Korean American English Chinese Japanese Canadian British Mexican",
    "Indian Visa Mastercard Amex Chase Amazon Apple Google Samsung Verizon Comcast",
    "Bank Support Mobile Card Account Customer Service Services Department Team",
    "Billing Center Centre Inc Corp Company Insurance Airlines Store Office Online",
    "Premium Gold Platinum Calling Here Just Not Still Also Really Very Trying",
    "Looking Going Getting Sending Checking Wells Fargo Citi Capital One Discover",
    "Express Delivery Order Refund Manager Supervisor Agent Street Avenue Road Drive",
    "Lane Boulevard Plan Unlimited Pro Max Plus Ultra Mini",
)


def _english_person_entities(text: str) -> list[tuple[EntityType, int, int]]:
    found: list[tuple[EntityType, int, int]] = []
    for regex, fewest in _EN_NAME_CUE:
        for m in regex.finditer(text):
            words = m.group("name").split()
            while words and words[-1] in _EN_NOT_NAMES:
                words.pop()
            if len(words) < fewest or any(w in _EN_NOT_NAMES for w in words):
                continue
            start = m.start("name")
            end = start + len(" ".join(words))
            if text[start:end] == " ".join(words):
                found.append(("PERSON", start, end))
    for m in _EN_NAME_HERE.finditer(text):
        if not any(w in _EN_NOT_NAMES for w in m.group("name").split()):
            found.append(("PERSON", *m.span("name")))
    return found


def _repeat_names(text: str, found: list[tuple[EntityType, int, int]]) -> None:
    """Once a name is known, its other mentions in the same text are names too."""
    names = {text[s:e] for t, s, e in found if t == "PERSON" and e - s >= 3}
    for name in names:
        for m in re.finditer(re.escape(name), text):
            before = text[m.start() - 1 : m.start()]
            if before and (before.isalnum()):
                continue
            found.append(("PERSON", *m.span()))


# --- the API ------------------------------------------------------------------------------------


def _is_english(text: str, language: str | None) -> bool:
    if language:
        return language.lower().startswith("en")
    latin = sum(ch.isascii() and ch.isalpha() for ch in text)
    hangul = sum("가" <= ch <= "힣" for ch in text)
    return latin > hangul


def _resolve(text: str, candidates: list[tuple[EntityType, int, int]]) -> list[Entity]:
    """Non-overlapping entities: the longer span wins, then the more specific type."""
    chosen: list[tuple[EntityType, int, int]] = []
    ordered = sorted(set(candidates), key=lambda c: (-(c[2] - c[1]), _SPECIFICITY[c[0]], c[1]))
    for kind, start, end in ordered:
        if end <= start:
            continue
        if any(start < e and s < end for _, s, e in chosen):
            continue
        chosen.append((kind, start, end))
    chosen.sort(key=lambda c: c[1])
    return [Entity(kind, start, end, text[start:end]) for kind, start, end in chosen]


def find_entities(text: str, language: str | None = None) -> list[Entity]:
    """Find the personal data in a transcript.

    Args:
        text: The transcript (or one segment of it), as the STT engine wrote it.
        language: A hint, ``"ko"`` or ``"en"`` (any Whisper code is accepted); ``None`` means
            either. Both languages are searched in any case, because calls mix them; the hint
            only decides borderline cases such as a ten-digit number with no grouping.

    Returns:
        The entities, sorted by start offset and non-overlapping; where candidates overlap, the
        longer one wins, then the more specific type.
    """
    if not text or not text.strip():
        return []
    english = _is_english(text, language)
    candidates: list[tuple[EntityType, int, int]] = []
    candidates += _email_entities(text)
    candidates += _number_entities(text, english)
    candidates += _alnum_entities(text)
    candidates += _address_entities(text)
    people = _korean_person_entities(text) + _english_person_entities(text)
    _repeat_names(text, people)
    candidates += people
    return _resolve(text, candidates)


_LETTER_NAMES = {"엠": "M", "에스": "S", "알": "R", "디": "D", "지": "G", "엔": "N", "티": "T"}
_LETTER_NAME = re.compile(rf"^(?:{'|'.join(_LETTER_NAMES)})(?=\s|[{''.join(HANGUL_DIGITS)}])")


def _digits_in_place(value: str) -> str:
    """`value` with every spoken number replaced by its digits, separators dropped."""
    out, pos = [], 0
    for run in find_runs(value):
        out += [value[pos : run.start], run.digits]
        pos = run.end
    return "".join([*out, value[pos:]])


def normalised_value(entity: Entity) -> str:
    """The canonical form of an entity's value, so that the same data said differently compares
    equal: the digits of a number (``+82 10`` as ``010``), a passport or licence with its letters,
    an e-mail as ``local@domain``, other text without spaces and in lower case."""
    if entity.type == "EMAIL":
        return normalise_email(entity.text)
    if entity.type == "PHONE":
        digits = to_digits(entity.text)
        plus = entity.text.lstrip("( ").startswith("+")
        if plus or (len(digits) == 11 and digits.startswith("1")):
            digits = _strip_country_code(digits)
        return digits
    if entity.type in ("PASSPORT", "DRIVER_LICENSE"):
        value = re.sub(_KO_REGION_NAMES, "", entity.text).strip()
        value = _LETTER_NAME.sub(lambda m: _LETTER_NAMES[m.group()], value)
        return re.sub(r"[^A-Za-z0-9]", "", _digits_in_place(value)).upper()
    if entity.type in NUMERIC_TYPES:
        return to_digits(entity.text)
    return re.sub(r"\s+", "", entity.text).casefold()


def replacement(entity: Entity, style: MaskStyle = "tag", salt: str = "") -> str:
    """What replaces an entity in the masked text.

    Args:
        entity: The entity.
        style: ``"tag"`` gives ``[PHONE]``; ``"stars"`` gives one ``*`` per character, keeping
            spaces, so the masked text has the same length and offsets; ``"hash"`` gives
            ``[PHONE:1a2b3c4d5e]``, the first ten hex digits of SHA-256 over ``salt`` and the
            normalised value (:func:`normalised_value`), so the same number gives the same token
            however it was said, within one deployment (one salt).
        salt: A deployment secret for ``"hash"``; without one, hashes of short numbers can be
            reversed by trying them all.

    Returns:
        The replacement text.

    Raises:
        ValueError: For an unknown style.
    """
    if style == "tag":
        return f"[{entity.type}]"
    if style == "stars":
        return "".join(" " if ch.isspace() else "*" for ch in entity.text)
    if style == "hash":
        digest = hashlib.sha256((salt + normalised_value(entity)).encode("utf-8")).hexdigest()
        return f"[{entity.type}:{digest[:10]}]"
    raise ValueError(f"unknown mask style: {style!r}")


def mask_text(
    text: str, entities: Sequence[Entity], style: MaskStyle = "tag", salt: str = ""
) -> str:
    """Replace each entity in `text` by its :func:`replacement`.

    Args:
        text: The text the entities were found in.
        entities: Entities of `text` (from :func:`find_entities`), in any order; they must not
            overlap.
        style: See :func:`replacement`.
        salt: See :func:`replacement`.

    Returns:
        The masked text.

    Raises:
        ValueError: If entities overlap or do not match `text`.
    """
    out: list[str] = []
    pos = 0
    for entity in sorted(entities, key=lambda e: e.start):
        if entity.start < pos:
            raise ValueError(f"overlapping entities at offset {entity.start}")
        if text[entity.start : entity.end] != entity.text:
            raise ValueError(f"entity {entity.text!r} is not at {entity.start} in the text")
        out.append(text[pos : entity.start])
        out.append(replacement(entity, style, salt))
        pos = entity.end
    out.append(text[pos:])
    return "".join(out)


__all__ = [
    "ENTITY_TYPES",
    "Entity",
    "EntityType",
    "MaskStyle",
    "find_entities",
    "luhn_valid",
    "mask_text",
    "normalise_email",
    "normalised_value",
    "replacement",
    "rrn_checksum_ok",
    "rrn_shape",
]
