"""Offline, deterministic call classification by weighted keywords.

This is the classifier used when no LLM is configured. Each category of the taxonomy has weighted
cue terms per language; a transcript scores the sum of the weights of the cues found in it, and
the best-scoring category wins.

Matching:

- Korean (and any non-English keyword list): the transcript and the terms are compacted (NFKC,
  lowercase, everything but letters and digits removed, spaces included), and terms match as
  substrings. STT spacing errors (``환불 해 주세요``, ``환 불``) and particles (``환불은``) then
  do not matter, and a stem matches every ending. Latin letters at a term's edge must not touch
  other Latin letters, so ``as`` matches ``AS 센터`` but not ``as soon as``.
- English: lowercase words, contractions expanded (``won't`` → ``will not``), light suffix
  stemming (``refunds``, ``refunded``, ``refunding`` → ``refund``); phrases match word by word.
- Overlaps: longer terms are matched first and claim their text, so ``결제취소`` (cancellation)
  is not also counted as ``결제`` (billing) and ``취소``.
- Repetition: a cue found n times counts ``weight × (1 + 0.5 × min(n - 1, 2))``.
- Negation: a cue followed by a Korean contrast (``불만은 아니고``, ``환불 말고``, ``환불은 필요
  없고``) or preceded by an English negator with only filler words between (``not a complaint``,
  ``I don't want a refund``, ``not trying to cancel``) does not count. Fault descriptions that
  contain a negation (``hasn't arrived``, ``won't turn on``) are keywords of their own, matched
  before this rule applies.

Decisions:

- No cue at all: the taxonomy's ``fallback_code`` (``CLASS_OTHER`` by default) with a low
  confidence (20.0; 0.0 for an empty transcript). ``CLASS_GENERAL`` is a real intent (hours,
  locations, contacts) with cues of its own; a transcript without any cue is more often a
  silent, cut or off-topic call than a general question.
- Overlapping intents are settled by the weights (see the taxonomy file): an angry refund
  request is a refund (anger words weigh 0.5–1.0, refund cues 2–3), while explicit complaint
  cues (민원, 책임자, rude, manager) weigh as much as a refund cue.
- Equal scores: the category with the higher ``priority`` wins, then the one listed first. The
  default taxonomy ranks cancellation/refund > billing = account > complaint > order/delivery =
  after-sales > pre-sales > general > other: an actionable request beats a grievance, and a
  grievance beats the topic it is about (a rude delivery driver is a complaint).
- Confidence (0–100, one decimal) grows with the winning score and with its margin over the
  runner-up: ``100 × (1 − e^(−top/3)) × (0.6 + 0.4 × (top − second) / top)``, at most 99.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from stt_worker.stages.taxonomy import Category, Taxonomy, is_korean

NO_CUE_CONFIDENCE = 20.0
MAX_CONFIDENCE = 99.0
MAX_REASON_CUES = 4
_STRENGTH_SCALE = 3.0

# Korean: a contrast right after a cue cancels it ("불만은 아니고", "환불 말고", "필요 없고").
_KO_NEGATION = re.compile(
    r".{0,5}?(아니고|아니라|아니구|말고|필요없|안해도|안하셔도|생각없|원하지않|원치않)"
)
# English: a negator, then only these words, then the cue ("not a complaint", "no need to cancel").
_EN_NEGATORS = frozenset({"not", "no", "never", "without"})
_EN_FILLERS = frozenset(
    {
        "a", "an", "the", "any", "my", "this", "that", "it", "to", "for", "about", "even",
        "really", "want", "wanna", "need", "try", "trying", "ask", "asking", "look", "looking",
        "go", "going", "gonna", "anything", "be", "i", "is", "calling",
    }
)  # fmt: skip
_NEGATION_WINDOW = 3

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[a-z]")
_KEEP = re.compile(r"[0-9a-z\uac00-\ud7a3\u3131-\u318e]")
_EN_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CONTRACTIONS = {"won't": ("will", "not"), "can't": ("can", "not"), "cannot": ("can", "not")}


@dataclass(frozen=True)
class RuleResult:
    """A classification by the rule classifier.

    Attributes:
        code: The category code, e.g. ``CLASS_CANCEL_REFUND``.
        category: The category's name in the transcript's language, e.g. ``취소·환불``.
        confidence: 0–100, one decimal.
        reason: The matched cues and the category, in the transcript's language, e.g.
            ``환불, 취소 (취소·환불 관련 표현)``.
        method: Always ``"rules"``.
        scores: The score of every category code, for debugging.
    """

    code: str
    category: str
    confidence: float
    reason: str
    method: Literal["rules"] = "rules"
    scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class _Term:
    code: str
    weight: float
    order: int  # the category's position in the taxonomy
    english: bool
    pattern: str | tuple[str, ...]  # compact text, or a sequence of English stems ("*": any)
    word_start: bool = False


@dataclass
class _Hit:
    code: str
    weight: float
    surfaces: list[str]  # as the cue appears in the transcript, first occurrence first

    @property
    def score(self) -> float:
        return self.weight * (1 + 0.5 * min(len(self.surfaces) - 1, 2))


class RuleClassifier:
    """Classifies transcripts into the taxonomy's categories by weighted cue terms.

    Build it once per taxonomy (it compiles the keywords) and call `classify` per transcript;
    it holds no mutable state, so one instance can serve several threads.
    """

    def __init__(self, taxonomy: Taxonomy) -> None:
        """Compile the taxonomy's keywords.

        Args:
            taxonomy: The categories and their keywords.
        """
        self.taxonomy = taxonomy
        self._priority = {c.code: (c.priority, -i) for i, c in enumerate(taxonomy.categories)}
        terms: dict[tuple[bool, str | tuple[str, ...]], _Term] = {}
        for order, category in enumerate(taxonomy.categories):
            for term in _compile(category, order):
                key = (term.english, term.pattern)
                # The same term in two categories: keep the heavier (then the earlier) one.
                if key not in terms or term.weight > terms[key].weight:
                    terms[key] = term
        # Longest first, so that phrases claim their text before their parts.
        self._ko_terms = sorted(
            (t for t in terms.values() if not t.english),
            key=lambda t: (-len(t.pattern), t.order, t.pattern),
        )
        self._en_terms = sorted(
            (t for t in terms.values() if t.english),
            key=lambda t: (-len(t.pattern), t.order, t.pattern),
        )

    def classify(self, text: str, language: str | None = None) -> RuleResult:
        """Classify one transcript.

        Args:
            text: The transcript (any length; only its words matter).
            language: The transcript's language (``"ko"``, ``"en"``, ...). It picks the language
                of `category` and `reason`; ``None`` guesses it from the script of the text.

        Returns:
            The winning category with its confidence, reason and every category's score.
        """
        korean = _is_korean_text(text) if language is None else is_korean(language)
        hits: dict[tuple[str, str | tuple[str, ...]], _Hit] = {}
        self._match_compact(text, hits)
        self._match_english(text, hits)

        scores = dict.fromkeys(self.taxonomy.codes, 0.0)
        for hit in hits.values():
            scores[hit.code] += hit.score
        ranked = sorted(
            scores, key=lambda code: (scores[code], *self._priority[code]), reverse=True
        )
        top = ranked[0]
        top_score = scores[top]
        rounded = {code: round(score, 2) for code, score in scores.items()}

        if top_score <= 0:
            code = self.taxonomy.fallback_code
            confidence = NO_CUE_CONFIDENCE if text.strip() else 0.0
            reason = "분류 단서 없음 (기본 분류)" if korean else "no category cues found (default)"
            return RuleResult(
                code=code,
                category=self.taxonomy.name(code, "ko" if korean else "en"),
                confidence=confidence,
                reason=reason,
                scores=rounded,
            )

        second_score = scores[ranked[1]] if len(ranked) > 1 else 0.0
        strength = 1 - math.exp(-top_score / _STRENGTH_SCALE)
        margin = (top_score - second_score) / top_score
        confidence = min(MAX_CONFIDENCE, round(100 * strength * (0.6 + 0.4 * margin), 1))
        cues = sorted(
            (hit for hit in hits.values() if hit.code == top),
            key=lambda hit: -hit.score,
        )
        surfaces = _unique(hit.surfaces[0] for hit in cues)[:MAX_REASON_CUES]
        category = self.taxonomy.get(top)
        assert category is not None  # ranked only holds taxonomy codes
        if korean:
            reason = f"{', '.join(surfaces)} ({category.name_ko} 관련 표현)"
        else:
            reason = f"{', '.join(surfaces)} ({category.name_en.lower()} cues)"
        return RuleResult(
            code=top,
            category=category.name_ko if korean else category.name_en,
            confidence=confidence,
            reason=reason,
            scores=rounded,
        )

    def _match_compact(
        self, text: str, hits: dict[tuple[str, str | tuple[str, ...]], _Hit]
    ) -> None:
        compact, origin = _compact(text)
        if not compact:
            return
        claimed = bytearray(len(compact))
        for term in self._ko_terms:
            assert isinstance(term.pattern, str)
            start = compact.find(term.pattern)
            while start != -1:
                end = start + len(term.pattern)
                if _latin_edges_free(compact, start, end) and (
                    not term.word_start or _starts_word(text, origin[start])
                ):
                    # A cue claims its text, so that its parts do not count again. One that
                    # overlaps a longer cue, or is negated, claims its text but does not count.
                    overlaps = any(claimed[start:end])
                    claimed[start:end] = b"\x01" * (end - start)
                    if not overlaps and not _KO_NEGATION.match(compact, end):
                        surface = text[origin[start] : origin[end - 1] + 1].strip()
                        key = (term.code, term.pattern)
                        hit = hits.setdefault(key, _Hit(term.code, term.weight, []))
                        hit.surfaces.append(surface)
                start = compact.find(term.pattern, start + 1)

    def _match_english(
        self, text: str, hits: dict[tuple[str, str | tuple[str, ...]], _Hit]
    ) -> None:
        words = _english_words(text)
        if not words:
            return
        stems = tuple(stem for _, stem in words)
        where: dict[str, list[int]] = {}
        for index, stem in enumerate(stems):
            where.setdefault(stem, []).append(index)
        claimed = bytearray(len(stems))
        for term in self._en_terms:
            assert isinstance(term.pattern, tuple)
            size = len(term.pattern)
            for start in where.get(term.pattern[0], ()):
                end = start + size
                if end > len(stems) or not _same(stems[start:end], term.pattern):
                    continue
                overlaps = any(claimed[start:end])
                claimed[start:end] = b"\x01" * size
                if overlaps or _negated_english(words, start):
                    continue
                surface = " ".join(word for word, _ in words[start:end])
                hit = hits.setdefault((term.code, term.pattern), _Hit(term.code, term.weight, []))
                hit.surfaces.append(surface)


def _compile(category: Category, order: int) -> Iterable[_Term]:
    for language, keywords in category.keywords.items():
        english = language == "en"
        for keyword in keywords:
            pattern: str | tuple[str, ...]
            if english:
                pattern = tuple(
                    stem
                    for part in keyword.term.split()
                    for stem in (("*",) if part == "*" else (s for _, s in _english_words(part)))
                )
            else:
                pattern = _compact(keyword.term)[0]
            if pattern:
                yield _Term(
                    category.code, keyword.weight, order, english, pattern, keyword.word_start
                )


def _normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")


def _compact(text: str) -> tuple[str, list[int]]:
    """Letters and digits only, lowercased, with each kept character's index in `text`."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        # NFKC may expand one character (a ligature, a circled digit) into several.
        for part in _normalize(char):
            if _KEEP.match(part):
                chars.append(part)
                origin.append(index)
    return "".join(chars), origin


def _starts_word(text: str, index: int) -> bool:
    return index == 0 or not text[index - 1].isalnum()


def _same(stems: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    return all(p in ("*", s) for s, p in zip(stems, pattern, strict=True))


def _latin_edges_free(compact: str, start: int, end: int) -> bool:
    """A term starting or ending with a Latin letter must not touch another Latin letter."""
    if _LATIN.match(compact[start]) and start > 0 and _LATIN.match(compact[start - 1]):
        return False
    return not (
        _LATIN.match(compact[end - 1]) and end < len(compact) and _LATIN.match(compact[end])
    )


def _english_words(text: str) -> list[tuple[str, str]]:
    """(word, stem) pairs, contractions expanded: "didn't" gives ("did", "did"), ("not", "not")."""
    words: list[tuple[str, str]] = []
    for token in _EN_TOKEN.findall(_normalize(text)):
        if token in _CONTRACTIONS:
            parts: tuple[str, ...] = _CONTRACTIONS[token]
        elif token.endswith("n't"):
            parts = (token[:-3], "not")
        elif "'" in token:
            parts = (token.split("'")[0],)  # it's, I'm, we're, customer's
        else:
            parts = (token,)
        words.extend((part, _stem(part)) for part in parts if part)
    return words


def _stem(word: str) -> str:
    """A light, deterministic suffix stripper: refunds/refunded/refunding → refund.

    It only needs to map a word's forms to one key, the same for keywords and transcripts.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ation") and len(word) > 7:
        word = word[:-5]
    elif word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif (word.endswith("ed") and len(word) > 4) or (
        word.endswith("es") and len(word) > 4 and (word[-3] in "sxz" or word[-4:-2] in ("ch", "sh"))
    ):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1].isalpha():
        word = word[:-1]
    return word


def _negated_english(words: list[tuple[str, str]], start: int) -> bool:
    for back in range(1, _NEGATION_WINDOW + 2):
        index = start - back
        if index < 0:
            return False
        word, stem = words[index]
        if word in _EN_NEGATORS:
            return True
        if word not in _EN_FILLERS and stem not in _EN_FILLERS:
            return False
    return False


def _is_korean_text(text: str) -> bool:
    """Whether most letters are Hangul (a third suffices: English loanwords are common)."""
    normalized = _normalize(text)
    hangul = len(_HANGUL.findall(normalized))
    latin = len(_LATIN.findall(normalized))
    if hangul + latin == 0:
        return True  # nothing to go by: Korean, the platform's default
    return hangul >= (hangul + latin) / 3


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
