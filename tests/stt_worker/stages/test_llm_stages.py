"""Classification and the AI agent through an OpenAI-compatible endpoint: a fake LLM server
(a real HTTP server on loopback, scripted answers — no LLM can run here), driven by our httpx
client exactly as it would drive Ollama or vLLM."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from shared.errors import ErrorCode, ServiceError
from stt_worker.config import LlmSettings
from stt_worker.stages.agent import summarise_with_llm
from stt_worker.stages.classification import classify_with_llm
from stt_worker.stages.llm import LlmClient
from stt_worker.stages.taxonomy import Taxonomy
from tests.conftest import serving_http

TRANSCRIPT = (
    "어 안녕하세요 지난주에 주문한 이어폰이 고장나서 환불 받고 싶어요 [PHONE] 으로 연락 주세요"
)


@dataclass
class FakeLlm:
    """Answers `/v1/chat/completions` with scripted message contents (or a delay)."""

    answers: list[str | float] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def fake_llm() -> Iterator[FakeLlm]:
    fake = FakeLlm()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fake.requests.append({"path": self.path, "auth": self.headers["Authorization"], **body})
            answer = fake.answers.pop(0) if fake.answers else "{}"
            if isinstance(answer, float):
                time.sleep(answer)
                answer = "{}"
            payload = json.dumps(
                {"choices": [{"index": 0, "message": {"role": "assistant", "content": answer}}]}
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    with serving_http(Handler) as url:
        fake.url = f"{url}/v1"
        yield fake


@pytest.fixture
def client(fake_llm: FakeLlm) -> Iterator[LlmClient]:
    llm = LlmClient(LlmSettings(base_url=fake_llm.url, model="fake-7b", api_key="k", timeout=1.0))
    yield llm
    llm.close()


AGENT_JSON = json.dumps(
    {
        "summary": "고객이 고장 난 이어폰의 환불을 요청했습니다.",
        "key_points": ["지난주 주문한 이어폰", "고장"],
        "action_items": ["환불 절차 안내 후 연락"],
        "customer_sentiment": "negative",
    },
    ensure_ascii=False,
)


def test_agent_valid_json(client: LlmClient, fake_llm: FakeLlm) -> None:
    fake_llm.answers = [AGENT_JSON]
    result = summarise_with_llm(client, TRANSCRIPT, "ko")
    assert result.method == "llm"
    assert result.customer_sentiment == "negative"
    assert result.summary.startswith("고객이")
    request = fake_llm.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer k"
    assert request["model"] == "fake-7b"
    assert request["response_format"] == {"type": "json_object"}
    assert '"ko"' in request["messages"][0]["content"]  # answer in the transcript's language
    assert TRANSCRIPT in request["messages"][1]["content"]


def test_agent_invalid_then_valid(client: LlmClient, fake_llm: FakeLlm) -> None:
    fake_llm.answers = ["Sure! Here is the summary you asked for.", f"```json\n{AGENT_JSON}\n```"]
    result = summarise_with_llm(client, TRANSCRIPT, "ko")
    assert result.key_points == ["지난주 주문한 이어폰", "고장"]
    retry = fake_llm.requests[1]["messages"]
    assert retry[-1]["role"] == "user"
    assert "invalid" in retry[-1]["content"]


def test_agent_invalid_twice_is_a_stage_failure(client: LlmClient, fake_llm: FakeLlm) -> None:
    fake_llm.answers = ['{"summary": ""}', '{"customer_sentiment": "furious"}']
    with pytest.raises(ServiceError) as info:
        summarise_with_llm(client, TRANSCRIPT, "ko")
    assert info.value.code is ErrorCode.STAGE_FAILURE
    assert len(fake_llm.requests) == 2


def test_timeout_is_a_stage_failure(client: LlmClient, fake_llm: FakeLlm) -> None:
    fake_llm.answers = [3.0]
    with pytest.raises(ServiceError) as info:
        summarise_with_llm(client, TRANSCRIPT, "ko")
    assert info.value.code is ErrorCode.STAGE_FAILURE
    assert "in time" in info.value.message


def test_unreachable_llm_is_a_stage_failure() -> None:
    llm = LlmClient(LlmSettings(base_url="http://127.0.0.1:9/v1", timeout=1.0))
    try:
        with pytest.raises(ServiceError) as info:
            summarise_with_llm(llm, TRANSCRIPT, "ko")
    finally:
        llm.close()
    assert info.value.code is ErrorCode.STAGE_FAILURE


def test_classification_code_must_be_in_the_taxonomy(client: LlmClient, fake_llm: FakeLlm) -> None:
    fake_llm.answers = [
        json.dumps({"code": "CLASS_WHATEVER", "confidence": 90, "reason": "?"}),
        json.dumps({"code": "CLASS_CANCEL_REFUND", "confidence": 88.25, "reason": "환불 요청"}),
    ]
    taxonomy = Taxonomy.load()
    result = classify_with_llm(client, taxonomy, TRANSCRIPT, "ko")
    assert result.code == "CLASS_CANCEL_REFUND"
    assert result.category == taxonomy.name("CLASS_CANCEL_REFUND", "ko")
    assert result.confidence == 88.2
    assert result.method == "llm"
    assert "CLASS_WHATEVER" in fake_llm.requests[1]["messages"][-1]["content"]
    assert "CLASS_PRE_SALES" in fake_llm.requests[0]["messages"][0]["content"]  # the taxonomy


def test_classification_invalid_twice(client: LlmClient, fake_llm: FakeLlm) -> None:
    fake_llm.answers = [
        "not json",
        json.dumps({"code": "CLASS_NOPE", "confidence": 1, "reason": "x"}),
    ]
    with pytest.raises(ServiceError) as info:
        classify_with_llm(client, Taxonomy.load(), TRANSCRIPT, "ko")
    assert info.value.code is ErrorCode.STAGE_FAILURE
