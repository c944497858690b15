"""The AI agent's offline (extractive) method."""

from __future__ import annotations

from stt_worker.stages.agent import summarise_extractively

KO_CALL = (
    "안녕하세요 고객센터입니다. 네 지난주에 주문한 무선 이어폰이 아직 도착하지 않았어요. "
    "주문번호 확인해 보니 배송이 지연되고 있습니다. 정말 너무 늦어서 짜증나네요. "
    "죄송합니다 오늘 안으로 택배사에 확인 후 연락 드리겠습니다. 네 빨리 부탁드려요."
)
EN_CALL = (
    "Hi, thanks for calling. My new laptop won't turn on since yesterday. "
    "I already tried charging it overnight. I'm really frustrated, I need it for work. "
    "I'm sorry about that. I will arrange a replacement and send you a shipping label today. "
    "Okay, thank you, that works."
)


def test_korean_call() -> None:
    result = summarise_extractively(KO_CALL)
    assert result.method == "extractive"
    assert result.summary
    assert all(point in KO_CALL for point in result.key_points)
    assert 1 <= len(result.key_points) <= 3
    assert any("연락 드리겠습니다" in item for item in result.action_items)
    assert result.customer_sentiment == "negative"


def test_english_call_is_answered_in_english() -> None:
    result = summarise_extractively(EN_CALL)
    assert result.summary
    assert all(point in EN_CALL for point in result.key_points)
    assert any("replacement" in item for item in result.action_items)
    assert result.customer_sentiment in ("negative", "positive")


def test_happy_call() -> None:
    text = "Thank you so much, the refund arrived. Great service, I really appreciate it."
    assert summarise_extractively(text).customer_sentiment == "positive"


def test_segments_stand_in_for_sentences_without_punctuation() -> None:
    segments = ["어 안녕하세요", "요금이 두 번 결제됐어요", "확인해서 취소해 드리겠습니다"]
    result = summarise_extractively(" ".join(segments), segments)
    assert set(result.key_points) <= set(segments)
    assert result.action_items == ["확인해서 취소해 드리겠습니다"]


def test_empty_transcript() -> None:
    result = summarise_extractively("")
    assert result.summary == ""
    assert result.key_points == []
    assert result.customer_sentiment == "neutral"
