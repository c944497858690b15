"""The AI agent stage: a summary, key points, action items and the customer's sentiment.

With an LLM configured, one call with the prompt in `prompts/agent.md`; without one, an
extractive fallback (sentence scoring) so the stage still answers offline.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache
from importlib.resources import files
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.jobs import AgentResult
from stt_worker.stages.llm import LlmClient

_SENTENCE_END = re.compile(r"(?<=[.!?。？！])\s+|(?<=[다요죠까])\s+(?=[가-힣A-Za-z])")
_TOKEN = re.compile(r"[가-힣]+|[A-Za-z][A-Za-z']+|\d+")
_KO_PARTICLES = (
    "에서는", "으로는", "에게서", "이라고", "라고", "에서", "으로", "에게", "까지", "부터", "처럼",
    "은", "는", "이", "가", "을", "를", "에", "의", "도", "만", "로", "와", "과", "요",
)  # fmt: skip
_STOPWORD_TEXT = (
    "네 예 아 어 음 그 저 이 그리고 근데 그런데 그래서 혹시 좀 지금 제가 저희 고객님 "
    "감사합니다 안녕하세요 네네 있습니다 합니다 하는 하고 해서 그럼 뭐 이제 진짜 정말 "
    "the a an and or but so to of in on for with at by is are was were be been it this "
    "that i you we they he she my your our me us do does did have has had not no yes okay "
    "ok um uh hello hi thank thanks please"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_ACTION_CUES = re.compile(
    r"드리겠|해\s*드릴|해\s*주시|해\s*주세요|하겠습니다|예정|처리|접수|연락\s*드|보내\s*드|확인\s*후|"
    r"방문|교환|환불|\bwill\b|\bi'll\b|\bwe'll\b|going to|\bplease\b|need to|follow up|send you|"
    r"call you back|arrange|schedule|refund|replace",
    re.IGNORECASE,
)
_NEGATIVE = re.compile(
    r"화가|화나|짜증|불만|불편|실망|최악|어이없|답답|황당|항의|늦|안\s*와|고장|불량|문제|"
    r"angry|upset|frustrat|terrible|awful|disappoint|unacceptable|ridiculous|complain|broken|"
    r"never arriv|worst|not happy",
    re.IGNORECASE,
)
_POSITIVE = re.compile(
    r"감사|고맙|좋아|좋네|만족|해결됐|다행|친절|최고|thank|great|perfect|appreciate|wonderful|"
    r"excellent|happy|glad|resolved|awesome",
    re.IGNORECASE,
)


class _AgentAnswer(BaseModel):
    model_config = ConfigDict(extra="ignore")

    summary: str = Field(min_length=1, max_length=2000)
    key_points: list[str] = Field(default_factory=list, max_length=10)
    action_items: list[str] = Field(default_factory=list, max_length=10)
    customer_sentiment: Literal["positive", "neutral", "negative"]


@cache
def _prompt() -> str:
    return (files("stt_worker.stages") / "prompts" / "agent.md").read_text(encoding="utf-8")


def summarise_with_llm(client: LlmClient, text: str, language: str) -> AgentResult:
    """One LLM call; the answer is in the transcript's language."""
    system = _prompt().replace("{language}", language)
    answer = client.ask(system, f"Transcript ({language}):\n{text}", _AgentAnswer)
    return AgentResult(**answer.model_dump(), method="llm")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if len(s.strip()) > 1]


def _terms(sentence: str) -> list[str]:
    terms = []
    for token in _TOKEN.findall(sentence.lower()):
        if re.match(r"[가-힣]", token):
            for particle in _KO_PARTICLES:
                if token.endswith(particle) and len(token) > len(particle) + 1:
                    token = token[: -len(particle)]
                    break
        if token not in _STOPWORDS and len(token) > 1:
            terms.append(token)
    return terms


def summarise_extractively(text: str, sentences: list[str] | None = None) -> AgentResult:
    """Offline fallback: the most representative sentences by term frequency.

    Args:
        text: The transcript (masked when privacy removal ran).
        sentences: The transcript's sentences or segments; split from `text` when None or when
            splitting gives more.
    """
    split = _sentences(text)
    candidates = split if sentences is None or len(split) > len(sentences) else sentences
    candidates = [c.strip() for c in candidates if c.strip()]
    if not candidates:
        return AgentResult(
            summary="",
            key_points=[],
            action_items=[],
            customer_sentiment="neutral",
            method="extractive",
        )
    frequency = Counter(term for c in candidates for term in set(_terms(c)))

    def score(sentence: str) -> float:
        terms = _terms(sentence)
        return sum(frequency[t] for t in set(terms)) / math.sqrt(len(terms) + 1)

    ranked = sorted(range(len(candidates)), key=lambda i: (-score(candidates[i]), i))
    top = sorted(ranked[: min(3, len(candidates))])
    negative = sum(len(_NEGATIVE.findall(c)) for c in candidates)
    positive = sum(len(_POSITIVE.findall(c)) for c in candidates)
    # The end of a call says most about how the customer left it.
    tail = " ".join(candidates[-2:])
    negative += len(_NEGATIVE.findall(tail))
    positive += len(_POSITIVE.findall(tail))
    sentiment: Literal["positive", "neutral", "negative"] = "neutral"
    if negative > positive:
        sentiment = "negative"
    elif positive > negative:
        sentiment = "positive"
    return AgentResult(
        summary=" ".join(candidates[i] for i in top[:2]),
        key_points=[candidates[i] for i in top],
        action_items=[c for c in candidates if _ACTION_CUES.search(c)][:5],
        customer_sentiment=sentiment,
        method="extractive",
    )
