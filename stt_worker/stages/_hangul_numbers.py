"""Digit runs in STT text, however the digits were written.

Whisper writes a number read aloud digit by digit in several ways: ASCII digits
(``010-1234-5678``), Hangul Sino-Korean numerals (``공일공 일이삼사 오육칠팔``),
English words (``five five five, oh one nine nine``), or a mix, with the words people
say between the groups (``에``, ``다시``, ``dash``, a filler) and spacing errors
(``공일공일이삼사 오육칠팔``). :func:`find_runs` finds the maximal runs of digits joined
by such separators and keeps, for every digit, where in the text it came from, so a
validator can look at the digit string and the caller can still point at the exact
characters.

Hangul numerals are also ordinary syllables (``이`` "this", ``사`` "buy", ``일`` "work",
``구`` "district"), so atoms glued to other Hangul are treated with care: a short one inside
a word is not a number (``회사``, ``대구``), one or two numerals right after ASCII digits
are a counter (``15일``), numerals next to place-value syllables (``이백오십``) are a
quantity, and a trailing ``이``/``이구`` glued to an ending (``오육칠팔이에요``) may be the
copula; the run records how many digits may be trimmed for that reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HANGUL_DIGITS = {
    "공": "0",
    "영": "0",
    "일": "1",
    "이": "2",
    "삼": "3",
    "사": "4",
    "오": "5",
    "육": "6",
    "륙": "6",
    "칠": "7",
    "팔": "8",
    "구": "9",
}
EN_UNITS = {
    "zero": "0",
    "oh": "0",
    "o": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
EN_TEENS = {
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "thirteen": "13",
    "fourteen": "14",
    "fifteen": "15",
    "sixteen": "16",
    "seventeen": "17",
    "eighteen": "18",
    "nineteen": "19",
}
EN_TENS = {
    "twenty": "2",
    "thirty": "3",
    "forty": "4",
    "fifty": "5",
    "sixty": "6",
    "seventy": "7",
    "eighty": "8",
    "ninety": "9",
}
EN_REPEAT = {"double": 2, "triple": 3}

_EN_WORDS = sorted([*EN_UNITS, *EN_TEENS, *EN_TENS, *EN_REPEAT, "hundred"], key=len, reverse=True)
_HANGUL_CLASS = "".join(HANGUL_DIGITS)
_ATOM = re.compile(
    r"(?P<ascii>(?<![A-Za-z0-9])[0-9]+(?![A-Za-z0-9]))"
    rf"|(?P<hangul>[{_HANGUL_CLASS}]+)"
    rf"|(?P<english>(?<![A-Za-z'])(?:{'|'.join(_EN_WORDS)})(?![A-Za-z']))",
    re.IGNORECASE,
)
# What may stand between two groups of one number: commas, dashes, pauses (...), the Korean
# particles 에/의, 다시 ("dash"), English dash/hyphen, and fillers; not a full stop.
_SEPARATOR = re.compile(
    r"(?:[\s,\-–—·…()]|\.{2,}|에|의|다시|dash|hyphen|uh|um|er|어|음|그|아)*", re.IGNORECASE
)
_MAX_GAP = 12
_PLACE_VALUES = "십백천만억"
_HANGUL_SYLLABLE = re.compile(r"[가-힣]")
_REGION_END = re.compile(
    "(?:서울|부산|경기|강원|충북|충남|전북|전남|경북|경남|제주|대구|인천|광주|대전|울산|세종)$"
)
_NUMERALS_AHEAD = re.compile(rf"[{''.join(HANGUL_DIGITS)}]{{3}}")
_FINAL_CONSONANT = set("공영일삼육륙칠팔")  # numerals whose syllable ends in a consonant
# Units and counters: a number directly followed by one of these is a quantity, not an identifier.
_KO_COUNTERS = (
    "원",
    "개",
    "명",
    "년",
    "월",
    "일",
    "시",
    "분",
    "초",
    "살",
    "세",
    "층",
    "호",
    "동",
    "차례",
    "회",
    "배",
    "점",
    "기가",
    "대",
    "장",
    "권",
    "건",
    "박",
    "퍼센트",
    "프로",
    "키로",
    "킬로",
    "미리",
    "밀리",
    "센티",
    "인치",
    "달러",
    "만",
    "천",
    "백",
    "억",
    "주",
    "등",
    "위",
    "종",
    "평",
    "번째",
    "마일",
    "%",
)
# Words that start with a counter's letter but are not counters (분실 "loss", 주세요 "please").
_NOT_COUNTERS = (
    "분실",
    "불러",
    "명의",
    "명세",
    "주소",
    "주세",
    "주시",
    "세요",
    "대로",
    "대해",
    "동안",
    "원래",
    "회원",
    "회사",
    "점검",
    "장님",
    "위치",
)
_EN_UNITS_AFTER = re.compile(
    r"\s*(?:%|(?:dollars?|bucks|cents?|percent|hours?|hrs?|minutes?|mins?|seconds?|days?|weeks?"
    r"|months?|years?|inch(?:es)?|feet|foot|pounds?|lbs?|kg|kilos?|grams?|gigs?|gb|mb|tb|points?"
    r"|miles?|won|times|items?|pieces?|units?|people|am|pm|a\.m\.|p\.m\.|o'clock)(?![A-Za-z]))",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"(?:[$₩€£¥]|USD|KRW|EUR)\s*$")


@dataclass
class _Atom:
    kind: str  # "ascii", "hangul" or "english"
    start: int
    end: int
    digits: str
    spans: list[tuple[int, int]]  # where each digit came from
    glued_before: str = ""  # Hangul letters directly before (same word)
    glued_after: str = ""  # Hangul letters directly after (same word)
    quantity: bool = False  # followed by a counter or unit, or part of a place-value number


@dataclass(frozen=True)
class Run:
    """A maximal run of digits joined by separators.

    Attributes:
        start: Offset of the first digit's character.
        end: Offset after the last digit's character.
        digits: The digits, ASCII.
        spans: For each digit, the (start, end) of the characters it came from.
        groups: The lengths of the groups the digits were said in (split at separators).
        kinds: Which notations occur: ``ascii``, ``hangul``, ``english``.
        quantity: A counter, unit, currency sign, thousands separator or decimal point says this
            is an amount, a date or a count.
        trims: Numbers of trailing digits to drop, in the order to try: 0, and 1 or 2 where the
            last syllables may be a Korean copula glued to the number (``...오육칠팔이에요``).
        glued_before: Hangul letters glued before the first digit (``번호는공일공``: ``번호는``).
        atom_bounds: (first digit index, digit count) of each atom, to drop whole atoms at the ends.
    """

    start: int
    end: int
    digits: str
    spans: tuple[tuple[int, int], ...]
    groups: tuple[int, ...]
    kinds: frozenset[str]
    quantity: bool
    trims: tuple[int, ...]
    glued_before: str
    atom_bounds: tuple[tuple[int, int], ...]

    def sub(self, first: int, last: int) -> tuple[int, int]:
        """The character span of digits ``first`` to ``last`` inclusive."""
        return self.spans[first][0], self.spans[last][1]


def _english_digits(words: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Digits of consecutive English number words: ``double five`` is 55, ``twenty one`` 21."""
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(words):
        word, start, end = words[i]
        low = word.lower()
        nxt = words[i + 1][0].lower() if i + 1 < len(words) else ""
        if low in EN_REPEAT and nxt in EN_UNITS:
            end = words[i + 1][2]
            out.append((EN_UNITS[nxt] * EN_REPEAT[low], start, end))
            i += 2
            continue
        if low in EN_REPEAT:
            i += 1
            continue
        if low in EN_TENS:
            if nxt in EN_UNITS and nxt not in ("oh", "o", "zero"):
                out.append((EN_TENS[low] + EN_UNITS[nxt], start, words[i + 1][2]))
                i += 2
                continue
            out.append((EN_TENS[low] + "0", start, end))
        elif low in EN_TEENS:
            out.append((EN_TEENS[low], start, end))
        elif low == "hundred":
            out.append(("00", start, end))
        else:
            out.append((EN_UNITS[low], start, end))
        i += 1
    return out


def _word_bounds(text: str, start: int, end: int) -> tuple[str, str]:
    """The non-numeral Hangul letters glued directly before `start` and after `end`."""
    b = start
    while b > 0 and _HANGUL_SYLLABLE.match(text[b - 1]) and text[b - 1] not in HANGUL_DIGITS:
        b -= 1
    e = end
    while e < len(text) and _HANGUL_SYLLABLE.match(text[e]) and text[e] not in HANGUL_DIGITS:
        e += 1
    return text[b:start], text[end:e]


def _counter(after: str) -> bool:
    """Whether the text right after a number makes it a quantity (원, 개, 년, 시, ...)."""
    return after.startswith(_KO_COUNTERS) and not after.startswith(_NOT_COUNTERS)


def _atoms(text: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    for m in _ATOM.finditer(text):
        start, end = m.start(), m.end()
        if m.lastgroup == "ascii":
            after = text[end : end + 4]
            # 570923일오공육이칠팔: a long numeral run after digits continues the number.
            spoken_on = _NUMERALS_AHEAD.match(text, end)
            quantity = not spoken_on and _counter(after)
            quantity = quantity or bool(_EN_UNITS_AFTER.match(text, end))
            quantity = quantity or bool(_CURRENCY_BEFORE.search(text[max(0, start - 4) : start]))
            spans = [(i, i + 1) for i in range(start, end)]
            atoms.append(_Atom("ascii", start, end, m.group(), spans, quantity=quantity))
        elif m.lastgroup == "hangul":
            if start > 0 and text[start - 1].isdigit() and end - start < 3:
                continue  # "15일", "3사": a counter after a written number
            before, after = _word_bounds(text, start, end)
            if before and end - start <= 2 and not _REGION_END.search(before):
                continue  # 회사, 대구, 카카오: numerals inside a word
            quantity = (
                before[-1:] in tuple(_PLACE_VALUES)
                or after[:1] in tuple(_PLACE_VALUES)
                or _counter(after)
            )
            digits = "".join(HANGUL_DIGITS[ch] for ch in m.group())
            spans = [(i, i + 1) for i in range(start, end)]
            atoms.append(
                _Atom("hangul", start, end, digits, spans, before, after, quantity=quantity)
            )
        else:
            atoms.append(_Atom("english", start, end, m.group(), [(start, end)]))
    return atoms


def _link(text: str, a: _Atom, b: _Atom) -> bool:
    gap = text[a.end : b.start]
    if len(gap) > _MAX_GAP or not _SEPARATOR.fullmatch(gap):
        return False
    # A Hangul atom glued to a non-separator word on its left starts a new run.
    return not (b.kind == "hangul" and b.glued_before and not _SEPARATOR.fullmatch(b.glued_before))


def _build(text: str, atoms: list[_Atom]) -> Run | None:
    digits: list[str] = []
    spans: list[tuple[int, int]] = []
    groups: list[int] = []
    bounds: list[tuple[int, int]] = []
    kinds: set[str] = set()
    quantity = False
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        kinds.add(atom.kind)
        quantity = quantity or atom.quantity
        if atom.kind == "english":
            j = i
            words = []
            while j < len(atoms) and atoms[j].kind == "english":
                if j > i and not text[atoms[j - 1].end : atoms[j].start].isspace():
                    break  # a comma or dash ends an English group
                words.append((atoms[j].digits, atoms[j].start, atoms[j].end))
                j += 1
            group = _english_digits(words)
            first = len(digits)
            for d, s, e in group:
                digits.extend(d)
                spans.extend([(s, e)] * len(d))
            count = len(digits) - first
            if count:
                groups.append(count)
                bounds.append((first, count))
            i = j
            continue
        bounds.append((len(digits), len(atom.digits)))
        digits.extend(atom.digits)
        spans.extend(atom.spans)
        groups.append(len(atom.digits))
        i += 1
    if not digits:
        return None
    raw = text[spans[0][0] : spans[-1][1]]
    if re.search(r"[0-9],[0-9]{3}(?![0-9])|[0-9]\.[0-9]", raw):
        quantity = True  # 39,900 / 49.99
    last = atoms[-1]
    trims: list[int] = [0]
    if last.kind == "hangul" and last.glued_after:
        word = text[last.start : last.end]
        for copula in ("이구", "이"):  # 이구요 is how 이고요 is often said
            if word.endswith(copula) and len(word) > len(copula):
                # The copula keeps its 이 only after a final consonant (공일공이요, 오육칠팔이에요);
                # after a vowel it is 예요/요, so there a final 이 is more likely a digit (2).
                if word[-len(copula) - 1] in _FINAL_CONSONANT:
                    trims.insert(0, len(copula))
                else:
                    trims.append(len(copula))
            elif word == copula and len(atoms) > 1:
                # 육칠공삼 이요: a lone 이 said after the number is the copula, unless every
                # digit was said on its own (공 일 공 ... 삼 이요).
                if all(a.end - a.start == 1 for a in atoms):
                    trims.append(len(copula))
                else:
                    trims.insert(0, len(copula))
    first_atom = atoms[0]
    return Run(
        start=spans[0][0],
        end=spans[-1][1],
        digits="".join(digits),
        spans=tuple(spans),
        groups=tuple(groups),
        kinds=frozenset(kinds),
        quantity=quantity,
        trims=tuple(trims),
        glued_before=first_atom.glued_before if first_atom.kind == "hangul" else "",
        atom_bounds=tuple(bounds),
    )


def find_runs(text: str) -> list[Run]:
    """All maximal digit runs in `text`, in order."""
    atoms = _atoms(text)
    runs: list[Run] = []
    current: list[_Atom] = []
    for atom in atoms:
        if current and not _link(text, current[-1], atom):
            run = _build(text, current)
            if run:
                runs.append(run)
            current = []
        current.append(atom)
    if current:
        run = _build(text, current)
        if run:
            runs.append(run)
    return runs


def to_digits(text: str) -> str:
    """Every digit said in `text`, in any notation, as one ASCII string."""
    return "".join(run.digits for run in find_runs(text))
